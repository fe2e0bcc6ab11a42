"""Groups of releases: one per OPD, region, topic and month, built in one pass over the releases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(eq=False)
class Group:
    kind: str  # "opd", "region", "topic" or "month"
    slug: str
    name: str
    url: str
    save_as: str
    entry: object = None  # the registry entry (OpdEntry or RegionEntry), if any
    releases: list = field(default_factory=list)  # its own releases, newest first
    province_releases: list = field(default_factory=list)  # regions only: province-wide news, kept apart
    archives: list[Group] = field(default_factory=list)  # its releases split by month, newest first

    @property
    def count(self) -> int:
        return len(self.releases)

    @property
    def latest(self) -> datetime | None:
        return self.releases[0].date if self.releases else None


@dataclass
class Groupings:
    opds: list[Group]
    regions: list[Group]
    topics: list[Group]
    months: list[Group]  # newest first

    def by_slug(self, kind: str) -> dict[str, Group]:
        return {group.slug: group for group in getattr(self, kind)}
