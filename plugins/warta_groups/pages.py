"""The grouping pages: OPD, region and topic indexes, group pages and month archives.

Each page has a render key made of exactly what it shows, so an incremental build renders only
the pages whose releases, counts or month links changed. Long lists are split by month at URLs
that never shift (GROUP_ARCHIVE_URL, `<group>/<YYYY>/<MM>/`) instead of by page number.
"""

from __future__ import annotations

from warta_core.output import digest
from warta_core.templates import PageRenderer
from .model import Group, Groupings

INDEX_TEMPLATES = {"opd": "opd_index.html", "region": "region_index.html", "topic": "topic_index.html"}
GROUP_TEMPLATES = {"opd": "opd.html", "region": "region.html", "topic": "topic.html"}
INDEX_SAVE_AS = {"opd": "OPDS_SAVE_AS", "region": "REGIONS_SAVE_AS", "topic": "TOPICS_SAVE_AS"}


def shown(releases) -> tuple:
    """What a release card shows, and the file it came from: a change to any of it re-renders the page."""
    return tuple((release.url, release.title, release.date, release.summary, release.fingerprint,
                  release.preview_label) for release in releases)


def summary(groups) -> tuple:
    """What a list of groups or months shows: name, link, count and latest date."""
    return tuple((group.url, group.name, group.count, group.latest) for group in groups)


class GroupPages:
    def __init__(self, renderer: PageRenderer, fingerprint: str, latest: int, settings):
        self.settings = settings
        self.renderer = renderer
        self.fingerprint = fingerprint
        self.latest = latest
        self.jobs: list = []

    def write(self, groupings: Groupings) -> None:
        province = groupings.regions[0] if groupings.regions else None  # the site-wide region sorts first
        for kind, groups in (("opd", groupings.opds), ("region", groupings.regions), ("topic", groupings.topics)):
            self._index(kind, groups)
            for group in groups:
                self._group(group, province)
                self._archives(group.archives, group)
        self._archives(groupings.months, None)
        self.renderer.pages(self.jobs, label="Halaman OPD, wilayah, topik dan arsip")

    def _page(self, template: str, save_as: str, shows: tuple, **values) -> None:
        self.jobs.append((template, save_as, digest(self.fingerprint, template, save_as, shows), values))

    def _index(self, kind: str, groups: list[Group]) -> None:
        self._page(INDEX_TEMPLATES[kind], self.settings[INDEX_SAVE_AS[kind]], summary(groups), groups=groups)

    def _group(self, group: Group, province: Group | None) -> None:
        latest = group.releases[: self.latest]
        province_latest = group.province_releases[: self.latest]
        values = {
            "group": group,
            "latest": latest,
            "more": group.count > len(latest),
            "province": province if province is not group else None,
            "province_latest": province_latest,
        }
        self._page(GROUP_TEMPLATES[group.kind], group.save_as,
                   (group.name, group.count, shown(latest), shown(province_latest), summary(group.archives)),
                   **values)

    def _archives(self, months: list[Group], owner: Group | None) -> None:
        """Month pages, newest first, each linking to its neighbours in the same list."""
        for index, month in enumerate(months):
            newer = months[index - 1] if index > 0 else None
            older = months[index + 1] if index + 1 < len(months) else None
            neighbours = summary(item for item in (newer, older) if item)
            self._page("archive.html", month.save_as,
                       (owner.name if owner else None, owner.url if owner else None, shown(month.releases),
                        newer is None, older is None, neighbours),
                       month=month, owner=owner, newer=newer, older=older)
