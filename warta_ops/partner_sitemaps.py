"""Reading one partner's sitemap in a coverage run: its child sitemaps, then the article pages worth a look.

A sitemap lists a partner's whole archive, so a run reads only what can matter and never the same
page twice:
- child sitemaps of an index, newest first, at most MAX_SITEMAPS of them and MAX_DEPTH levels
  deep, skipping those of categories, tags, authors and static pages, and those last changed
  before the partner's contract started; a child listed twice (an index that loops) is read once;
- entries dated (news:publication_date, else lastmod) from the contract's start on, and only when
  one of our releases lies in the matching window before that date, since only then can the
  article carry one of them; entries on another site are left alone;
- at most `pages` article pages per run. What has been read is remembered per sitemap as a span
  (newest and oldest entry read, ordered by date then address): each run first reads what is newer
  than the span, oldest first, then goes back from its oldest end, so the span stays contiguous and
  the state stays two entries per sitemap. A page that could not be fetched is tried again in the
  next RETRIES runs.
Conditional requests (ETag, Last-Modified) are made for sitemaps only, and a sitemap's validators
are kept only once everything it lists has been read: an unchanged sitemap then has nothing left.
Article pages are fetched once each, so there is nothing to send validators for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable
from urllib.parse import urlsplit

from .fetching import PAGE_ACCEPT, SITEMAP_ACCEPT, FetchRules, Validators, fetch
from .partner_items import PartnerItem
from .partner_pages import NotAnArticle, article
from .sitemaps import NotASitemap, SitemapEntry, parse

MAX_SITEMAPS = 25  # child sitemaps read per partner and run: a large archive is split into many
MAX_DEPTH = 2  # an index may list indexes once (news and posts under one root), no deeper
RETRIES = 3
FAILURES_IN_A_ROW = 3  # a partner site that fails this many pages running is left for the next run
# Child sitemaps of what is not an article: Yoast, Rank Math, WordPress core and common Indonesian names.
NOT_ARTICLES = re.compile(r"categor|kategori|(^|[-_])tags?([-_.]|$)|post_tag|author|penulis|users?[-_.]|taxonom|"
                          r"(^|[-_])pages?[-_.]|halaman|attachment|product|event", re.I)


@dataclass
class Progress:
    """What has been read of one sitemap: the span from `oldest` to `newest` (date, address), and pages to retry."""
    newest: tuple[datetime, str] | None = None
    oldest: tuple[datetime, str] | None = None
    retry: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """Which entries of a partner's sitemap a run reads."""
    start: datetime  # the contract's start: older articles are not paid for
    carries: Callable[[datetime], bool]  # whether an article of this date may carry one of our releases
    pages: int  # article pages fetched per run
    known: frozenset[str]  # article addresses already in the coverage data
    hosts: frozenset[str]  # the partner's own sites
    zone: object


@dataclass
class SitemapRun:
    url: str
    status: str = "ok"  # "ok", "unchanged" or "failed"
    message: str = ""
    items: list[PartnerItem] = field(default_factory=list)
    validators: dict[str, Validators | None] = field(default_factory=dict)  # None: forget them
    progress: dict[str, Progress] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # Indonesian, one per child sitemap or page that failed
    failures: int = 0
    sitemaps: int = 0
    pages: int = 0
    pending: int = 0  # entries worth reading that wait for a later run
    unread: int = 0  # child sitemaps left for a later run once the page budget ran out


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _on_site(url: str, hosts: frozenset[str]) -> bool:
    name = host(url)
    return any(name == known or name.endswith("." + known) for known in hosts)


