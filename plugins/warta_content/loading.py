"""Loading and validating the whole content tree: the one code path of `invoke check` and the build."""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from warta_core.clock import build_now, site_zone
from warta_core.parallel import workers_for
from warta_core.problems import Problem, nearest
from warta_core.safefiles import forget_folders, unsafe_entries
from warta_core.urls import Urls
from .files import logo
from .pages import StaticPage, read_pages
from .pins import pin_problems
from .readcache import ReleaseCache
from .redirects import save_as as redirect_save_as
from .reader import read_all
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
            if release.withdrawn:
                continue
            if release.status == "published" and release.date <= now:
                release.preview_label = None
                chosen.append(release)
            elif show_drafts:
                release.preview_label = "DRAF" if release.status == "draft" else "EMBARGO"
                chosen.append(release)
        chosen.sort(key=lambda release: (release.date, release.url), reverse=True)
        return chosen

    def withdrawn(self, now: datetime) -> list[Release]:
        """Withdrawn releases that were public by `now`: their pages stay, in no list, feed or index."""
        return [release for release in self.releases if release.withdrawn and release.date <= now]


# Names a writer may mean as a release but that are not read: reported, never silently skipped.
ALMOST_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".md.txt", ".txt")


def _scan(content_path: str, content_dir: str, pages_dir: str, label: str, problems: list[Problem]):
    """Every Markdown file under content/: (source, path for messages, opd folder) for the well-placed ones."""
    jobs = []
    for root, dirs, files in os.walk(content_path):
        if root == content_path and pages_dir in dirs:
            dirs.remove(pages_dir)  # static pages are read on their own (see pages)
        dirs.sort()
        for name in sorted(files):
            source = os.path.join(root, name)
            relative = os.path.relpath(source, content_path)
            path = os.path.join(label, relative)
            parts = relative.split(os.sep)
            if not name.endswith(".md"):
                if name.lower().endswith(ALMOST_MARKDOWN) and parts[0] == content_dir:
                    stem = name[: -len(next(ext for ext in ALMOST_MARKDOWN if name.lower().endswith(ext)))]
                    problems.append(Problem(path, 1, "nama berkas", f"berkas '{name}' tidak dibaca: rilis harus "
                                            "berakhiran .md (huruf kecil)", f"ganti namanya menjadi {stem}.md"))
                continue
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


def tree_problems(root: str, label: str) -> list[Problem]:
    """Symlinks that leave the tree or lead nowhere, FIFOs and devices: nothing may read or copy them."""
    return [Problem(os.path.join(label, relative), 1, "berkas", error.message, error.fix)
            for relative, error in unsafe_entries(root)]


def _cache_salt(settings, content_path: str) -> str:
    """Cached reads are valid only for the same code and the same reading settings."""
    hasher = hashlib.blake2b(digest_size=16)
    package = os.path.dirname(__file__)
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as handle:
                hasher.update(handle.read())
    options = _reading_options(settings, content_path)
    # Sorted: a frozenset's order changes with every process's string hashing.
    hasher.update(repr([(key, sorted(value) if isinstance(value, frozenset) else value)
                        for key, value in sorted(options.items())]).encode())
    hasher.update(str(site_zone(settings)).encode())
    return hasher.hexdigest()


def _reading_options(settings, content_path: str, render: bool = True) -> dict:
    return {
        "root": os.path.realpath(content_path),
        "iframe_hosts": frozenset(settings["WARTA_IFRAME_HOSTS"]),
        "render": render,
        "max_release_bytes": settings["WARTA_MAX_RELEASE_BYTES"],
        "max_image_bytes": settings["WARTA_MAX_IMAGE_BYTES"],
        "max_image_pixels": settings["WARTA_MAX_IMAGE_PIXELS"],
        "max_attachment_bytes": settings["WARTA_ATTACHMENT_MAX_BYTES"],
        "attachment_url": (settings["ATTACHMENT_URL"], settings["ATTACHMENT_SAVE_AS"]),
        "validation": {"zone": site_zone(settings), "years": (settings["WARTA_YEAR_MIN"], settings["WARTA_YEAR_MAX"]),
                       "max_title": settings["WARTA_MAX_TITLE_LENGTH"]},
    }


