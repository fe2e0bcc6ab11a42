"""Every WARTA_ setting, declared once: type, default and meaning; filled in and checked at `initialized`.

Add a setting by adding one `Setting` line to TABLE: its default, its check and its row in the
README's settings section all come from that line (`invoke settings-doc` rewrites the section).
Pelican's own settings (TIMEZONE for the site's time zone, SITEURL, ...) are not repeated here.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import urls
from .colors import COLORS, color_problems
from .problems import nearest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # bool, int, float, str, list[str] or time; a trailing "?" also allows None
    default: object
    meaning: str  # one line, Indonesian: it is shown in the README and in error messages
    minimum: int | None = None
    maximum: int | None = None
    environment: bool = False  # an environment variable of the same name replaces the default
    # False for where a run keeps things and how it goes (cache folder, workers, publishing target):
    # such settings never change a built byte, so they stay out of the render keys (see fingerprint),
    # and a full publish or another cache path does not make the next build render every page again.
    shapes_output: bool = True


TABLE: tuple[Setting, ...] = (
    # Site identity
    Setting("WARTA_TIMEZONE_LABEL", "str", "WITA", "singkatan zona waktu yang ditulis di belakang jam (zona: TIMEZONE)"),
    Setting("WARTA_TAG_AUTHORITY", "str", "sulbarprov.go.id,2026",
            "otoritas tag: URI (RFC 4151) untuk GUID umpan, domain dan tahun mulai"),
    Setting("WARTA_PUBLISHER_NAME", "str", "Pemerintah Provinsi Sulawesi Barat",
            "nama penerbit di umpan dan metadata JSON-LD"),
    Setting("WARTA_DEMO_NOTICE", "str", "", "pengumuman situs demo di setiap halaman; kosong untuk situs sungguhan"),
    Setting("WARTA_PUBLISHER_LOGO", "str", "theme/img/logo.png", "logo penerbit (relatif terhadap situs) di JSON-LD"),
    Setting("WARTA_LOGO", "str?", None,
            "logo situs di kepala halaman (gambar di folder proyek, mis. branding/logo.png); kosong = nama situs saja"),
    Setting("WARTA_FAVICON", "str?", None,
            "gambar persegi untuk favicon dan ikon aplikasi (di folder proyek); kosong = logo, atau huruf awal nama situs"),
    Setting("WARTA_COLORS", "colors", {},
            f"warna tema (variabel CSS), mis. {{\"brand\": \"#0c4a83\"}}; nama: {', '.join(COLORS)}; "
            "teks putih di atasnya harus terbaca (kontras 4.5:1)"),
    Setting("WARTA_CONTACT", "contact", {},
            "kontak redaksi di kaki halaman: address, phone, email, hours (semua opsional); kosong = tidak tampil"),
    # Reuse terms: in the footer, on /berlangganan/, in every feed and in the release pages' JSON-LD
    Setting("WARTA_LICENSE_NAME", "str", "CC BY 4.0", "nama lisensi penggunaan ulang rilis"),
    Setting("WARTA_LICENSE_URL", "str", "https://creativecommons.org/licenses/by/4.0/deed.id",
            "alamat teks lisensi (juga license di JSON-LD rilis)"),
    Setting("WARTA_LICENSE_ATTRIBUTION", "str",
            "Rilis boleh dimuat ulang dan diubah, juga untuk keperluan komersial, dengan menyebut sumbernya "
            "({publisher}) dan menautkan rilis aslinya.",
            "syarat atribusi bagi yang memuat ulang rilis; {publisher} diganti WARTA_PUBLISHER_NAME"),
    # Content
    Setting("WARTA_NOW", "time?", None, "\"sekarang\" bagi build (ISO 8601) untuk embargo; kosong = jam saat build",
            environment=True),
    Setting("WARTA_SHOW_DRAFTS", "bool", False, "pratinjau draf dan rilis embargo bertanda DRAF (tidak pernah saat publikasi)",
            environment=True),
    Setting("WARTA_CONTENT_DIR", "str", "berita", "folder rilis di dalam content/, satu subfolder per OPD"),
    Setting("WARTA_DATA_DIR", "str", "data", "folder registri OPD dan wilayah di dalam content/"),
    Setting("WARTA_PAGES_DIR", "str", "halaman", "folder halaman statis (Tentang, Kontak, PPID, ...) di dalam content/"),
    Setting("WARTA_URL_MAP", "str", "warta-urls.json",
            "peta identitas rilis → semua alamatnya, diterbitkan bersama situs agar alamat lama dialihkan"),
    Setting("WARTA_PREVIOUS_URLS", "str?", None,
            "peta alamat situs yang terakhir terbit (publikasi membacanya dari cabangnya); kosong = dari output/",
            shapes_output=False),
    # Photos and attachments
    Setting("WARTA_IMAGE_WIDTHS", "list[int]", [320, 640, 960, 1280, 1600],
            "lebar (piksel) setiap foto yang diterbitkan, WebP dan JPEG; foto tidak pernah diperbesar"),
    Setting("WARTA_IMAGE_WEBP_QUALITY", "int", 75, "kualitas WebP foto (1-100)", minimum=1, maximum=100),
    Setting("WARTA_IMAGE_JPEG_QUALITY", "int", 80, "kualitas JPEG foto (1-100)", minimum=1, maximum=100),
    Setting("WARTA_IMAGE_FEED_WIDTH", "int", 1280, "lebar JPEG foto di umpan (enclosure, media:content)", minimum=1),
    Setting("WARTA_IMAGE_SOCIAL_SIZE", "list[int]", [1200, 630],
            "lebar dan tinggi gambar pratinjau Open Graph/Twitter, dipotong di tengah"),
    Setting("WARTA_IMAGE_SOCIAL_MAX_BYTES", "int", 300_000,
            "batas byte gambar pratinjau (WhatsApp membuang pratinjau yang lebih besar)", minimum=10_000),
    Setting("WARTA_IMAGE_PUBLISH_ORIGINALS", "bool", False,
            "juga terbitkan foto unggahan apa adanya (beserta metadata dan lokasi GPS-nya)"),
    Setting("WARTA_ATTACHMENT_MAX_BYTES", "int", 20_000_000, "ukuran terbesar satu lampiran (bita)", minimum=1000),
    Setting("WARTA_IFRAME_HOSTS", "list[str]", ["www.youtube-nocookie.com", "www.youtube.com"],
            "host yang boleh disematkan sebagai iframe di isi rilis"),
    Setting("WARTA_WORKERS", "int?", None, "jumlah proses paralel; kosong = satu per inti CPU", minimum=1,
            shapes_output=False),
    Setting("WARTA_CACHE_DIR", "str?", ".warta-cache", "folder cache build inkremental; kosong = tanpa cache",
            environment=True, shapes_output=False),
    # Input limits, reported by `invoke check`: nothing larger is read, rendered or published
    Setting("WARTA_MAX_RELEASE_BYTES", "int", 1_000_000, "ukuran terbesar satu berkas rilis atau halaman (bita)",
            minimum=1000),
    Setting("WARTA_MAX_REGISTRY_BYTES", "int", 1_000_000, "ukuran terbesar opd.yml dan region.yml (bita)", minimum=1000),
    Setting("WARTA_MAX_TITLE_LENGTH", "int", 200, "panjang judul terbesar (karakter)", minimum=10),
    Setting("WARTA_MAX_IMAGE_BYTES", "int", 10_000_000, "ukuran terbesar satu gambar (bita)", minimum=1000),
    Setting("WARTA_MAX_IMAGE_PIXELS", "int", 40_000_000, "jumlah piksel (lebar × tinggi) terbesar satu gambar",
            minimum=1),
    Setting("WARTA_YEAR_MIN", "int", 2000, "tahun paling awal yang diterima untuk tanggal rilis dan --now",
            minimum=1900, maximum=9000),
    Setting("WARTA_YEAR_MAX", "int", 2100, "tahun paling akhir yang diterima untuk tanggal rilis dan --now",
            minimum=1900, maximum=9000),
    # Lists
    Setting("WARTA_HOME_LATEST", "int", 12,
            "jumlah rilis terbaru di beranda (selain sorotan); yang lebih lama lewat arsip bulanan", minimum=1),
    Setting("WARTA_GROUP_LATEST", "int", 20, "jumlah rilis terbaru di halaman OPD, wilayah dan topik (arsip bulanan selalu lengkap)", minimum=1),
    Setting("WARTA_RELATED_COUNT", "int", 4, "jumlah berita terkait di bawah setiap rilis", minimum=0),
    # Statistics
    Setting("WARTA_SILENT_DAYS", "int", 30, "OPD tanpa rilis selama sekian hari ditandai senyap di statistik",
            minimum=1, maximum=3650),
    Setting("WARTA_STATS_MONTHS", "int", 12, "jumlah bulan yang dihitung di statistik", minimum=1, maximum=120),
    # Feeds
    Setting("WARTA_FEED_MAX_ITEMS", "int", 50, "jumlah butir terbaru di setiap umpan", minimum=1),
    Setting("WARTA_FEED_TTL", "int", 30, "menit yang disarankan bagi pembaca umpan sebelum memeriksa lagi", minimum=1),
    Setting("WARTA_FEED_LOGO", "str", "theme/img/logo.png", "gambar kanal setiap umpan (relatif terhadap situs)"),
    Setting("WARTA_FEED_LOGO_SIZE", "int", 144, "lebar dan tinggi logo umpan dalam piksel; RSS 2.0 paling lebar 144",
            minimum=1, maximum=144),
    # Sitemaps
    Setting("WARTA_NEWS_SITEMAP_DAYS", "int", 2, "rilis sekian hari terakhir masuk sitemap berita", minimum=1),
    # Search
    Setting("WARTA_SEARCH", "bool", True, "membuat indeks pencarian Pagefind untuk /cari/", environment=True),
    # Publishing (invoke publish, invoke codeowners)
    Setting("WARTA_PUBLISHING", "bool", False, "build publikasi (publishconf.py): draf tidak pernah ikut"),
    Setting("WARTA_PUBLISH_REMOTE", "str", "origin", "remote git tujuan publikasi (juga dari variabel lingkungan)",
            shapes_output=False),
    Setting("WARTA_PUBLISH_BRANCH", "str", "gh-pages", "cabang publikasi (juga dari variabel lingkungan)",
            shapes_output=False),
    Setting("WARTA_CNAME", "str?", None, "domain khusus untuk berkas CNAME (juga dari variabel lingkungan)",
            shapes_output=False),
    Setting("WARTA_EDITORS_HANDLE", "str", "",
            "tim editor GitHub yang meninjau semua konten di CODEOWNERS, mis. @pemkab-bangka/editor "
            "(juga dari variabel lingkungan); kosong = hanya humas OPD",
            shapes_output=False),
    Setting("WARTA_PUBLISH_DERIVED", "list[str]?", None,
            "folder turunan yang perubahannya saja tidak memicu komit publikasi terjadwal; kosong = SEARCH_INDEX_DIR",
            shapes_output=False),
    Setting("WARTA_PUBLISH_FULL", "bool", False,
            "publikasi membangun ulang semua halaman tanpa memakai pohon terbit terakhir di cache", environment=True,
            shapes_output=False),
    Setting("WARTA_PREVIEW", "bool", False, "pratinjau pull request: spanduk PRATINJAU dan noindex di setiap halaman"),
    # Media partners (/mitra-media/) and their coverage (invoke liputan)
    Setting("WARTA_PARTNER_STATS_MONTHS", "int", 6, "jumlah bulan liputan per mitra di /mitra-media/ dan /statistik/",
            minimum=1, maximum=120),
    Setting("WARTA_PARTNER_CONTACT", "str", "",
            "alamat surel mitra media (kerja sama, pertanyaan feed) di /mitra-media/ dan /berlangganan/; "
            "kosong = surel WARTA_CONTACT"),
    Setting("WARTA_LIPUTAN_TIMEOUT", "float", 20.0,
            "detik paling lama per permintaan ke situs mitra (feed, sitemap, halaman): sambungan, pengalihan dan isi",
            minimum=1, maximum=300, shapes_output=False),
    Setting("WARTA_LIPUTAN_MAX_BYTES", "int", 5 * 1024 * 1024,
            "feed, sitemap atau halaman mitra yang lebih besar (byte) ditolak", minimum=1024, shapes_output=False),
    # A partner publishing 20 articles a day is read in full by daily runs; a first run starts from the newest.
    Setting("WARTA_LIPUTAN_SITEMAP_PAGES", "int", 50,
            "halaman artikel yang dibaca per sitemap mitra dalam satu pemeriksaan (sisanya pada pemeriksaan berikutnya)",
            minimum=1, maximum=5000, shapes_output=False),
    Setting("WARTA_LIPUTAN_WORKERS", "int", 8, "jumlah feed mitra yang diambil bersamaan", minimum=1, maximum=64,
            shapes_output=False),
    Setting("WARTA_LIPUTAN_REDIRECTS", "int", 5, "jumlah pengalihan (redirect) yang diikuti per feed", minimum=0,
            maximum=20, shapes_output=False),
    Setting("WARTA_LIPUTAN_ALLOW_PRIVATE", "bool", False,
            "izinkan feed di alamat lokal atau jaringan privat (hanya untuk pengujian)", shapes_output=False),
    Setting("WARTA_LIPUTAN_WINDOW_DAYS", "int", 7, "artikel mitra dicocokkan dengan rilis sampai sekian hari sebelumnya",
            minimum=1, maximum=60),
    # On the labelled partner feeds and sitemap pages of tests/fixtures/liputan_partners (70 articles),
    # rewritten copies score 0.51 and up (0.58 from pages) and independent reports of the same events
    # 0.21 at most (0.14 from pages): 0.35 sits between.
    Setting("WARTA_LIPUTAN_THRESHOLD", "float", 0.35, "skor kemiripan teks (0–1) mulai artikel mitra dihitung memuat rilis",
            minimum=0, maximum=1),
)

BY_NAME = {setting.name: setting for setting in TABLE}
RUN_ONLY = frozenset(setting.name for setting in TABLE if not setting.shapes_output)
DEFAULTS: dict[str, object] = {setting.name: setting.default for setting in TABLE}
TRUE_WORDS = {"1", "true", "ya", "yes"}
CONTACT_KEYS = ("address", "phone", "email", "hours")
# Pelican's own menu and link settings, read by the theme: (label, address) pairs, where an address
# is site-relative ("tentang/", "" for the home page) or absolute (https:, mailto:, tel:).
LINK_LISTS = ("MENUITEMS", "LINKS", "SOCIAL")
# Settings that Pelican already has: the WARTA_ name is refused with a pointer to Pelican's.
REPLACED_BY_PELICAN = {"WARTA_TIMEZONE": "TIMEZONE"}


class SettingsError(ValueError):
    """Settings that cannot work: every problem at once, in Indonesian, with the fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"pengaturan: {problem}" for problem in self.problems]
        lines.append(f"{len(self.problems)} masalah pengaturan. Perbaiki di pelicanconf.py atau publishconf.py.")
        return "\n".join(lines)


