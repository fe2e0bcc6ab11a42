"""The URL vocabulary: every address Warta writes, as Pelican-style `*_URL` / `*_SAVE_AS` settings.

Each is declared once here with today's address as its default and may be changed in pelicanconf.py
(e.g. `RELEASE_URL = "rilis/{slug}/"` with `RELEASE_SAVE_AS = "rilis/{slug}/index.html"`). Every
page, link, feed, sitemap entry, search bundle and gate takes its address from here, through `Urls`.
A `*_URL` is what links say (site-relative, no leading slash); a `*_SAVE_AS` is the file written.
Pelican's PAGE_URL / PAGE_SAVE_AS (static pages) and INDEX_SAVE_AS (home page) are used as Pelican
defines them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UrlSetting:
    name: str
    default: str
    meaning: str  # one line, Indonesian
    fields: tuple[str, ...] = ()  # the {placeholders} it may use


RELEASE_FIELDS = ("slug", "date", "opd")
IMAGE_FIELDS = ("opd", "name", "key", "variant")


def _folder(name: str, url: str, meaning: str, fields: tuple[str, ...] = ()) -> tuple[UrlSetting, UrlSetting]:
    """NAME_URL and NAME_SAVE_AS of a page that is a folder: its file is the folder's index.html."""
    return (UrlSetting(f"{name}_URL", url, meaning, fields),
            UrlSetting(f"{name}_SAVE_AS", url + "index.html", f"berkas {name}_URL", fields))


