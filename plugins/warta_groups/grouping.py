"""Building the groups and the related-release links, linear in the number of releases."""

from __future__ import annotations

from warta_core.dates import month_year
from .model import Group, Groupings


def build_groupings(releases, registries) -> Groupings:
    """`releases` is newest first, so every group's list is too, without sorting per group."""
    opds = {slug: Group("opd", slug, entry.name, f"opd/{slug}/", entry) for slug, entry in registries.opds.items()}
    regions = {slug: Group("region", slug, entry.name, f"wilayah/{slug}/", entry)
               for slug, entry in registries.regions.items()}
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
                topics[slug] = Group("topic", slug, name, f"topik/{slug}/")
            topics[slug].releases.append(release)
        _add_to_month(months, "berita/", release)
    for group in (*opds.values(), *regions.values(), *topics.values()):
        group.archives = split_by_month(group.releases, group.url)
    return Groupings(
        opds=sorted(opds.values(), key=lambda group: group.name),
        regions=sorted(regions.values(), key=lambda group: (group.entry.type != "provinsi", group.name)),
        topics=sorted(topics.values(), key=lambda group: (-group.count, group.slug)),
        months=list(months.values()),
    )


def _add_to_month(months: dict[str, Group], base_url: str, release) -> None:
    key = f"{release.date:%Y/%m}"  # the month of the release's own URL, so archives and URLs agree
    if key not in months:
        months[key] = Group("month", key, month_year(release.date), f"{base_url}{key}/")
    months[key].releases.append(release)


def split_by_month(releases, base_url: str) -> list[Group]:
    """Newest-first releases as month groups at `<base_url><YYYY>/<MM>/`: URLs that never shift."""
    months: dict[str, Group] = {}
    for release in releases:
        _add_to_month(months, base_url, release)
    return list(months.values())


def link_related(releases, groupings: Groupings, count: int, window: int = 12) -> None:
    """Give each release up to `count` related releases: same OPD, region or topic, nearest in time.

    Only a window of neighbours in each of its groups is scored, so the cost per release is bounded
    and the whole pass stays linear. Ties break on URL, so the choice is deterministic.
    """
    indexes = {}
    for group in (*groupings.opds, *groupings.regions, *groupings.topics):
        position = {id(release): index for index, release in enumerate(group.releases)}
        for release in group.releases:
            indexes.setdefault(id(release), []).append((group, position[id(release)]))
    weights = {"opd": 3, "region": 2, "topic": 1}
    for release in releases:
        scores: dict[int, list] = {}
        for group, index in indexes.get(id(release), ()):
            start = max(0, index - window)
            for other in group.releases[start:index + window + 1]:
                if other is release:
                    continue
                entry = scores.setdefault(id(other), [0, other])
                entry[0] += weights[group.kind]
        ranked = sorted(scores.values(),
                        key=lambda item: (-item[0], abs((item[1].date - release.date).total_seconds()), item[1].url))
        release.related = [other for _, other in ranked[:count]]