def apply_defaults(pelican) -> None:
    """Signal receiver (`initialized`): complete and check the settings of a Pelican run."""
    with_defaults(pelican.settings)


def with_defaults(settings: dict) -> dict:
    """Fill in every missing WARTA_ setting, then check them all; raises SettingsError.

    An environment variable of a setting marked `environment` replaces its default only: a value in
    the settings file, or an override passed by the caller, wins. Filling in is idempotent, so a
    second call (tasks.py, then Pelican's `initialized`) changes nothing.
    """
    for setting in TABLE:
        if setting.name in settings:
            continue
        value = setting.default
        if setting.environment and setting.name in os.environ:
            value = os.environ[setting.name]
            if setting.kind == "bool":
                value = value.strip().lower() in TRUE_WORDS
            elif setting.kind.endswith("?") and not value.strip():
                value = None
        settings[setting.name] = value
    urls.fill(settings)
    urls.default_menus(settings)
    if settings["WARTA_PUBLISHING"] and settings["WARTA_SHOW_DRAFTS"]:
        # A published build must never carry drafts, whatever asked for them.
        logger.warning("WARTA_SHOW_DRAFTS diabaikan: build publikasi tidak pernah menampilkan draf.")
        settings["WARTA_SHOW_DRAFTS"] = False
    problems = check(settings) + urls.check(settings)
    if problems:
        raise SettingsError(problems)
    return settings


