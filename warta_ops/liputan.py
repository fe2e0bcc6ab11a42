"""`invoke liputan`: read every partner's feeds and record which partner articles carried our releases.

The run fetches the feeds of partners under contract (a bounded number at once), matches each
article to our releases (warta_ops.matching) and adds what it found to content/data/liputan/,
one file per month, which the site build then reads offline. Nothing is ever removed: a feed that
fails keeps its partner's earlier coverage, and a rerun with nothing new writes the same bytes.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import yaml

from warta_content import yamlsource
from warta_content.loading import load_content
from warta_core.clock import build_now, site_zone
from warta_core.problems import Problem
from warta_partners.coverage import FOLDER, STATE_FILE, CoverageEntry, dump_month, load_coverage, month_of
from warta_partners.registry import load_partners
from .fetching import FetchRules, Validators, fetch
from .matching import Matcher, ReleaseText
from .partner_items import NotAFeed, PartnerItem, parse

OPENING_CHARACTERS = 3000  # of a release body: enough for the opening paragraphs that partners keep
MARKDOWN_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[#>*_`\[\]|]+")


@dataclass
class FeedReport:
    partner: str
    url: str
    status: str  # "ok", "unchanged" or "failed"
    message: str = ""
    items: int = 0
    found: int = 0  # new coverage entries from this feed

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.partner}: {self.url}: GAGAL: {self.message}; data liputan sebelumnya tetap dipakai"
        if self.status == "unchanged":
            return f"{self.partner}: {self.url}: tidak berubah sejak pemeriksaan terakhir"
        text = f"{self.partner}: {self.url}: {self.items} artikel dibaca, {self.found} liputan baru"
        return text + (f" ({self.message})" if self.message else "")


@dataclass
class RunReport:
    feeds: list[FeedReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    new_entries: int = 0
    releases: int = 0
    articles: int = 0

    @property
    def failed(self) -> list[FeedReport]:
        return [feed for feed in self.feeds if feed.status == "failed"]

    def lines(self) -> list[str]:
        lines = [feed.line() for feed in self.feeds]
        lines.append(f"{len(self.feeds)} feed dari mitra media, {len(self.failed)} gagal; {self.articles} artikel "
                     f"dicocokkan dengan {self.releases} rilis; {self.new_entries} liputan baru; "
                     + (f"ditulis: {', '.join(self.written)}." if self.written else "tidak ada berkas yang berubah."))
        return lines


def user_agent(settings) -> str:
    """Names the site and where a partner can read why it is being fetched."""
    site = (settings.get("SITEURL") or "").rstrip("/")
    return f"Warta-liputan/1.0 (+{site}/{settings['PARTNERS_URL']}; {settings.get('SITENAME', 'Warta')})"


def fetch_rules(settings) -> FetchRules:
    return FetchRules(user_agent(settings), float(settings["WARTA_LIPUTAN_TIMEOUT"]),
                      int(settings["WARTA_LIPUTAN_MAX_BYTES"]), int(settings["WARTA_LIPUTAN_REDIRECTS"]),
                      bool(settings["WARTA_LIPUTAN_ALLOW_PRIVATE"]))


def release_opening(path: str) -> str:
    """The opening of a release body as plain text, read straight from its Markdown file."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        text = handle.read(OPENING_CHARACTERS + 2000)
    parts = text.split("\n---", 1)
    body = parts[1].split("\n", 1)[1] if len(parts) == 2 and "\n" in parts[1] else ""
    return " ".join(MARKDOWN_NOISE.sub(" ", body[:OPENING_CHARACTERS]).split())


def release_texts(releases, content_path: str, site_url: str, oldest: datetime | None) -> list[ReleaseText]:
    """Our releases that partner articles may carry; only those from `oldest` on have their bodies read."""
    root = os.path.dirname(os.path.abspath(content_path))
    texts = []
    for release in releases:
        if oldest is not None and release.date < oldest:
            continue
        texts.append(ReleaseText(release.identity, f"{site_url}/{release.url}", release.date, release.title,
                                 release_opening(os.path.join(root, release.source))))
    return texts


def load_state(path: str) -> dict[str, Validators]:
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        data, _, problems = yamlsource.load(handle.read(), path, 1, "feeds")
    if problems or not isinstance(data, dict):
        return {}  # the state only saves requests; a broken one means fetching everything again
    return {url: Validators(values.get("etag"), values.get("last_modified"))
            for url, values in data.items() if isinstance(values, dict)}