TABLE: tuple[UrlSetting, ...] = (
    *_folder("RELEASE", "berita/{date:%Y}/{date:%m}/{slug}/", "alamat rilis", RELEASE_FIELDS),
    *_folder("ARCHIVE", "berita/{date:%Y}/{date:%m}/", "arsip bulanan semua rilis", ("date",)),
    *_folder("GROUP_ARCHIVE", "{url}{date:%Y}/{date:%m}/",
             "arsip bulanan satu OPD, wilayah atau topik ({url}: alamat kelompoknya)", ("url", "date")),
    *_folder("OPD", "opd/{slug}/", "halaman satu OPD", ("slug",)),
    *_folder("OPDS", "opd/", "daftar semua OPD"),
    *_folder("REGION", "wilayah/{slug}/", "halaman satu wilayah", ("slug",)),
    *_folder("REGIONS", "wilayah/", "daftar semua wilayah"),
    *_folder("TOPIC", "topik/{slug}/", "halaman satu topik", ("slug",)),
    *_folder("TOPICS", "topik/", "daftar semua topik"),
    *_folder("PARTNERS", "mitra-media/", "daftar mitra media dan liputan mereka"),
    *_folder("PARTNER", "mitra-media/{slug}/", "halaman satu mitra media", ("slug",)),
    UrlSetting("PARTNER_PROOF_SAVE_AS", "mitra-media/{slug}/bukti-tayang-{month}.csv",
               "bukti tayang (CSV) satu mitra untuk satu bulan ({month}: 2026-11)", ("slug", "month")),
    UrlSetting("SEARCH_SAVE_AS", "cari/index.html", "halaman pencarian"),
    UrlSetting("SEARCH_INDEX_DIR", "pagefind/", "folder indeks pencarian Pagefind"),
    UrlSetting("STATISTICS_SAVE_AS", "statistik/index.html", "halaman statistik"),
    UrlSetting("STATISTICS_OPD_CSV_SAVE_AS", "statistik/statistik-opd.csv", "CSV statistik per OPD"),
    UrlSetting("STATISTICS_REGION_CSV_SAVE_AS", "statistik/statistik-wilayah.csv", "CSV statistik per wilayah"),
    UrlSetting("SUBSCRIBE_SAVE_AS", "berlangganan/index.html", "halaman daftar umpan"),
    UrlSetting("NOT_FOUND_SAVE_AS", "404.html", "halaman 404"),
    UrlSetting("SITEMAP_SAVE_AS", "sitemap.xml", "sitemap"),
    UrlSetting("NEWS_SITEMAP_SAVE_AS", "sitemap-news.xml", "sitemap berita"),
    UrlSetting("ROBOTS_SAVE_AS", "robots.txt", "robots.txt (harus di akar situs)"),
    UrlSetting("FEED_RSS_FILE", "feed.xml", "nama berkas umpan RSS di folder situs, OPD, wilayah dan topik"),
    UrlSetting("FEED_ATOM_FILE", "atom.xml", "nama berkas umpan Atom di folder situs, OPD, wilayah dan topik"),
    UrlSetting("FEED_JSON_FILE", "feed.json", "nama berkas JSON Feed di folder situs, OPD, wilayah dan topik"),
    UrlSetting("FEEDS_OPML_SAVE_AS", "feeds.opml", "daftar semua umpan (OPML)"),
    UrlSetting("LOGO_SAVE_AS", "theme/img/logo-situs.png", "logo situs (WARTA_LOGO), diperkecil"),
    UrlSetting("OPD_LOGO_SAVE_AS", "opd/{slug}/logo.png", "logo OPD dari opd.yml, diperkecil", ("slug",)),
    UrlSetting("MANIFEST_SAVE_AS", "manifest.webmanifest", "manifes aplikasi web (nama, warna, ikon)"),
    UrlSetting("THEME_COLORS_SAVE_AS", "theme/css/warna.css", "warna tema dari WARTA_COLORS"),
    UrlSetting("IMAGE_URL", "gambar/{opd}/{name}-{key}-{variant}",
               "foto terbit: {name} dari nama unggahan, {key} dari isi dan pengaturan foto, {variant} mis. 640.webp",
               IMAGE_FIELDS),
    UrlSetting("IMAGE_SAVE_AS", "gambar/{opd}/{name}-{key}-{variant}", "berkas foto terbit", IMAGE_FIELDS),
    UrlSetting("ATTACHMENT_URL", "berkas/{opd}/{name}", "lampiran ({name}: nama berkas dengan akhirannya)",
               ("opd", "name")),
    UrlSetting("ATTACHMENT_SAVE_AS", "berkas/{opd}/{name}", "berkas lampiran", ("opd", "name")),
)
BY_NAME = {setting.name: setting for setting in TABLE}
# Files at the site's root whose names browsers and hosts fix, so they are not settings: the icons
# warta_brand draws, and the two files GitHub Pages reads from the published branch (warta_ops.branch).
ICON_SIZES = {"apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
FAVICON = "favicon.ico"
HOST_FILES = ("CNAME", ".nojekyll")
SAMPLE = {"slug": "contoh", "date": datetime(2026, 1, 2, 3, 4), "opd": "contoh", "url": "contoh/", "month": "2026-01",
          "name": "contoh", "key": "0123abcd", "variant": "640.webp"}
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")


GROUPS = ("OPD", "REGION", "TOPIC", "PARTNER")
DATE_FIELDS = {"%Y": r"\d{4}", "%m": r"\d{2}", "%d": r"\d{2}", "%H": r"\d{2}", "%M": r"\d{2}"}


def _date_pattern(placeholder: str) -> str:
    """`{date:%Y/%m}` as digits where the format says digits, anything within one folder otherwise."""
    spec = placeholder[len("{date:"):-1] if placeholder.startswith("{date:") else ""
    if not spec:
        return "[^/]+"
    return "".join(DATE_FIELDS.get(piece, "[^/]+" if piece.startswith("%") else re.escape(piece))
                   for piece in re.split(r"(%.)", spec) if piece)


def _pattern(template: str, group_urls: str = "") -> str:
    """A `*_SAVE_AS` template as a regular expression over output paths: `{url}` is one of the groups'
    folders (`group_urls`), every other field fills one folder name."""
    parts, position = [], 0
    for found in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position:found.start()]))
        if found.group(1) == "url":
            parts.append(f"(?:{group_urls})")
        elif found.group(1) == "date":
            parts.append(_date_pattern(found.group(0)))
        else:
            parts.append("[^/]+")
        position = found.end()
    parts.append(re.escape(template[position:]))
    return "".join(parts)


def fill(settings: dict) -> None:
    for setting in TABLE:
        settings.setdefault(setting.name, setting.default)