def _type_problem(setting: Setting, value) -> str | None:
    kind = setting.kind.rstrip("?")
    if value is None:
        return None if setting.kind.endswith("?") else "wajib diisi"
    if kind == "bool":
        return None if isinstance(value, bool) else "harus True atau False"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return "harus bilangan bulat"
        if setting.minimum is not None and value < setting.minimum or (
                setting.maximum is not None and value > setting.maximum):
            upper = f" sampai {setting.maximum}" if setting.maximum is not None else " atau lebih"
            return f"harus bilangan bulat {setting.minimum}{upper}"
        return None
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "harus bilangan"
        if setting.minimum is not None and value < setting.minimum or (
                setting.maximum is not None and value > setting.maximum):
            return f"harus bilangan {setting.minimum} sampai {setting.maximum}"
        return None
    if kind == "str":
        return None if isinstance(value, str) else "harus teks"
    if kind == "list[str]":
        ok = isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)
        return None if ok else "harus daftar teks, mis. [\"a\", \"b\"]"
    if kind == "colors":
        problems = color_problems(value)
        return "; ".join(problems) if problems else None
    if kind == "contact":
        if not isinstance(value, dict):
            return "harus kamus, mis. {\"email\": \"redaksi@contoh.go.id\"}"
        unknown = sorted(set(value) - set(CONTACT_KEYS))
        if unknown:
            return f"punya kunci yang tidak dikenal ({', '.join(map(str, unknown))}); pilihan: {', '.join(CONTACT_KEYS)}"
        return None if all(isinstance(item, str) for item in value.values()) else "harus berisi teks saja"
    if kind == "list[int]":
        ok = isinstance(value, (list, tuple)) and value and all(
            isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value)
        return None if ok else "harus daftar bilangan bulat positif, mis. [320, 640]"
    if kind == "time":
        if isinstance(value, datetime):
            return None
        try:
            datetime.fromisoformat(str(value))
        except ValueError:
            return "harus waktu ISO 8601, mis. 2026-12-01T09:00"
        return None
    raise AssertionError(f"unknown kind {setting.kind} of {setting.name}")


