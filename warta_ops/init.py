"""`invoke init`: set up a new Pemda's site (the role of pelican-quickstart) from a few answers."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from string import Template

from warta_content.schema import HANDLE
from warta_core.characters import describe, forbidden_characters

from .wilayah import ZONES, Wilayah, children, find, slug_for

STARTER_PAGES = Path(__file__).resolve().parent / "starter" / "halaman"

IDENTITY_START = "# --- Identitas situs (ditulis oleh `invoke init`; boleh disunting) ---"
IDENTITY_END = "# --- Akhir identitas situs ---"
SITEURL_LINE = re.compile(r'^SITEURL = os\.environ\.get\("WARTA_SITEURL", "[^"]*"\)$', re.MULTILINE)
SOURCE_NOTE = "Kepmendagri No. 300.2.2-2430 Tahun 2025 (warta_ops/data/wilayah.csv)"


class InitError(ValueError):
    """An answer that cannot be used; the message says what to write instead."""


@dataclass(slots=True)
class SiteAnswers:
    region: Wilayah
    name: str
    domain: str
    zone_label: str  # WIB, WITA or WIT
    authority: str  # the tag: URI authority of feed identities, e.g. "bangka.go.id,2026"
    publisher: str
    keep_demo: bool
    editors: str = ""  # GitHub team of the Diskominfo editors, for CODEOWNERS
    partner_contact: str = ""  # where media outlets ask to become partners

    @property
    def timezone(self) -> str:
        # The region's own IANA name when the zone is its own (Asia/Pontianak), else the zone's.
        return self.region.timezone if self.region.zone_label == self.zone_label else ZONES[self.zone_label]


def choose_region(query: str) -> Wilayah:
    found = find(query)
    if not found:
        raise InitError(f"wilayah '{query}' tidak ada di daftar Kemendagri; tulis kode (mis. 19.01) "
                        "atau nama lengkap (mis. \"Kabupaten Bangka\")")
    if len(found) > 1:
        names = ", ".join(f"{region.full_name} ({region.code})" for region in found)
        raise InitError(f"'{query}' cocok dengan beberapa wilayah: {names}; tulis kodenya")
    return found[0]


def clean_domain(text: str) -> str:
    domain = re.sub(r"^https?://", "", text.strip().lower()).rstrip("/")
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
        raise InitError(f"'{text}' bukan nama domain; tulis seperti berita.bangka.go.id")
    return domain


def answers(region: str, domain: str, name: str | None = None, timezone_label: str | None = None,
            authority: str | None = None, publisher: str | None = None, keep_demo: bool = False,
            today: datetime | None = None, editors: str | None = None,
            partner_contact: str | None = None) -> SiteAnswers:
    """Complete the answers with what follows from the region: zone, publisher, authority, name."""
    chosen = choose_region(region)
    host = clean_domain(domain)
    label = (timezone_label or chosen.zone_label).strip().upper()
    if label not in ZONES:
        raise InitError(f"zona waktu '{timezone_label}' tidak dikenal; pilih WIB, WITA atau WIT")
    for given in (region, domain, name, timezone_label, authority, publisher, editors, partner_contact):
        if given and forbidden_characters(given):
            raise InitError(f"'{given}' memuat karakter tak terlihat {describe(forbidden_characters(given)[0][1])}; "
                            "ketik ulang jawabannya")
    editors = (editors or "").strip()
    if editors and not HANDLE.fullmatch(editors):
        raise InitError(f"'{editors}' bukan satu akun atau tim GitHub; tulis seperti @pemkab-bangka/editor")
    partner_contact = (partner_contact or "").strip()
    if partner_contact and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", partner_contact):
        raise InitError(f"'{partner_contact}' bukan alamat surel; tulis seperti humas@bangka.go.id")
    year = (today or datetime.now(timezone.utc)).year
    # The registrable domain (bangka.go.id), not the site's host (berita.bangka.go.id), names the authority.
    parts = host.split(".")
    owner = ".".join(parts[-3:]) if host.endswith((".go.id", ".ac.id", ".or.id")) else ".".join(parts[-2:])
    return SiteAnswers(
        region=chosen,
        name=(name or f"Warta {chosen.short_name}").strip(),
        domain=host,
        zone_label=label,
        authority=(authority or f"{owner},{year}").strip(),
        publisher=(publisher or chosen.government).strip(),
        keep_demo=keep_demo,
        editors=editors,
        partner_contact=partner_contact,
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Contact details and social accounts belong to the demo's fictional office: a new site starts
# without them, and the operator fills them in (see docs/operator.md).
FRESH_TAIL = """WARTA_LOGO = None  # the Pemda's logo, e.g. "branding/logo.png"; None shows the site's name only
WARTA_CONTACT: dict[str, str] = {}  # address, phone, email, hours: shown in every page's footer
SOCIAL: list[tuple[str, str]] = []  # e.g. [("Instagram", "https://www.instagram.com/akun")]
WARTA_EDITORS_HANDLE = ""  # the editors' GitHub team, e.g. "@pemkab-bangka/editor": they review all content
WARTA_PARTNER_CONTACT = ""  # where media outlets ask to become partners; empty = the e-mail of WARTA_CONTACT
WARTA_DEMO_NOTICE = \"\""""


