"""Links that never break: every URL a release ever had, and a redirect page at each old one.

Each build publishes the identity → URLs map of its releases (WARTA_URL_MAP, a small JSON file at
the site's root: the current URL first, then every earlier one). The next build reads the map of
the last published site (WARTA_PREVIOUS_URLS, or the previous output) and writes a redirect page
at every earlier URL of a release that is still public, plus at the `aliases:` writers list.
"""

from __future__ import annotations

import json
import logging
import os

logger = logging.getLogger(__name__)
MAP_VERSION = 1


def read_map(path: str | None) -> dict[str, list[str]]:
    """identity → [current URL, earlier URLs...] of a published site; empty when there is none."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_map(handle.read(), path)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        logger.warning("Peta alamat %s tidak terbaca (%s); pengalihan dari build sebelumnya dilewati.", path, error)
        return {}


def parse_map(text: str, source: str) -> dict[str, list[str]]:
    """The map in the text of a WARTA_URL_MAP file read from `source`; empty when it is not one."""
    try:
        data = json.loads(text)
    except ValueError as error:
        logger.warning("Peta alamat %s tidak terbaca (%s); pengalihan dari build sebelumnya dilewati.", source, error)
        return {}
    releases = data.get("releases") if isinstance(data, dict) and data.get("version") == MAP_VERSION else None
    if not isinstance(releases, dict):
        return {}
    return {identity: [url for url in urls if isinstance(url, str)] for identity, urls in releases.items()
            if isinstance(identity, str) and isinstance(urls, list)}


def map_json(url_map: dict[str, list[str]]) -> str:
    return json.dumps({"version": MAP_VERSION, "releases": url_map}, ensure_ascii=False, sort_keys=True,
                      indent=0) + "\n"


def save_as(url: str) -> str:
    return url if url.endswith(".html") else url + "index.html"


def plan(releases, previous: dict[str, list[str]], taken: set[str]):
    """(redirects: old URL → release, the new map) for the public releases of this build.

    `releases` are the releases whose pages this build writes (published and withdrawn); `taken`
    the URLs of every page, which no redirect may replace.
    """
    redirects: dict = {}
    url_map: dict[str, list[str]] = {}
    for release in releases:
        earlier = [url for url in previous.get(release.identity, ()) if url != release.url]
        urls = [release.url, *dict.fromkeys(url for url in (*release.aliases, *earlier) if url != release.url)]
        url_map[release.identity] = urls
        for url in urls[1:]:
            # An old URL that a page now uses again (a slug taken over) serves that page, not a redirect.
            if url not in taken:
                redirects.setdefault(url, release)
    return redirects, url_map


def previous_map_path(settings, previous_output: str | None) -> str | None:
    """The map of the last published site: WARTA_PREVIOUS_URLS (a publish reads it from the publishing
    branch), else the one in the output this build replaces."""
    if settings["WARTA_PREVIOUS_URLS"]:
        return settings["WARTA_PREVIOUS_URLS"]
    if previous_output:
        return os.path.join(previous_output, settings["WARTA_URL_MAP"])
    return None