def load_content(
    settings, content_path: str, use_cache: bool = True, render: bool = True, now: datetime | None = None
) -> tuple[SiteContent, list[Problem]]:
    """Every release and registry, validated. `render=False` (checks only) skips the Markdown bodies.

    `now` (default: the build clock) decides which of two clashing releases is the newcomer.
    """
    label = os.path.basename(os.path.normpath(content_path))
    forget_folders()
    problems = tree_problems(content_path, label)
    if settings.get("THEME") and os.path.isdir(settings["THEME"]):
        problems += tree_problems(settings["THEME"], "theme")
    registries, found = load_registries(content_path, settings["WARTA_DATA_DIR"], settings["WARTA_MAX_REGISTRY_BYTES"])
    problems += found
    options = _reading_options(settings, content_path, render)
    problems += _check_logos(registries, os.path.join(label, settings["WARTA_DATA_DIR"], "opd.yml"), label, options)
    jobs = _scan(content_path, settings["WARTA_CONTENT_DIR"], settings["WARTA_PAGES_DIR"], label, problems)
    cache_dir = settings["WARTA_CACHE_DIR"]
    # Unrendered releases must never reach the cache that builds read from.
    cache = ReleaseCache(
        os.path.join(cache_dir, "releases.json") if (use_cache and render and cache_dir) else None,
        _cache_salt(settings, content_path),
        options["validation"],
    )
    workers = workers_for(settings)
    content = SiteContent(registries)
    urls = Urls(settings)
    for (_source, _path, opd), (release, found) in read_all(jobs, site_zone(settings), options, cache, workers):
        problems.extend(found)
        if release is not None:
            release.url, release.save_as = urls.release(release.slug, release.date, release.opd)
            problems.extend(_check_references(release, opd, registries))
            content.releases.append(release)
    content.pages, found = read_pages(content_path, label, settings, site_zone(settings), render)
    problems.extend(found)
    now = now or build_now(settings)
    # Oldest and live first: when two releases clash, the newcomer is told to change, never the live one.
    senior_first = _senior_first(content.releases, now, os.path.dirname(os.path.abspath(content_path)))
    problems.extend(_assign_identities(senior_first, settings))
    problems.extend(_check_unique_urls(senior_first))
    if not settings["WARTA_SHOW_DRAFTS"]:
        problems.extend(_check_links_to_hidden(content, now))
    problems.extend(_check_aliases(content.releases, content.pages, urls))
    problems.extend(pin_problems(content.releases, now))
    return content, problems


def _check_logos(registries: Registries, path: str, label: str, options: dict) -> list[Problem]:
    """Every OPD logo named in opd.yml, checked by its bytes as photos are; the build reads the real paths."""
    problems: list[Problem] = []
    for slug, entry in registries.opds.items():
        if entry.logo:
            real = logo(entry.logo, path, registries.opd_lines.get((slug, "logo"), 1), options, problems, label)
            if real:
                registries.logos[slug] = real
    return problems


def _senior_first(releases: list[Release], now: datetime, project: str) -> list[Release]:
    """Live before unpublished, then older before newer; releases of one minute by when their file came.

    Only releases that share a minute ask git (or, outside a repository, the file's time) which came
    first: an uncommitted file is the newest of all.
    """
    def live_and_minute(release):
        # A withdrawn release was live: its page and identity stay, so it is never the newcomer.
        live = release.status in ("published", "withdrawn") and release.date <= now
        return (not live, release.date.replace(second=0))

    ordered = sorted(releases, key=lambda release: (*live_and_minute(release), release.date, release.source))
    groups: dict[tuple, list[Release]] = {}
    for release in ordered:
        groups.setdefault(live_and_minute(release), []).append(release)
    result = []
    for group in groups.values():
        if len(group) > 1 and _clashes(group):
            group.sort(key=lambda release: (_arrival(os.path.join(project, release.source)), release.source))
        result.extend(group)
    return result


def _clashes(group: list[Release]) -> bool:
    """Whether two releases of one minute would share an identity or an address (rare: then git is asked)."""
    identities = [release.explicit_id or (release.opd, release.date.replace(second=0)) for release in group]
    addresses = [release.url for release in group]
    return len(set(identities)) < len(identities) or len(set(addresses)) < len(addresses)