def check(settings: dict) -> list[str]:
    problems = []
    for setting in TABLE:
        value = settings.get(setting.name)
        if not isinstance(value, str):
            problems.append(f"{setting.name} harus teks, bukan {value!r} ({setting.meaning})")
            continue
        unknown = sorted({name for name in PLACEHOLDER.findall(value) if name not in setting.fields})
        if unknown:
            allowed = ", ".join("{" + name + "}" for name in setting.fields) or "tidak ada"
            problems.append(f"{setting.name} memakai {{{unknown[0]}}} yang tidak dikenal; yang boleh: {allowed}")
            continue
        try:
            formatted = value.format(**SAMPLE)
        except (ValueError, IndexError, KeyError) as error:
            problems.append(f"{setting.name} tidak bisa diisi ({error}): {value!r}")
            continue
        if formatted.startswith("/") or ".." in formatted.split("/") or (
                setting.name.endswith("_SAVE_AS") and (not formatted or formatted.endswith("/"))):
            problems.append(f"{setting.name} harus alamat relatif di dalam situs, mis. {setting.default!r}, "
                            f"bukan {value!r}")
    return problems


def url_of(save_as: str) -> str:
    """The address a link uses for a file: a folder's index.html is linked as the folder."""
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


class Urls:
    """The vocabulary of one build's settings, formatted."""

    def __init__(self, settings):
        self.settings = settings

    def _format(self, name: str, **values) -> str:
        return self.settings[name].format(**values)

    def release(self, slug: str, date: datetime, opd: str) -> tuple[str, str]:
        return (self._format("RELEASE_URL", slug=slug, date=date, opd=opd),
                self._format("RELEASE_SAVE_AS", slug=slug, date=date, opd=opd))

    def group(self, kind: str, slug: str) -> tuple[str, str]:
        """kind: OPD, REGION, TOPIC or PARTNER."""
        return self._format(f"{kind}_URL", slug=slug), self._format(f"{kind}_SAVE_AS", slug=slug)

    def partner_proof(self, slug: str, month: str) -> str:
        """The file of one partner's proof of publication for one month ("2026-11")."""
        return self._format("PARTNER_PROOF_SAVE_AS", slug=slug, month=month)

    def archive(self, date: datetime, group_url: str | None = None) -> tuple[str, str]:
        """The month archive of the whole site, or of the group whose URL is `group_url`."""
        if group_url is None:
            return self._format("ARCHIVE_URL", date=date), self._format("ARCHIVE_SAVE_AS", date=date)
        return (self._format("GROUP_ARCHIVE_URL", url=group_url, date=date),
                self._format("GROUP_ARCHIVE_SAVE_AS", url=group_url, date=date))

    def image(self, opd: str, name: str, key: str, variant: str) -> tuple[str, str]:
        values = {"opd": opd, "name": name, "key": key, "variant": variant}
        return self.settings["IMAGE_URL"].format(**values), self.settings["IMAGE_SAVE_AS"].format(**values)

    def attachment(self, opd: str, name: str) -> tuple[str, str]:
        return (self.settings["ATTACHMENT_URL"].format(opd=opd, name=name),
                self.settings["ATTACHMENT_SAVE_AS"].format(opd=opd, name=name))

    def media_folders(self) -> set[str]:
        """The top folders photos and attachments are written to: no static page may take their names."""
        return {self.settings[name].split("/", 1)[0] for name in ("IMAGE_SAVE_AS", "ATTACHMENT_SAVE_AS")}

    def reserved(self) -> set[str]:
        """First path segments the site's own pages and files take: no static page may be named so.

        Every address of the vocabulary counts, with the home page, the theme and the URL map; a file
        at the top (`404.html`, `feed.xml`) reserves its name without the extension too, so that no
        PAGE_SAVE_AS can write a page over it.
        """
        s = self.settings
        values = [*(s[setting.name] for setting in TABLE), s["INDEX_SAVE_AS"], s["THEME_STATIC_DIR"],
                  s["WARTA_URL_MAP"]]
        names = set()
        for value in values:
            first = value.split("/", 1)[0]
            if first and "{" not in first:  # GROUP_ARCHIVE_* start inside a group's folder
                names |= {first, first.split(".", 1)[0]}
        return names

    def claimed(self, save_as: str) -> str | None:
        """What the site itself writes at the output file `save_as`, or on its way; None if nothing.

        A redirect (an old URL, a writer's `aliases:`) may only go where no section, feed, search
        index or media folder lives: it would replace that file or stop it being written. Release
        pages are left out: the build compares those with the releases it actually has.
        """
        s = self.settings
        groups = "|".join(_pattern(s[f"{kind}_URL"]) for kind in GROUPS)
        folders = save_as.split("/")
        # The file itself, or a folder on its way that the site writes as a file (feed.xml/, x.csv/).
        candidates = [save_as, *("/".join(folders[:end]) for end in range(1, len(folders)))]
        for setting in TABLE:
            if not setting.name.endswith("_SAVE_AS") or setting.name == "RELEASE_SAVE_AS":
                continue
            pattern = re.compile(_pattern(s[setting.name], groups))
            if any(pattern.fullmatch(candidate) for candidate in candidates):
                page = BY_NAME.get(setting.name.removesuffix("_SAVE_AS") + "_URL", setting)
                return page.meaning.split(" (")[0]
        if s["INDEX_SAVE_AS"] in candidates:
            return "beranda"
        if folders[0] in {FAVICON, *ICON_SIZES, *HOST_FILES}:
            return "ikon situs atau berkas hosting"
        whole = [s["SEARCH_INDEX_DIR"].rstrip("/"), s["THEME_STATIC_DIR"], *sorted(self.media_folders())]
        if save_as.split("/", 1)[0] in whole:
            return "folder indeks pencarian, tema, foto atau lampiran"
        files = {s[name] for name in ("FEED_RSS_FILE", "FEED_ATOM_FILE", "FEED_JSON_FILE", "WARTA_URL_MAP")}
        if files & set(folders[:-1]):
            return "berkas umpan atau peta alamat"
        return None

    def fixed(self) -> dict[str, str]:
        """The fixed pages' addresses, for templates: `urls.search`, `urls.opds`, ..."""
        s = self.settings
        return {
            "home": url_of(s["INDEX_SAVE_AS"]),
            "opds": s["OPDS_URL"], "regions": s["REGIONS_URL"], "topics": s["TOPICS_URL"],
            "search": url_of(s["SEARCH_SAVE_AS"]), "statistics": url_of(s["STATISTICS_SAVE_AS"]),
            "subscribe": url_of(s["SUBSCRIBE_SAVE_AS"]), "sitemap": s["SITEMAP_SAVE_AS"],
            "opml": s["FEEDS_OPML_SAVE_AS"], "partners": s["PARTNERS_URL"],
        }