def dump_state(state: dict[str, Validators]) -> str:
    rows = {url: {key: value for key, value in (("etag", validators.etag),
                                                 ("last_modified", validators.last_modified)) if value}
            for url, validators in sorted(state.items()) if validators.etag or validators.last_modified}
    header = ("# ETag dan Last-Modified terakhir dari setiap feed mitra, ditulis oleh `invoke liputan`,\n"
              "# agar feed yang tidak berubah tidak diunduh ulang.\n")
    return header + (yaml.safe_dump(rows, allow_unicode=True, sort_keys=True, width=100000) if rows else "{}\n")


def _write_if_changed(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return True


def run(settings, now: datetime | None = None) -> RunReport:
    """One coverage run over every partner under contract; returns what happened, feed by feed."""
    report = RunReport()
    content_path = settings["PATH"]
    data_dir = settings["WARTA_DATA_DIR"]
    zone = site_zone(settings)
    now = (now or build_now(settings)).astimezone(zone).replace(microsecond=0)
    content, problems = load_content(settings, content_path, use_cache=False, render=False)
    partners, found = load_partners(content_path, data_dir, content.registries,
                                    settings["WARTA_MAX_REGISTRY_BYTES"])
    coverage, found_coverage = load_coverage(content_path, data_dir, partners)
    report.problems = problems + found + found_coverage
    if report.problems:
        return report  # never write coverage next to content that does not validate
    folder = os.path.join(content_path, data_dir, FOLDER)
    state_path = os.path.join(folder, STATE_FILE)
    state = load_state(state_path)
    jobs = [(partner.slug, url) for partner in partners.values() if partner.active_on(now.date())
            for url in partner.feeds]
    rules = fetch_rules(settings)
    with ThreadPoolExecutor(max_workers=max(1, int(settings["WARTA_LIPUTAN_WORKERS"]))) as pool:
        results = list(pool.map(lambda job: fetch(job[1], state.get(job[1], Validators()), rules), jobs))

    articles: list[tuple[FeedReport, PartnerItem]] = []
    for (slug, url), result in zip(jobs, results):
        feed = FeedReport(slug, url, result.status, result.message)
        report.feeds.append(feed)
        if result.status != "ok":
            continue
        try:
            items, warning = parse(result.body)
        except NotAFeed as reason:
            feed.status, feed.message = "failed", str(reason)
            continue
        feed.items, feed.message = len(items), warning
        state[url] = result.validators
        articles.extend((feed, item) for item in items)
    report.articles = len(articles)

    published = [item.published or now for _, item in articles]
    window = float(settings["WARTA_LIPUTAN_WINDOW_DAYS"])
    oldest = min(published) - timedelta(days=window + 1) if published else None
    published_releases = [release for release in content.releases
                          if release.status == "published" and release.date <= now]
    texts = release_texts(published_releases, content_path, settings["SITEURL"].rstrip("/"), oldest) \
        if articles else []
    report.releases = len(texts)
    matcher = Matcher(texts, window, float(settings["WARTA_LIPUTAN_THRESHOLD"]))
    known = {(entry.partner, entry.url) for entry in coverage.entries}
    entries = list(coverage.entries)
    for feed, item in articles:
        if (feed.partner, item.url) in known:
            continue
        moment = (item.published or now).astimezone(zone).replace(microsecond=0)
        match = matcher.match(item.url, item.guid, item.links, item.title, item.text, moment)
        if match is None:
            continue
        known.add((feed.partner, item.url))
        entries.append(CoverageEntry(partner=feed.partner, release=match.identity, url=item.url,
                                     title=item.title, published=moment, first_seen=now, method=match.method,
                                     score=match.score))
        feed.found += 1
        report.new_entries += 1

    months: dict[str, list[CoverageEntry]] = {}
    for entry in entries:
        months.setdefault(month_of(entry, zone), []).append(entry)
    label = os.path.join(os.path.basename(os.path.normpath(content_path)), data_dir, FOLDER)
    for month, month_entries in sorted(months.items()):
        if _write_if_changed(os.path.join(folder, f"{month}.yml"), dump_month(month_entries, month)):
            report.written.append(os.path.join(label, f"{month}.yml"))
    if (state or os.path.exists(state_path)) and _write_if_changed(state_path, dump_state(state)):
        report.written.append(os.path.join(label, STATE_FILE))
    return report
