"""Matching partner articles to our releases: a link back or our GUID first, else text similarity.

Partners rewrite headlines and trim the text, so the text match compares word pairs (bigrams) of
the article's opening with the opening of our releases published shortly before it, plus the
headline words they share. Candidates come from an inverted index of rare words restricted to a
date window around each release's own date, so the cost per article does not grow with the
number of releases, and building the index is linear in them.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from unidecode import unidecode

WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which release an article is: function words, and the words every
# government release and every partner article has.
STOPWORDS = frozenset("""
yang dan di ke dari untuk dengan pada dalam ini itu atau juga akan telah sudah oleh sebagai bagi para
tersebut adalah serta karena agar saat kata ujar jelas tidak bisa dapat ada lebih hingga namun setelah
bahwa mereka kami kita ia dia nya pun lagi masih baru antara yakni yaitu tiap setiap sejumlah seluruh
hari senin selasa rabu kamis jumat sabtu minggu wib wita tahun bulan pukul kepada secara terus
sulbar sulawesi barat provinsi pemprov pemerintah kabupaten kota berita rilis humas baca selengkapnya
""".split())
OPENING_WORDS = 120  # the part of a text compared: partners keep the opening and trim the rest
CANDIDATES = 5
MAX_POSTING_SHARE = 0.05  # words in more than this share of the window's releases pick no candidates


def words(text: str) -> list[str]:
    return [word for word in WORD.findall(unidecode(text).lower()) if word not in STOPWORDS and len(word) > 1]


def bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def normal_url(url: str) -> str:
    """An address compared without scheme, `www.`, query, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


@dataclass(slots=True)
class ReleaseText:
    identity: str
    url: str  # absolute
    date: datetime
    title: str
    opening: str  # the first paragraphs as plain text


@dataclass(slots=True, frozen=True)
class Match:
    identity: str
    method: str  # "link", "guid" or "text"
    score: float


@dataclass(slots=True)
class _Indexed:
    identity: str
    timestamp: float
    title: frozenset
    pairs: frozenset


class Matcher:
    def __init__(self, releases: list[ReleaseText], window_days: float, threshold: float):
        self.window = timedelta(days=window_days)
        self.threshold = threshold
        self.by_url = {normal_url(release.url): release.identity for release in releases}
        self.identities = {release.identity for release in releases}
        ordered = sorted(releases, key=lambda release: (release.date, release.identity))
        self.timestamps = [release.date.timestamp() for release in ordered]
        self.indexed: list[_Indexed] = []
        self.postings: dict[str, list[int]] = {}
        for position, release in enumerate(ordered):
            title = words(release.title)
            opening = words(release.opening)[:OPENING_WORDS]
            self.indexed.append(_Indexed(release.identity, self.timestamps[position], frozenset(title),
                                         frozenset(bigrams(title) | bigrams(opening))))
            for word in set(title) | set(opening):
                self.postings.setdefault(word, []).append(position)  # positions ascend: date order

    def match(self, url: str, guid: str, links, title: str, text: str, published: datetime) -> Match | None:
        for link in (url, *sorted(links)):
            identity = self.by_url.get(normal_url(link))
            if identity:
                return Match(identity, "link", 1.0)
        if guid in self.identities:
            return Match(guid, "guid", 1.0)
        for identity in self._identities_in(text):
            return Match(identity, "guid", 1.0)
        return self._text_match(title, text, published)

    def _identities_in(self, text: str):
        return sorted(identity for identity in re.findall(r"tag:[^\s\"'<>]+", text) if identity in self.identities)

    def _window(self, published: datetime) -> tuple[int, int]:
        """Positions of the releases this article may carry: published from `window` before it to a day after."""
        moment = published.timestamp()
        low = bisect.bisect_left(self.timestamps, moment - self.window.total_seconds())
        high = bisect.bisect_right(self.timestamps, moment + 86400)
        return low, high

    def _text_match(self, title: str, text: str, published: datetime) -> Match | None:
        title_words = words(title)
        opening = words(text)[:OPENING_WORDS]
        if not title_words and not opening:
            return None
        low, high = self._window(published)
        if low >= high:
            return None
        cap = max(5, int((high - low) * MAX_POSTING_SHARE) + 1)
        weights: dict[int, float] = {}
        for word in set(title_words) | set(opening):
            postings = self.postings.get(word)
            if not postings:
                continue
            start, stop = bisect.bisect_left(postings, low), bisect.bisect_left(postings, high)
            if stop - start > cap:
                continue
            weight = math.log(1 + (high - low) / (stop - start)) if stop > start else 0.0
            for position in postings[start:stop]:
                weights[position] = weights.get(position, 0.0) + weight
        if not weights:
            return None
        best = sorted(weights, key=lambda position: (-weights[position], position))[:CANDIDATES]
        title_set = frozenset(title_words)
        pairs = bigrams(title_words) | bigrams(opening)
        scored = [(similarity(title_set, pairs, self.indexed[position]), position) for position in best]
        score, position = max(scored, key=lambda item: (item[0], -item[1]))
        if score < self.threshold:
            return None
        return Match(self.indexed[position].identity, "text", round(score, 2))


def similarity(title: frozenset, pairs: set, release: _Indexed) -> float:
    """0–1: how much of the article's opening word pairs come from the release, and shared headline words."""
    carried = len(pairs & release.pairs) / len(pairs) if pairs else 0.0
    headline = len(title & release.title) / min(len(title), len(release.title)) if title and release.title else 0.0
    return 0.75 * carried + 0.25 * headline
