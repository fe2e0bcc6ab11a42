"""What a build reads, summed up in one key: a rebuild whose key is unchanged has nothing to do.

The key covers the code, templates and settings (the site fingerprint), the versions of the libraries
that shape the output, every file under content/ and the theme (size and modification time), and the
only ways the clock changes output: the day (statistics), which releases have passed their time
(embargoes) or their pin's end, and which are recent enough for the news sitemap.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from datetime import datetime, timedelta
from importlib.metadata import PackageNotFoundError, version

from warta_core.fingerprint import site_fingerprint

PACKAGES = ("pelican", "jinja2", "markdown", "nh3", "feedgen", "babel", "pagefind", "pydantic", "pyyaml", "pillow",
            "pillow-heif")


def _versions() -> list[str]:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return found


def _tree_stats(hasher, root: str) -> None:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            # lstat: a dangling symlink is content validation's to report, not a reason to crash here.
            # ctime changes with every write, so a file replaced with the same size and time still counts.
            stat = os.lstat(path)
            hasher.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\n".encode())


def sources_key(settings) -> str:
    """Code, templates, settings, library versions and every content and theme file, as they are now."""
    hasher = hashlib.blake2b(digest_size=16)
    # The logo and icon live outside content/ and the theme: their bytes count too.
    hasher.update(site_fingerprint(settings, files=[name for name in (settings["WARTA_LOGO"], settings["WARTA_FAVICON"])
                                                    if name]).encode())
    # The plugins are in the site fingerprint; the build around them (this package) counts too.
    ops = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(ops)):
        if name.endswith(".py"):
            with open(os.path.join(ops, name), "rb") as handle:
                hasher.update(name.encode() + b"\0" + handle.read())
    hasher.update(repr(_versions()).encode())
    for root in (settings["PATH"], settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", ())):
        _tree_stats(hasher, root)
    return hasher.hexdigest()


def input_key(sources: str, settings, release_dates: list[float], now: datetime) -> str:
    """`release_dates`: sorted timestamps of every valid release of a build, published or not, and of
    every pin end (a pin ending in the news sitemap's window costs one needless rebuild, never a stale page)."""
    hasher = hashlib.blake2b(sources.encode(), digest_size=16)
    recent = now - timedelta(days=settings["WARTA_NEWS_SITEMAP_DAYS"])
    hasher.update(repr((now.date(), bisect.bisect_right(release_dates, now.timestamp()),
                        bisect.bisect_right(release_dates, recent.timestamp()))).encode())
    return hasher.hexdigest()