def check(settings: dict) -> list[str]:
    """Problems with the WARTA_ settings: wrong types or ranges, and names that no setting has."""
    problems = []
    zone = settings.get("TIMEZONE")
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"TIMEZONE harus zona waktu IANA, mis. 'Asia/Makassar', bukan {zone!r} (zona waktu situs)")
    for name in LINK_LISTS:
        problems += _link_problems(name, settings.get(name, ()))
    for setting in TABLE:
        problem = _type_problem(setting, settings.get(setting.name))
        if problem:
            problems.append(f"{setting.name} {problem}, bukan {settings.get(setting.name)!r} ({setting.meaning})")
    for name in sorted(key for key in settings if key.startswith("WARTA_") and key not in BY_NAME):
        # Compared without the shared prefix, which would make every name look alike.
        stem = nearest(name.removeprefix("WARTA_"), [known.removeprefix("WARTA_") for known in BY_NAME])
        guess = REPLACED_BY_PELICAN.get(name) or (f"WARTA_{stem}" if stem else None)
        hint = f"maksud Anda {guess}?" if guess else "hapus, atau lihat daftar pengaturan di README"
        problems.append(f"{name} bukan pengaturan Warta — {hint}")
    return problems


def _link_problems(name: str, value) -> list[str]:
    example = f'{name} = [("Tentang", "tentang/"), ("Instagram", "https://www.instagram.com/akun")]'
    if not isinstance(value, (list, tuple)):
        return [f"{name} harus daftar pasangan (label, alamat), mis. {example}"]
    problems = []
    for index, item in enumerate(value, 1):
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(part, str) for part in item)):
            problems.append(f"{name} butir ke-{index} harus pasangan (label, alamat), bukan {item!r}; mis. {example}")
            continue
        label, address = item
        if not label.strip():
            problems.append(f"{name} butir ke-{index}: label kosong; tulis teks tautannya")
        if not link_is_valid(address):
            problems.append(f"{name} butir ke-{index} ({label}): alamat {address!r} tidak dikenali — tulis alamat di "
                            "situs tanpa garis miring di depan (\"tentang/\") atau alamat lengkap (\"https://...\")")
    return problems


