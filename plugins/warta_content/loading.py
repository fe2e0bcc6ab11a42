"""Loading and validating the whole content tree: the one code path of `invoke check` and the build."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime

from warta_core.clock import site_zone
from warta_core.parallel import workers_for
from warta_core.problems import Problem, nearest
from .pages import StaticPage, read_pages
from .reader import ReleaseCache, read_all
from .registry import Registries, load_registries
from .release import Release


@dataclass
class SiteContent:
    registries: Registries
    releases: list[Release] = field(default_factory=list)  # every valid release, published or not
    pages: list[StaticPage] = field(default_factory=list)  # content/halaman/

    def visible(self, now: datetime, show_drafts: bool = False) -> list[Release]:
        """Published releases at `now`, newest first; a preview may add drafts and embargoed ones."""
        chosen = []
        for release in self.releases:
            if release.status == "published" and release.date <= now:
                release.preview_label = None
                chosen.append(release)
            elif show_drafts:
                release.preview_label = "DRAF" if release.status == "draft" else "EMBARGO"
                chosen.append(release)
        chosen.sort(key=lambda release: (release.date, release.url), reverse=True)
        return chosen


def _scan(content_path: str, content_dir: str, pages_dir: str, label: str, problems: list[Problem]):
    """Every Markdown file under content/: (source, path for messages, opd folder) for the well-placed ones."""
    jobs = []
    for root, dirs, files in os.walk(content_path):
        if root == content_path and pages_dir in dirs:
            dirs.remove(pages_dir)  # static pages are read on their own (see pages)
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            source = os.path.join(root, name)
            relative = os.path.relpath(source, content_path)
            path = os.path.join(label, relative)
            parts = relative.split(os.sep)
            if len(parts) == 3 and parts[0] == content_dir:
                jobs.append((source, path, parts[1]))
            else:
                problems.append(
                    Problem(
                        path,
                        1,
                        "lokasi",
                        "rilis berada di luar folder OPD",
                        f"pindahkan ke {label}/{content_dir}/<slug-opd>/{name}",
                    )
                )
    return jobs


def _cache_salt(settings) -> str:
    """Cached reads are valid only for the same code and the same reading settings."""
    hasher = hashlib.blake2b(digest_size=16)
    package = os.path.dirname(__file__)
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as handle:
                hasher.update(handle.read())
    hasher.update(
        repr(
            (settings["TIMEZONE"], settings["WARTA_IFRAME_HOSTS"], settings["WARTA_IMAGE_OUTPUT_DIR"])
        ).encode()
    )
    return hasher.hexdigest()


def load_content(
    settings, content_path: str, use_cache: bool = True, render: bool = True
) -> tuple[SiteContent, list[Problem]]:
    """Every release and registry, validated. `render=False` (checks only) skips the Markdown bodies."""
    label = os.path.basename(os.path.normpath(content_path))
    registries, problems = load_registries(content_path, settings["WARTA_DATA_DIR"])
    jobs = _scan(content_path, settings["WARTA_CONTENT_DIR"], settings["WARTA_PAGES_DIR"], label,
                 problems)
    options = {
        "iframe_hosts": frozenset(settings["WARTA_IFRAME_HOSTS"]),
        "image_dir": settings["WARTA_IMAGE_OUTPUT_DIR"],
        "render": render,
    }
    cache_dir = settings["WARTA_CACHE_DIR"]
    # Unrendered releases must never reach the cache that builds read from.
    cache = ReleaseCache(
        os.path.join(cache_dir, "releases.pickle") if (use_cache and render and cache_dir) else None,
        _cache_salt(settings),
    )
    workers = workers_for(settings)
    content = SiteContent(registries)
    for (_source, _path, opd), (release, found) in read_all(jobs, site_zone(settings), options, cache, workers):
        problems.extend(found)
        if release is not None:
            problems.extend(_check_references(release, opd, registries))
            content.releases.append(release)
    content.pages, found = read_pages(content_path, label, settings, site_zone(settings), render)
    problems.extend(found)
    problems.extend(_assign_identities(content.releases, settings))
    problems.extend(_check_unique_urls(content.releases))
    problems.extend(_check_page_names(content.pages, settings))
    return content, problems


def _check_references(release: Release, folder: str, registries: Registries) -> list[Problem]:
    problems = []
    if registries.opds and folder not in registries.opds:
        guess = nearest(folder, registries.opds)
        problems.append(
            Problem(
                release.source,
                1,
                "opd",
                f"folder OPD '{folder}' tidak ada di registri OPD",
                (f"maksud Anda '{guess}'? " if guess else "")
                + "pindahkan berkas ke folder OPD yang benar atau daftarkan OPD di content/data/opd.yml",
            )
        )
    if release.opd != folder:
        problems.append(
            Problem(
                release.source,
                release.field_lines.get("opd", 1),
                "opd",
                f"opd '{release.opd}' tidak sama dengan foldernya '{folder}'",
                f"hapus baris opd: atau tulis opd: {folder}; folder menentukan OPD",
            )
        )
    if registries.regions:
        for region in release.regions:
            if region not in registries.regions:
                guess = nearest(region, registries.regions)
                problems.append(
                    Problem(
                        release.source,
                        release.field_lines.get("region", 1),
                        "region",
                        f"wilayah '{region}' tidak dikenal",
                        (f"maksud Anda '{guess}'? " if guess else "") + "pakai slug dari content/data/region.yml",
                    )
                )
    return problems


def _assign_identities(releases: list[Release], settings) -> list[Problem]:
    """A stable identity per release, independent of its title, slug and file name.

    By default an identity is the OPD and the minute of publication; an explicit `id:` wins.
    Two releases of one OPD in the same minute (rare) are told apart by their slug.
    """
    authority = settings["WARTA_TAG_AUTHORITY"]
    problems = []
    derived: dict[str, list[Release]] = {}
    explicit: dict[str, Release] = {}
    for release in releases:
        if release.explicit_id:
            key = f"berita/{release.explicit_id}"
            if key in explicit:
                problems.append(
                    Problem(
                        release.source,
                        release.field_lines.get("id", 1),
                        "id",
                        f"id '{release.explicit_id}' sudah dipakai oleh {explicit[key].source}",
                        "setiap rilis harus punya id yang berbeda",
                    )
                )
            explicit[key] = release
        else:
            key = f"berita/{release.opd}/{release.date:%Y%m%d%H%M}"
            derived.setdefault(key, []).append(release)
        release.identity = f"tag:{authority}:{key}"
    for key, group in derived.items():
        if len(group) > 1:
            for release in sorted(group, key=lambda r: r.slug)[1:]:
                release.identity = f"tag:{authority}:{key}-{release.slug}"
    seen: dict[str, Release] = {}
    for release in releases:
        if release.identity in seen:
            problems.append(
                Problem(
                    release.source,
                    1,
                    "id",
                    f"identitas rilis sama dengan {seen[release.identity].source}",
                    "beri salah satu rilis id: yang unik",
                )
            )
        seen[release.identity] = release
    return problems


def _check_unique_urls(releases: list[Release]) -> list[Problem]:
    problems = []
    seen: dict[str, Release] = {}
    for release in releases:
        if release.url in seen:
            other = seen[release.url]
            problems.append(
                Problem(
                    release.source,
                    1,
                    "slug",
                    f"alamat /{release.url} sudah dipakai oleh {other.source}",
                    "ubah judul singkat pada nama berkas agar berbeda",
                )
            )
        else:
            seen[release.url] = release
    return problems


def _check_page_names(pages: list[StaticPage], settings) -> list[Problem]:
    """A page may not take the first segment of a section's URL (the URL vocabulary's own)."""
    taken = {settings[key].strip("/").split("/")[0] for key in settings
             if key.endswith("_URL") and key != "PAGE_URL" and isinstance(settings[key], str) and settings[key]}
    return [Problem(page.source, 1, "nama berkas", f"alamat /{page.slug}/ sudah dipakai oleh bagian situs",
                    f"ganti nama berkas, mis. tentang-{page.slug}.md") for page in pages if page.slug in taken]
