"""Counting releases per OPD, region and month over a window that ends at the build's "now"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warta_core.dates import month_year

SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@dataclass(frozen=True)
class Month:
    key: str  # "2026-11", as in the CSV header
    name: str  # "November 2026"
    short: str  # "Nov 2026", for chart labels and table headers


@dataclass
class OpdRow:
    slug: str
    name: str
    abbreviation: str
    url: str
    monthly: list[int]  # one count per month of the window, oldest first
    window_total: int
    total: int
    latest: datetime | None
    days_since: int | None
    silent: bool


@dataclass
class RegionRow:
    slug: str
    name: str
    type: str
    url: str
    window_total: int
    total: int


@dataclass
class Statistics:
    now: datetime
    months: list[Month]  # oldest first
    monthly_totals: list[int]
    opds: list[OpdRow]
    regions: list[RegionRow]
    silent_days: int

    @property
    def silent(self) -> list[OpdRow]:
        return [row for row in self.opds if row.silent]

    @property
    def per_month(self) -> list[tuple[Month, int]]:
        return list(zip(self.months, self.monthly_totals))

    @property
    def window_total(self) -> int:
        return sum(self.monthly_totals)


def month_window(now: datetime, count: int) -> list[Month]:
    """The `count` calendar months that end with the month of `now`, oldest first."""
    months = []
    year, month = now.year, now.month
    for _ in range(count):
        moment = datetime(year, month, 1, tzinfo=now.tzinfo)
        months.append(Month(f"{year:04d}-{month:02d}", month_year(moment), f"{SHORT_MONTHS[month - 1]} {year}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _monthly(releases, positions: dict[str, int]) -> list[int]:
    """Counts per window month; `releases` is newest first, so the count stops at the window's start."""
    counts = [0] * len(positions)
    oldest = min(positions) if positions else ""
    for release in releases:
        key = f"{release.date:%Y-%m}"  # the month of the release's URL and archive page
        if key < oldest:
            break
        if key in positions:
            counts[positions[key]] += 1
    return counts


def compute(opds, regions, now: datetime, months: int, silent_days: int) -> Statistics:
    """`opds` and `regions` are the groups of warta_groups, each with its releases newest first."""
    window = month_window(now, months)
    positions = {month.key: index for index, month in enumerate(window)}
    opd_rows = []
    for group in opds:
        monthly = _monthly(group.releases, positions)
        latest = group.latest
        days = (now.date() - latest.astimezone(now.tzinfo).date()).days if latest else None
        opd_rows.append(OpdRow(group.slug, group.name, group.entry.abbreviation or group.name, group.url, monthly,
                               sum(monthly), group.count, latest, days, days is None or days > silent_days))
    region_rows = [RegionRow(group.slug, group.name, group.entry.type, group.url,
                             sum(_monthly(group.releases, positions)), group.count) for group in regions]
    totals = [sum(row.monthly[index] for row in opd_rows) for index in range(len(window))]
    return Statistics(now, window, totals, opd_rows, region_rows, silent_days)