def link_is_valid(address: str) -> bool:
    if address.startswith(("https://", "http://")):
        return "." in address.split("/")[2] and not any(character.isspace() for character in address)
    if address.startswith(("mailto:", "tel:")):
        return len(address.split(":", 1)[1].strip()) > 0
    return not address.startswith("/") and ".." not in address.split("/") and ":" not in address and not any(
        character.isspace() for character in address)


README_BEGIN = "<!-- pengaturan: dibuat dari plugins/warta_core/settings.py oleh `invoke settings-doc` -->"
README_END = "<!-- akhir pengaturan -->"


def markdown_table() -> str:
    """The README's settings section: one row per setting, from TABLE."""
    rows = ["| pengaturan | jenis | bawaan | arti |", "|---|---|---|---|"]
    for setting in TABLE:
        default = "kosong" if setting.default is None else f"`{setting.default!r}`"
        meaning = setting.meaning + ("; juga dari variabel lingkungan" if setting.environment else "")
        rows.append(f"| `{setting.name}` | {setting.kind} | {default} | {meaning} |")
    intro = ("\nAlamat halaman dan berkas (kosakata URL gaya Pelican; `*_URL` untuk tautan, `*_SAVE_AS` untuk "
             "berkas; `{slug}`, `{date:%Y}`, `{opd}` diisi per halaman):\n\n")
    return "\n".join(rows) + "\n" + intro + urls.markdown_table()
