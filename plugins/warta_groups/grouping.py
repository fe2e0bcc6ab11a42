"""Building the groups and the related-release links, linear in the number of releases."""

from __future__ import annotations

import heapq

from warta_core.dates import month_year
from warta_core.urls import Urls
from .model import Group, Groupings


def _group(urls: Urls, kind: str, slug: str, name: str, entry=None) -> Group:
    return Group(kind, slug, name, *urls.group(kind.upper(), slug), entry)


def build_groupings(releases, registries, urls: Urls) -> Groupings:
    """`releases` is newest first, so every group's list is too, without sorting per group."""
    opds = {slug: _group(urls, "opd", slug, entry.name, entry) for slug, entry in registries.opds.items()}
    regions = {slug: _group(urls, "region", slug, entry.name, entry) for slug, entry in registries.regions.items()}
    province = registries.province.slug if registries.province else None
    topics: dict[str, Group] = {}
    months: dict[str, Group] = {}
    for release in releases:
        opds[release.opd].releases.append(release)
        for slug in release.regions:
            regions[slug].releases.append(release)
        if province and province in release.regions:
            # Province-wide news belongs to every kabupaten page, in its own labelled section.
            for slug, group in regions.items():
                if slug != province and slug not in release.regions:
                    group.province_releases.append(release)
        for name, slug in zip(release.tags, release.tag_slugs):
            if slug not in topics:
                topics[slug] = _group(urls, "topic", slug, name)
            topics[slug].releases.append(release)
        _add_to_month(months, urls, None, release)
    for group in (*opds.values(), *regions.values(), *topics.values()):
        group.archives = split_by_month(group.releases, urls, group.url)
    return Groupings(
        opds=sorted(opds.values(), key=lambda group: group.name),
        regions=sorted(regions.values(), key=lambda group: (group.entry.code.count("."), group.name)),
        topics=sorted(topics.values(), key=lambda group: (-group.count, group.slug)),
        months=list(months.values()),
    )


def _add_to_month(months: dict[str, Group], urls: Urls, group_url: str | None, release) -> None:
    key = f"{release.date:%Y/%m}"
    if key not in months:
        months[key] = Group("month", key, month_year(release.date), *urls.archive(release.date, group_url))
    months[key].releases.append(release)


def split_by_month(releases, urls: Urls, group_url: str) -> list[Group]:
    """Newest-first releases as month groups at GROUP_ARCHIVE_URL (`<group>/<YYYY>/<MM>/`): URLs that never shift."""
    months: dict[str, Group] = {}
    for release in releases:
        _add_to_month(months, urls, group_url, release)
    return list(months.values())


def link_related(releases, groupings: Groupings, count: int, window: int = 6) -> None:
    """Give each release up to `count` related releases: same OPD, region or topic, nearest in time.

    Only a window of neighbours in each of its groups is scored, so the cost per release is bounded
    and the whole pass stays linear. Ties break on URL, so the choice is deterministic.
    """
    weights = {"opd": 3, "region": 2, "topic": 1}
    memberships: dict[int, list] = {}
    for group in (*groupings.opds, *groupings.regions, *groupings.topics):
        weight = weights[group.kind]
        for index, release in enumerate(group.releases):
            memberships.setdefault(id(release), []).append((group.releases, index, weight))
    by_id = {id(release): release for release in releases}
    moments = {key: release.date.timestamp() for key, release in by_id.items()}
    urls = {key: release.url for key, release in by_id.items()}
    for release in releases:
        own = id(release)
        scores: dict[int, int] = {}
        for members, index, weight in memberships.get(own, ()):
            for other in members[max(0, index - window):index + window + 1]:
                key = id(other)
                scores[key] = scores.get(key, 0) + weight
        scores.pop(own, None)
        moment = moments[own]
        best = heapq.nsmallest(count, scores, key=lambda key: (-scores[key], abs(moments[key] - moment), urls[key]))
        release.related = [by_id[key] for key in best]
