"""`invoke liputan`: read every partner's feeds and sitemap and record which partner articles carried our releases.

The run fetches the feeds and sitemaps of partners under contract (a bounded number at once; a
sitemap leads to article pages, warta_ops.partner_sitemaps), matches each article to our releases
(warta_ops.matching) and adds what it found to content/data/liputan/, one file per month, which
the site build then reads offline. Nothing is ever removed: a feed or sitemap that fails keeps its
partner's earlier coverage, and a rerun with nothing new writes the same bytes.
"""

from __future__ import annotations

import bisect
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import yaml

from warta_content import yamlsource
from warta_content.loading import load_content
from warta_core.clock import build_now, site_zone
from warta_core.problems import Problem
from warta_partners.coverage import (FOLDER, SITEMAP_STATE_FILE, STATE_FILE, CoverageEntry, dump_month,
                                     load_coverage, month_of)
from warta_partners.registry import load_partners
from .fetching import FetchRules, Validators, fetch
from .matching import Matcher, ReleaseText
from .partner_items import NotAFeed, PartnerItem, parse
from .partner_sitemaps import Progress, SitemapRun, Window, host, read as read_sitemap

OPENING_CHARACTERS = 3000  # of a release body: enough for the opening paragraphs that partners keep
MARKDOWN_NOISE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[#>*_`\[\]|]+")


@dataclass
class FeedReport:
    """What became of one feed or sitemap of one partner."""
    partner: str
    url: str
    status: str  # "ok", "unchanged" or "failed"
    message: str = ""
    items: int = 0
    found: int = 0  # new coverage entries from this feed
    kind: str = "feed"  # or "sitemap"
    notes: list[str] = field(default_factory=list)  # a sitemap's child sitemaps and pages that failed, ...
    failures: int = 0  # child sitemaps and article pages that could not be read
    sitemaps: int = 0
    pending: int = 0  # sitemap entries left for a later run
    unread: int = 0  # child sitemaps left for a later run

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.partner}: {self.url}: GAGAL: {self.message}; data liputan sebelumnya tetap dipakai"
        if self.status == "unchanged":
            return f"{self.partner}: {self.url}: tidak berubah sejak pemeriksaan terakhir"
        if self.kind == "sitemap":
            text = (f"{self.partner}: {self.url}: sitemap: {self.sitemaps} sitemap dan {self.items} halaman artikel "
                    f"dibaca, {self.found} liputan baru")
            waiting = " dan ".join(part for part in (f"{self.pending} artikel" if self.pending else "",
                                                     f"{self.unread} sitemap" if self.unread else "") if part)
            return text + (f"; {waiting} menunggu pemeriksaan berikutnya" if waiting else "")
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
        lines = []
        for feed in self.feeds:
            lines.append(feed.line())
            lines.extend(f"{feed.partner}: {note}" for note in feed.notes)
        feeds = sum(1 for feed in self.feeds if feed.kind == "feed")
        sources = f"{feeds} feed" + (f" dan {len(self.feeds) - feeds} sitemap" if feeds < len(self.feeds) else "")
        pages = sum(feed.failures for feed in self.feeds)
        lines.append(f"{sources} dari mitra media, {len(self.failed)} gagal"
                     + (f" ({pages} sitemap anak atau halaman artikel tidak terbaca)" if pages else "")
                     + f"; {self.articles} artikel dicocokkan dengan {self.releases} rilis; {self.new_entries} liputan "
                     "baru; " + (f"ditulis: {', '.join(self.written)}." if self.written
                                 else "tidak ada berkas yang berubah."))
        return lines


def user_agent(settings) -> str:
    """Names the site and where a partner can read why it is being fetched."""
    site = (settings.get("SITEURL") or "").rstrip("/")
    return f"Warta-liputan/1.0 (+{site}/{settings['PARTNERS_URL']}; {settings.get('SITENAME', 'Warta')})"


def release_window(releases, window_days: float):
    """Whether an article of a given date may carry one of these releases: one was published in the window before it.

    The same window as matching (warta_ops.matching): from `window_days` before the article to a day after.
    """
    moments = sorted(release.date.timestamp() for release in releases)

    def carries(moment: datetime) -> bool:
        at = moment.timestamp()
        position = bisect.bisect_left(moments, at - window_days * 86400)
        return position < len(moments) and moments[position] <= at + 86400
    return carries


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