def identity_block(site: SiteAnswers, kept_tail: str | None) -> str:
    """The identity block: what follows from the answers, then the contact, social and demo lines
    (the current ones when the demo is kept, empty ones otherwise)."""
    lines = [
        IDENTITY_START,
        f"SITENAME = {_quote(site.name)}",
        f"SITESUBTITLE = {_quote('Berita resmi perangkat daerah ' + site.region.full_name)}",
        f"AUTHOR = {_quote('Diskominfo ' + site.region.full_name)}",
        f"TIMEZONE = {_quote(site.timezone)}",
        f"WARTA_TIMEZONE_LABEL = {_quote(site.zone_label)}",
        f"WARTA_PUBLISHER_NAME = {_quote(site.publisher)}",
        f"WARTA_TAG_AUTHORITY = {_quote(site.authority)}",
        _answered(kept_tail if kept_tail is not None else FRESH_TAIL, site),
        IDENTITY_END,
    ]
    return "\n".join(lines)


def _answered(tail: str, site: SiteAnswers) -> str:
    """The tail with the editors' team and the partner contact given as answers (a demo's are not the Pemda's)."""
    for field_name, key in ANSWERED_SETTINGS.items():
        value = getattr(site, field_name)
        if not value:
            continue  # not given: the line stays as it is (empty on a new site, the demo's when kept)
        line = f"{key} = {_quote(value)}"
        pattern = re.compile(rf"^{key} = .*$", re.MULTILINE)
        tail = pattern.sub(lambda _: line, tail) if pattern.search(tail) else f"{tail}\n{line}"
    return tail


ANSWERED_SETTINGS = {"editors": "WARTA_EDITORS_HANDLE", "partner_contact": "WARTA_PARTNER_CONTACT"}


def _with_earlier_answers(site: SiteAnswers, text: str) -> SiteAnswers:
    """A second `init` on a Pemda's site (no demo banner) keeps the editors' team and partner address it
    was given before, unless given again; the demo's own are never taken over."""
    block = text[text.find(IDENTITY_START):text.find(IDENTITY_END)]
    if not re.search(r'^WARTA_DEMO_NOTICE = ""', block, re.MULTILINE):
        return site
    earlier = {}
    for field_name, key in ANSWERED_SETTINGS.items():
        line = re.search(rf"^{key} = (\".*\")\s*(?:#.*)?$", block, re.MULTILINE)
        if not getattr(site, field_name) and line:
            earlier[field_name] = ast.literal_eval(line.group(1))  # as _quote wrote it
    return replace(site, **earlier)


def replace_identity(text: str, block: str, path: Path) -> str:
    start, end = text.find(IDENTITY_START), text.find(IDENTITY_END)
    if start < 0 or end < start:
        raise InitError(f"{path.name} tidak punya blok identitas situs ({IDENTITY_START!r} ... "
                        f"{IDENTITY_END!r}); kembalikan blok itu dari repositori Warta")
    return text[:start] + block + text[end + len(IDENTITY_END):]


def _current_tail(text: str) -> str:
    """The block's lines from WARTA_CONTACT on: contact, social accounts and the demo notice."""
    block = text[text.find(IDENTITY_START):text.find(IDENTITY_END)]
    start = block.find("\nWARTA_LOGO")
    return block[start + 1:].rstrip("\n") if start >= 0 else FRESH_TAIL


def region_yaml(site: SiteAnswers) -> str:
    root = site.region
    lines = [f"# Registri wilayah {root.full_name} dan wilayah di dalamnya.",
             f"# Nama dan kode dari {SOURCE_NOTE}.",
             "# Slug dipakai di front matter rilis (region: [...]); slug wilayah pertama = seluruh "
             f"{root.type}."]
    used: set[str] = set()
    for region in (root, *children(root)):
        slug = slug_for(region)
        if slug in used:
            slug = f"{slug}-{region.code.rsplit('.', 1)[-1]}"
        used.add(slug)
        name = f"Kecamatan {region.name}" if region.type == "kecamatan" else region.name
        lines += [f"- slug: {slug}", f"  name: {_quote(name)}", f"  type: {region.type}",
                  f"  code: \"{region.code}\""]
    return "\n".join(lines) + "\n"