class _Reader:
    def __init__(self, url: str, validators: dict[str, Validators], progress: dict[str, Progress],
                 rules: FetchRules, window: Window):
        self.run = SitemapRun(url)
        self.validators = validators
        self.previous = progress
        self.rules = rules
        self.window = window
        self.budget = window.pages
        self.seen = {url}
        self.failures_in_a_row = 0
        self.skipped_children = 0

    def read(self) -> SitemapRun:
        self._visit(self.run.url, 0)
        if self.skipped_children:
            self.run.notes.append(f"{self.skipped_children} sitemap kategori, tag, penulis atau halaman statis "
                                  "dilewati (bukan artikel)")
        return self.run

    def _fail(self, url: str, message: str) -> None:
        if url == self.run.url:
            self.run.status, self.run.message = "failed", message
        else:
            self.run.failures += 1
            self.run.notes.append(f"sitemap {url}: GAGAL: {message}")

    def _visit(self, url: str, depth: int) -> bool:
        """Reads one sitemap; True when nothing it lists waits for a later run."""
        result = fetch(url, self.validators.get(url, Validators()), self.rules, SITEMAP_ACCEPT, "sitemap")
        if result.status == "failed":
            self._fail(url, result.message)
            return False
        if result.status == "unchanged":
            if url == self.run.url:
                self.run.status, self.run.message = "unchanged", result.message
            return True
        try:
            sitemap = parse(result.body, self.window.zone, self.rules.max_bytes)
        except NotASitemap as reason:
            self._fail(url, str(reason))
            return False
        self.run.sitemaps += 1
        if sitemap.index:
            done = self._children(url, sitemap.children, depth)
        else:
            done = self._entries(url, sitemap.entries)
        self.run.validators[url] = result.validators if done else None
        return done

    def _children(self, url: str, children, depth: int) -> bool:
        if depth >= MAX_DEPTH:
            self.run.notes.append(f"sitemap {url}: indeks di dalam indeks lebih dari {MAX_DEPTH} tingkat; "
                                  "sitemap di bawahnya tidak dibaca")
            return True
        wanted = []
        for child, lastmod in children:
            if NOT_ARTICLES.search(urlsplit(child).path.rsplit("/", 1)[-1]):
                self.skipped_children += 1
            elif lastmod is not None and lastmod < self.window.start:
                continue  # nothing in it changed since before the contract
            elif not _on_site(child, self.window.hosts):
                self.run.notes.append(f"sitemap {child} berada di luar situs mitra; dilewati")
            else:
                wanted.append((child, lastmod))
        # Newest first, so that the page budget and the sitemap limit go to recent articles.
        wanted.sort(key=lambda pair: pair[1].timestamp() if pair[1] else float("inf"), reverse=True)
        done = True
        for position, (child, _) in enumerate(wanted):
            if child in self.seen:
                self.run.notes.append(f"sitemap {child} disebut lagi (indeks berputar); dibaca sekali saja")
                continue
            if len(self.seen) - 1 >= MAX_SITEMAPS:
                self.run.notes.append(f"sitemap lain di {url} tidak dibaca: batas {MAX_SITEMAPS} sitemap per "
                                      "pemeriksaan")
                break
            if self.budget <= 0 or self.failures_in_a_row >= FAILURES_IN_A_ROW:
                self.run.unread += len(wanted) - position
                done = False
                break
            self.seen.add(child)
            done = self._visit(child, depth + 1) and done
        return done

    def _candidates(self, entries: list[SitemapEntry]) -> list[SitemapEntry]:
        newest: dict[str, SitemapEntry] = {}
        for entry in entries:
            when = entry.moment
            if when is None or when < self.window.start or not _on_site(entry.url, self.window.hosts):
                continue
            if not self.window.carries(when):
                continue
            if entry.url not in newest or when > newest[entry.url].moment:
                newest[entry.url] = entry
        return list(newest.values())

    def _entries(self, url: str, entries: list[SitemapEntry]) -> bool:
        progress = self.previous.get(url) or Progress()
        progress = Progress(progress.newest, progress.oldest, dict(progress.retry))
        candidates = self._candidates(entries)
        undated = sum(1 for entry in entries if entry.moment is None)
        if undated:
            self.run.notes.append(f"sitemap {url}: {undated} entri tanpa lastmod dilewati (tanggalnya tidak diketahui)")
        key = lambda entry: (entry.moment, entry.url)  # noqa: E731
        retry = [entry for entry in candidates if entry.url in progress.retry]
        progress.retry = {entry.url: progress.retry[entry.url] for entry in retry}
        rest = [entry for entry in candidates if entry.url not in progress.retry]
        if progress.newest is None:
            forward, backward = [], sorted(rest, key=key, reverse=True)
        else:
            forward = sorted((entry for entry in rest if key(entry) > progress.newest), key=key)
            backward = sorted((entry for entry in rest if key(entry) < progress.oldest), key=key, reverse=True)
        queue = [("retry", entry) for entry in retry] + [("forward", entry) for entry in forward] \
            + [("backward", entry) for entry in backward]
        handled = 0
        for direction, entry in queue:
            if entry.url not in self.window.known:
                if self.budget <= 0 or self.failures_in_a_row >= FAILURES_IN_A_ROW:
                    break
                self._page(entry, progress)
            elif direction == "retry":
                progress.retry.pop(entry.url, None)
            handled += 1
            if direction == "forward" or (direction == "backward" and progress.newest is None):
                progress.newest = key(entry)
            if direction == "backward" or (direction == "forward" and progress.oldest is None):
                progress.oldest = key(entry)
        if self.failures_in_a_row >= FAILURES_IN_A_ROW and handled < len(queue):
            self.run.notes.append(f"sitemap {url}: {FAILURES_IN_A_ROW} halaman berturut-turut gagal; sisanya dibaca "
                                  "pada pemeriksaan berikutnya")
        self.run.pending += len(queue) - handled
        self.run.progress[url] = progress
        return handled == len(queue) and not progress.retry

    def _page(self, entry: SitemapEntry, progress: Progress) -> None:
        self.budget -= 1
        self.run.pages += 1
        result = fetch(entry.url, Validators(), self.rules, PAGE_ACCEPT, "halaman")
        if result.status != "ok":
            self.failures_in_a_row += 1
            self.run.failures += 1
            tries = progress.retry.get(entry.url, 0) + 1
            if tries >= RETRIES:
                progress.retry.pop(entry.url, None)
                self.run.notes.append(f"halaman {entry.url}: GAGAL: {result.message}; dilewati setelah "
                                      f"{RETRIES} kali gagal")
            else:
                progress.retry[entry.url] = tries
                self.run.notes.append(f"halaman {entry.url}: GAGAL: {result.message}; dicoba lagi pada "
                                      "pemeriksaan berikutnya")
            return
        self.failures_in_a_row = 0
        progress.retry.pop(entry.url, None)
        try:
            self.run.items.append(article(result.body, entry.url, result.content_type, self.window.zone,
                                          entry.title, entry.published, entry.lastmod))
        except NotAnArticle as reason:
            self.run.failures += not reason.listing
            self.run.notes.append(f"halaman {entry.url}: {reason}; dilewati")


def read(url: str, validators: dict[str, Validators], progress: dict[str, Progress], rules: FetchRules,
         window: Window) -> SitemapRun:
    """One partner's sitemap and the article pages it leads to, within the window and the page budget."""
    return _Reader(url, validators, progress, rules, window).read()