def _saved_mapping(path: str, label: str) -> dict:
    """A mapping `invoke liputan` saved earlier; empty when missing or broken (it only ever saves work)."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        data, _, problems = yamlsource.load(handle.read(), path, 1, label)
    return data if not problems and isinstance(data, dict) else {}


def load_state(path: str) -> dict[str, Validators]:
    # The state only saves requests; a broken one means fetching everything again.
    data = _saved_mapping(path, "feeds")
    return {url: Validators(values.get("etag"), values.get("last_modified"))
            for url, values in data.items() if isinstance(values, dict)}


def dump_state(state: dict[str, Validators]) -> str:
    rows = {url: {key: value for key, value in (("etag", validators.etag),
                                                 ("last_modified", validators.last_modified)) if value}
            for url, validators in sorted(state.items()) if validators.etag or validators.last_modified}
    header = ("# ETag dan Last-Modified terakhir dari setiap feed dan sitemap mitra, ditulis oleh `invoke liputan`,\n"
              "# agar feed dan sitemap yang tidak berubah tidak diunduh ulang.\n")
    return header + (yaml.safe_dump(rows, allow_unicode=True, sort_keys=True, width=100000) if rows else "{}\n")


def load_progress(path: str) -> dict[str, Progress]:
    """How far each sitemap has been read; a missing or broken file means starting again from its newest entries."""
    data = _saved_mapping(path, "sitemap")

    def end(value):
        try:
            return datetime.fromisoformat(str(value["at"])), str(value["url"])
        except (KeyError, TypeError, ValueError):
            return None
    progress = {}
    for url, values in data.items():
        if not isinstance(values, dict):
            continue
        newest, oldest = end(values.get("newest")), end(values.get("oldest"))
        retry = values.get("retry") if isinstance(values.get("retry"), dict) else {}
        progress[str(url)] = Progress(newest if newest and oldest else None, oldest if newest and oldest else None,
                                      {str(page): int(tries) for page, tries in retry.items()
                                       if isinstance(tries, int)})
    return progress


def dump_progress(progress: dict[str, Progress], zone) -> str:
    rows = {}
    for url, state in sorted(progress.items()):
        row = {}
        for name, end in (("newest", state.newest), ("oldest", state.oldest)):
            if end:
                row[name] = {"at": end[0].astimezone(zone).isoformat(), "url": end[1]}
        if state.retry:
            row["retry"] = dict(sorted(state.retry.items()))
        if row:
            rows[url] = row
    header = ("# Sejauh mana sitemap setiap mitra sudah dibaca, ditulis oleh `invoke liputan`: entri dari oldest\n"
              "# sampai newest sudah diperiksa; retry: halaman yang gagal diambil dan dicoba lagi.\n")
    return header + (yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100000) if rows else "{}\n")


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
    """One coverage run over every partner under contract; returns what happened per feed and sitemap."""
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
    progress_path = os.path.join(folder, SITEMAP_STATE_FILE)
    progress = load_progress(progress_path)
    window = float(settings["WARTA_LIPUTAN_WINDOW_DAYS"])
    published_releases = [release for release in content.releases
                          if release.status == "published" and release.date <= now]
    carries = release_window(published_releases, window)
    covered: dict[str, set[str]] = {}
    for entry in coverage.entries:
        covered.setdefault(entry.partner, set()).add(entry.url)
    jobs = [(partner, kind, url) for partner in partners.values() if partner.active_on(now.date())
            for kind, url in partner.sources]
    rules = fetch_rules(settings)

    def work(job):
        partner, kind, url = job
        if kind == "feed":
            return fetch(url, state.get(url, Validators()), rules)
        return read_sitemap(url, state, progress, rules, Window(
            datetime.combine(partner.contract.start, time(), zone), carries,
            int(settings["WARTA_LIPUTAN_SITEMAP_PAGES"]), frozenset(covered.get(partner.slug, ())),
            frozenset({host(partner.url), host(url)}), zone))

    with ThreadPoolExecutor(max_workers=max(1, int(settings["WARTA_LIPUTAN_WORKERS"]))) as pool:
        results = list(pool.map(work, jobs))

    articles: list[tuple[FeedReport, PartnerItem]] = []
    for (partner, kind, url), result in zip(jobs, results):
        feed = FeedReport(partner.slug, url, result.status, result.message, kind=kind)
        report.feeds.append(feed)
        if isinstance(result, SitemapRun):
            feed.items, feed.notes, feed.failures = result.pages, result.notes, result.failures
            feed.sitemaps, feed.pending, feed.unread = result.sitemaps, result.pending, result.unread
            for address, validators in result.validators.items():
                if validators is None:
                    state.pop(address, None)
                else:
                    state[address] = validators
            progress.update(result.progress)
            articles.extend((feed, item) for item in result.items)
            continue
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
    oldest = min(published) - timedelta(days=window + 1) if published else None
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
    if (progress or os.path.exists(progress_path)) and _write_if_changed(progress_path, dump_progress(progress, zone)):
        report.written.append(os.path.join(label, SITEMAP_STATE_FILE))
    return report
