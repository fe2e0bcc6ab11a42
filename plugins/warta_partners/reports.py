"""What the site shows of the coverage: per partner and month, per OPD, per release, and the CSV proofs."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime

from warta_core.dates import month_year

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ["mitra", "judul_rilis", "alamat_rilis", "judul_artikel_mitra", "alamat_artikel_mitra",
              "waktu_tayang_mitra", "pertama_terlihat", "metode", "skor"]


@dataclass(frozen=True)
class Carried:
    """One partner article that carried one of our releases."""
    partner: object  # PartnerView
    release: object  # Release
    title: str
    url: str
    published: datetime
    first_seen: datetime
    method: str
    score: float


@dataclass
class PartnerMonth:
    key: str  # "2026-11"
    name: str  # "November 2026"
    items: int  # partner articles published this month that carried a release
    carried: int  # our releases of this month (in the partner's scope) that it carried
    in_scope: int  # our releases of this month in the partner's scope
    delay: str  # median time from our release to the partner article first being seen
    csv: str | None  # the month's proof of publication, if it has any article

    @property
    def share(self) -> str:
        return percent(self.carried, self.in_scope)


@dataclass(eq=False)
class PartnerView:
    slug: str
    name: str
    url: str
    save_as: str
    entry: object  # PartnerEntry
    active: bool  # under contract on the build's day
    articles: list[Carried] = field(default_factory=list)  # newest first
    months: list[PartnerMonth] = field(default_factory=list)  # the statistics window, newest first
    proofs: list[tuple[str, str, str]] = field(default_factory=list)  # (month key, name, CSV path), newest first


@dataclass
class OpdReach:
    slug: str
    name: str
    url: str
    releases: int  # in the statistics window
    carried: int  # of those, carried by at least one partner
    carriers: int  # partner articles about those releases

    @property
    def share(self) -> str:
        return percent(self.carried, self.releases)

    @property
    def per_release(self) -> str:
        return f"{self.carriers / self.releases:.1f}".replace(".", ",") if self.releases else "—"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def duration(hours: float | None) -> str:
    """A delay in words: '5 jam', '1,5 hari'."""
    if hours is None:
        return "—"
    if hours < 48:
        return f"{max(round(hours), 0)} jam"
    return f"{hours / 24:.1f}".replace(".", ",") + " hari"


def month_keys(now: datetime, count: int) -> list[str]:
    """The `count` months ending with the month of `now`, newest first."""
    year, month = now.year, now.month
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys


def article_months(partner: PartnerView, zone) -> list[str]:
    """Every month with an article of this partner, newest first: one proof of publication each."""
    return sorted({f"{article.published.astimezone(zone):%Y-%m}" for article in partner.articles}, reverse=True)


def month_name(key: str, zone) -> str:
    return month_year(datetime(int(key[:4]), int(key[5:]), 1, tzinfo=zone))


def monthly(partner: PartnerView, releases, keys: list[str], zone, proofs: dict[str, str]) -> list[PartnerMonth]:
    """One row per month of `keys`; `releases` are every visible release."""
    in_scope: dict[str, set] = {key: set() for key in keys}
    for release in releases:
        key = f"{release.date.astimezone(zone):%Y-%m}"
        if key in in_scope and partner.entry.covers(release.opd, release.regions):
            in_scope[key].add(release.identity)
    carried: dict[str, set] = {key: set() for key in keys}
    items: dict[str, list[Carried]] = {key: [] for key in keys}
    for article in partner.articles:
        release_key = f"{article.release.date.astimezone(zone):%Y-%m}"
        if release_key in carried and article.release.identity in in_scope[release_key]:
            carried[release_key].add(article.release.identity)
        key = f"{article.published.astimezone(zone):%Y-%m}"
        if key in items:
            items[key].append(article)
    rows = []
    contract = partner.entry.contract
    for key in keys:
        if not f"{contract.start:%Y-%m}" <= key <= f"{contract.end:%Y-%m}":
            continue  # a month outside the contract has nothing to pay for
        delays = [(article.first_seen - article.release.date).total_seconds() / 3600 for article in items[key]]
        rows.append(PartnerMonth(key, month_name(key, zone), len(items[key]), len(carried[key]), len(in_scope[key]),
                                 duration(statistics.median(delays) if delays else None), proofs.get(key)))
    return rows


def opd_reach(opds, carried_by_release: dict[str, list[Carried]], oldest: str, zone) -> list[OpdReach]:
    """Per OPD group (warta_groups), over releases from month `oldest` on: how widely they travel."""
    rows = []
    for group in opds:
        window = [release for release in group.releases if f"{release.date.astimezone(zone):%Y-%m}" >= oldest]
        carried = [carried_by_release.get(release.identity, ()) for release in window]
        rows.append(OpdReach(group.slug, group.name, group.url, len(window), sum(1 for item in carried if item),
                             sum(len(item) for item in carried)))
    return rows


def _cell(value):
    """Partner titles go into spreadsheets as text, never as formulas."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def proof_csv(partner: PartnerView, month: str, zone, site_url: str) -> bytes:
    """Bukti tayang for one partner and month, UTF-8 with a BOM so that Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    rows = [article for article in partner.articles if f"{article.published.astimezone(zone):%Y-%m}" == month]
    for article in sorted(rows, key=lambda item: (item.published, item.url)):
        writer.writerow([_cell(value) for value in (
            partner.name, article.release.title, f"{site_url}/{article.release.url}", article.title, article.url,
            article.published.astimezone(zone).isoformat(), article.first_seen.astimezone(zone).isoformat(),
            article.method, f"{article.score:.2f}")])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