def default_menus(settings: dict) -> None:
    """MENUITEMS and LINKS when pelicanconf.py sets none: the sections and the usual static pages."""
    if "INDEX_SAVE_AS" not in settings or "PAGE_URL" not in settings:
        return  # not the settings of a Pelican run (Pelican's own defaults are missing)
    fixed = Urls(settings).fixed()

    def page(slug: str) -> str:
        return settings["PAGE_URL"].format(slug=slug)

    settings.setdefault("MENUITEMS", [
        ("Beranda", fixed["home"]), ("OPD", fixed["opds"]), ("Wilayah", fixed["regions"]),
        ("Statistik", fixed["statistics"]), ("Cari", fixed["search"]), ("Berlangganan", fixed["subscribe"])])
    settings.setdefault("LINKS", [
        ("Tentang", page("tentang")), ("Kontak", page("kontak")), ("PPID", page("ppid")),
        ("Kebijakan Privasi", page("kebijakan-privasi")), ("Pedoman Media Siber", page("pedoman-media-siber")),
        ("Berlangganan (RSS)", fixed["subscribe"]), ("Statistik publikasi", fixed["statistics"]),
        ("Mitra media", fixed["partners"]), ("Peta situs", fixed["sitemap"])])


def markdown_table() -> str:
    rows = ["| pengaturan | bawaan | arti |", "|---|---|---|"]
    rows += [f"| `{setting.name}` | `{setting.default}` | {setting.meaning} |" for setting in TABLE]
    return "\n".join(rows) + "\n"