def opd_yaml(site: SiteAnswers) -> str:
    return "\n".join([
        f"# Registri OPD {site.region.full_name}: satu entri per OPD yang menulis rilis.",
        "# Tambahkan OPD lain di sini, lalu buat foldernya di content/berita/<slug>/ dan jalankan",
        "# `invoke codeowners` agar setiap folder punya pemiliknya.",
        "- slug: diskominfo",
        "  name: Dinas Komunikasi dan Informatika",
        "  abbreviation: Diskominfo",
        "",
    ])


def init_site(root: Path, site: SiteAnswers) -> list[str]:
    """Write settings, registries and an empty content tree under `root`; returns what was written."""
    root = Path(root)
    conf, publishconf = root / "pelicanconf.py", root / "publishconf.py"
    content = root / "content"
    written: list[str] = []
    text = conf.read_text(encoding="utf-8")
    tail = _current_tail(text) if site.keep_demo else None
    site = _with_earlier_answers(site, text)
    conf.write_text(replace_identity(text, identity_block(site, tail), conf), encoding="utf-8")
    written.append("pelicanconf.py")
    text = publishconf.read_text(encoding="utf-8")
    if not SITEURL_LINE.search(text):
        raise InitError("publishconf.py tidak punya baris SITEURL = os.environ.get(\"WARTA_SITEURL\", ...)")
    publishconf.write_text(SITEURL_LINE.sub(
        lambda _: f'SITEURL = os.environ.get("WARTA_SITEURL", "https://{site.domain}")', text), encoding="utf-8")
    written.append("publishconf.py")
    if site.keep_demo:
        return written
    news = content / "berita"
    if news.exists():
        shutil.rmtree(news)
    (news / "diskominfo").mkdir(parents=True)
    (news / "diskominfo" / ".gitkeep").write_text("", encoding="utf-8")
    data = content / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "region.yml").write_text(region_yaml(site), encoding="utf-8")
    (data / "opd.yml").write_text(opd_yaml(site), encoding="utf-8")
    written += ["content/berita/", "content/data/region.yml", "content/data/opd.yml", *write_starter_pages(content, site)]
    # The demo's media partners, their coverage of demo releases and the demo OPDs' logos go with the demo.
    (data / "mitra.yml").unlink(missing_ok=True)
    for folder in (data / "liputan", data / "logo"):
        if folder.exists():
            shutil.rmtree(folder)
    return written


def write_starter_pages(content: Path, site: SiteAnswers) -> list[str]:
    """The usual static pages (Tentang, Kontak, PPID, ...) for the new site, to be edited."""
    pages = content / "halaman"
    if pages.exists():
        shutil.rmtree(pages)
    pages.mkdir(parents=True)
    values = {"site": site.name, "government": site.publisher, "region": site.region.full_name}
    written = []
    for source in sorted(STARTER_PAGES.glob("*.md")):
        (pages / source.name).write_text(Template(source.read_text(encoding="utf-8")).substitute(values),
                                         encoding="utf-8")
        written.append(f"content/halaman/{source.name}")
    return written


def prompt_missing(values: dict, ask=input) -> dict:
    """Ask at the terminal for every answer not given as an option, showing the default that follows."""
    values = dict(values)
    while not values["region"]:
        query = ask("Pemerintah daerah (kode atau nama Kemendagri, mis. 19.01 atau Kabupaten Bangka): ").strip()
        try:
            values["region"] = choose_region(query).code if query else None
        except InitError as error:
            print(error)
    region = choose_region(values["region"])
    while not values["domain"]:
        values["domain"] = ask("Domain situs (mis. berita.bangkakab.go.id): ").strip() or None
    defaults = answers(values["region"], values["domain"])
    for key, question, default in (
        ("name", "Nama situs", defaults.name),
        ("timezone", f"Zona waktu (WIB/WITA/WIT; {region.full_name} memakai {region.zone_label})", region.zone_label),
        ("authority", "Otoritas identitas umpan (domain,tahun)", defaults.authority),
        ("publisher", "Nama penerbit", defaults.publisher),
    ):
        if not values[key]:
            values[key] = ask(f"{question} [{default}]: ").strip() or default
    if not values["keep_demo"]:
        values["keep_demo"] = ask("Pertahankan berita demo dan bannernya? (y/T) ").strip().lower() in {"y", "ya"}
    return values