def _arrival(path: str) -> tuple:
    """When a file came: its first commit (uncommitted files last), else its modification time."""
    try:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%ct", "-1", "--", os.path.basename(path)],
                               cwd=os.path.dirname(path), capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        added = None
    if added is not None and added.returncode == 0:
        stamp = added.stdout.strip()
        return (0, int(stamp)) if stamp else (1, 0)
    try:
        return (2, os.stat(path).st_mtime_ns)
    except OSError:
        return (3, 0)


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
    if release.meta.opd and release.meta.opd != folder:
        problems.append(
            Problem(
                release.source,
                release.field_lines.get("opd", 1),
                "opd",
                f"opd '{release.meta.opd}' tidak sama dengan foldernya '{folder}'",
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
    """A stable identity per release, independent of its title, slug, file name and of every other release.

    By default an identity is the OPD and the minute of publication; an explicit `id:` wins. `releases`
    come oldest and live first: of two releases with one identity, the later one is told to change,
    so an identity partners already store never moves because another file was added or renamed.
    """
    authority = settings["WARTA_TAG_AUTHORITY"]
    problems = []
    seen: dict[str, Release] = {}
    for release in releases:
        key = f"berita/{release.explicit_id}" if release.explicit_id else \
            f"berita/{release.opd}/{release.date:%Y%m%d%H%M}"
        release.identity = f"tag:{authority}:{key}"
        other = seen.get(release.identity)
        if other is None:
            seen[release.identity] = release
            continue
        if release.explicit_id:
            problems.append(Problem(release.source, release.field_lines.get("id", 1), "id",
                                    f"id '{release.explicit_id}' sudah dipakai oleh {other.source}",
                                    "setiap rilis harus punya id yang berbeda; ubah id rilis ini"))
        else:
            problems.append(Problem(release.source, release.field_lines.get("date", 1), "date",
                                    f"{other.source} dari OPD yang sama sudah terbit pada menit yang sama "
                                    f"({release.date:%Y-%m-%d %H:%M}); identitas rilis untuk mitra akan sama",
                                    f"ubah menit pada date rilis ini (mis. {release.date:%H}:"
                                    f"{(release.date.minute + 1) % 60:02d}) atau beri rilis ini id: yang unik"))
    return problems


def _check_unique_urls(releases: list[Release]) -> list[Problem]:
    """Two releases at one address: the newcomer changes its file name, the live address stays."""
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
                    "ubah judul singkat pada nama berkas rilis ini agar berbeda",
                )
            )
        else:
            seen[release.url] = release
    return problems


def _check_links_to_hidden(content: SiteContent, now: datetime) -> list[Problem]:
    """A live release linking to a draft or embargoed one: reported on the line of the link, in its source."""
    visible = content.visible(now)
    shown = {id(release) for release in visible}
    hidden = [release for release in content.releases if id(release) not in shown]
    problems = []
    for release in visible:
        for link, line in release.body_links:
            # Resolved from the page the link is on; "ends with": it may carry the site's host and base path.
            path = urlsplit(urljoin("/" + release.url, link)).path.rstrip("/") + "/"
            target = next((other for other in hidden if path.endswith("/" + other.url.strip("/") + "/")), None)
            if target is not None:
                url = target.url
                why = "draf" if target.status == "draft" else f"embargo sampai {target.date:%Y-%m-%d %H:%M}"
                problems.append(Problem(release.source, line, "isi",
                                        f"tautan ke rilis yang belum terbit /{url} ({why}: {target.source})",
                                        "hapus tautan itu sampai rilis tujuannya terbit, atau terbitkan rilis itu "
                                        "lebih dulu"))
    return problems


def _check_aliases(releases: list[Release], pages: list[StaticPage], urls: Urls) -> list[Problem]:
    """An old address listed in `aliases:` redirects; it may not be a page of this site, a place where the
    site writes its own files, nor another release's alias.

    Compared by the file each would write, not by address: `/x/` and `/x/index.html` are one page, and a
    folder cannot be made where a page's file is (`/tentang/index.html/`).
    """
    written = {release.save_as: release.source for release in releases} | {page.save_as: page.source for page in pages}
    claimed: dict[str, str] = {}
    problems = []
    for release in releases:
        for alias in release.aliases:
            target = redirect_save_as(alias)
            folders = ("/".join(target.split("/")[:end]) for end in range(1, target.count("/") + 1))
            other = written.get(target) or claimed.get(target) or next(
                (written[folder] for folder in folders if folder in written), None)
            if not other and (section := urls.claimed(target)):
                other = f"situs ini ({section})"
            if other:
                problems.append(Problem(release.source, release.field_lines.get("aliases", 1), "aliases",
                                        f"alamat /{alias} sudah dipakai oleh {other}",
                                        "hapus alamat ini dari aliases: pengalihan tidak boleh menimpa halaman lain"))
            claimed.setdefault(target, release.source)
    return problems
