"""The pinned headline (`sorotan`): which release the home page shows first, and pins that would clash.

A pin lasts from its release's `date` to its `sorotan_sampai`. Only a published release can be
pinned, and only while it is public: a draft, an embargoed or a withdrawn release never is, and a pin
whose end has passed at build time is simply over. At most one pin may run at any moment, so two
pins whose times overlap are refused by `invoke check` and the build alike, in both files, before
either is live: an embargoed pin that would start during another one fails today, not on the
scheduled run that publishes it.
"""

from __future__ import annotations

from datetime import datetime

from warta_core.problems import Problem
from .release import Release


def _pinnable(release: Release) -> bool:
    return release.pinned_until is not None and release.status == "published"


def pinned(releases: list[Release], now: datetime) -> Release | None:
    """The pinned release among the shown `releases` at `now`; a preview's drafts and embargoes never are."""
    return next((release for release in releases
                 if _pinnable(release) and not release.preview_label and release.date <= now < release.pinned_until),
                None)


def pin_ends(releases: list[Release]) -> list[datetime]:
    """When pins end: the moments, besides release times, at which the clock changes the site."""
    return [release.pinned_until for release in releases if _pinnable(release)]


def pin_problems(releases: list[Release], now: datetime) -> list[Problem]:
    """Pins not yet over whose times overlap, reported in both files: either may be the one to change."""
    pins = sorted((release for release in releases if _pinnable(release) and release.pinned_until > now),
                  key=lambda release: (release.date, release.source))
    clashes: dict[int, Release] = {}
    for index, release in enumerate(pins):
        # Sorted by start: an earlier pin overlaps this one exactly when it ends after this one starts.
        for earlier in pins[:index]:
            if earlier.pinned_until > release.date:
                clashes.setdefault(id(release), earlier)
                clashes.setdefault(id(earlier), release)
    problems = []
    for release in pins:
        other = clashes.get(id(release))
        if other is not None:
            problems.append(Problem(
                release.source, release.field_lines.get("sorotan", 1), "sorotan",
                f"sorotan bertumpuk dengan {other.source} (sorotan {_span(other)}); "
                "hanya satu berita boleh menjadi sorotan pada satu waktu",
                "hapus sorotan: dan sorotan_sampai: dari salah satunya, atau majukan sorotan_sampai "
                "yang lebih dulu terbit agar berakhir sebelum yang lain terbit"))
    return problems


def _span(release: Release) -> str:
    return f"{release.date:%Y-%m-%d %H:%M} sampai {release.pinned_until:%Y-%m-%d %H:%M}"
