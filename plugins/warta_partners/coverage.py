"""Coverage data: which partner article carried which release, one YAML file per month under data/liputan/.

`invoke liputan` writes these files and editors review them like any content; the build only reads
them, so it stays offline and deterministic. Everything in an entry came from a partner's feed and
is treated as plain text; only http(s) article addresses are accepted.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from warta_content.registry import read_data
from warta_content.schema import known_keys, validation_problems
from warta_core.problems import Problem, nearest
from warta_core.settings import DEFAULTS
from .registry import web_address

FOLDER = "liputan"
STATE_FILE = "feeds.yml"  # the feeds' ETag and Last-Modified, kept by `invoke liputan` beside the months
SITEMAP_STATE_FILE = "sitemaps.yml"  # how far `invoke liputan` has read each partner's sitemap
MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})\.yml$")
METHODS = ("link", "guid", "text")
# A month of 50 partners carrying 50 releases a day is about 30 MB; a larger file is not ours.
MAX_MONTH_BYTES = 64 * 1024 * 1024


class CoverageEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    partner: str = Field(min_length=1)
    release: str = Field(min_length=1)
    url: str = Field(max_length=2000)
    title: str = Field(max_length=1000)
    published: datetime
    first_seen: datetime
    method: str
    score: float = Field(ge=0, le=1)

    @field_validator("published", "first_seen", mode="before")
    @classmethod
    def _moment(cls, value):
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise PydanticCustomError("warta", f"'{value}' bukan waktu lengkap dengan zona",
                                      {"fix": "tulis seperti 2026-11-20T09:30:00+08:00"})
        low, high = DEFAULTS["WARTA_YEAR_MIN"], DEFAULTS["WARTA_YEAR_MAX"]
        if not low <= moment.year <= high:
            # Year 1 at +14:00 or 9999 at -12:00 cannot even be shown in the site's zone.
            raise PydanticCustomError("warta", f"tahun {moment.year} di luar rentang yang diterima ({low}–{high})",
                                      {"fix": "hapus entri ini atau perbaiki waktunya, mis. 2026-11-20T09:30:00+08:00"})
        return moment

    @field_validator("url")
    @classmethod
    def _web_address(cls, value):
        return web_address(value, "alamat artikel mitra",
                           "hapus entri ini; hanya alamat http:// atau https:// yang ditampilkan")

    @field_validator("method")
    @classmethod
    def _method(cls, value):
        if value not in METHODS:
            raise PydanticCustomError("warta", f"metode '{value}' tidak dikenal",
                                      {"fix": "pilihan: " + ", ".join(METHODS)})
        return value

    @property
    def sort_key(self) -> tuple:
        return (self.partner, self.published, self.url, self.release)


@dataclass
class CoverageData:
    entries: list[CoverageEntry]
    months: list[str]  # "2026-11", oldest first, one per file


def month_of(entry: CoverageEntry, zone) -> str:
    return f"{entry.published.astimezone(zone):%Y-%m}"


def load_coverage(content_path: str, data_dir: str, partners) -> tuple[CoverageData, list[Problem]]:
    """Every month file, validated; an entry naming an unknown partner is a problem with its line."""
    folder = os.path.join(content_path, data_dir, FOLDER)
    label = os.path.join(os.path.basename(content_path.rstrip(os.sep)), data_dir, FOLDER)
    problems: list[Problem] = []
    entries: list[CoverageEntry] = []
    months: list[str] = []
    root = os.path.realpath(content_path)
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    for name in names:
        relative = os.path.join(label, name)
        if name in (STATE_FILE, SITEMAP_STATE_FILE):
            continue
        if not MONTH_FILE.match(name):
            if not name.startswith("."):
                problems.append(Problem(relative, 1, "berkas", "nama berkas liputan tidak sesuai pola",
                                        "berkas liputan bernama TAHUN-BULAN.yml, mis. 2026-11.yml"))
            continue
        months.append(name[:-4])
        entries.extend(_load_month(os.path.join(folder, name), root, relative, partners, problems))
    return CoverageData(sorted(entries, key=lambda entry: entry.sort_key), months), problems


def _load_month(path: str, root: str, relative: str, partners, problems: list[Problem]) -> list[CoverageEntry]:
    data, lines = read_data(path, root, relative, "liputan", MAX_MONTH_BYTES, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(relative, 1, "liputan", "berkas liputan harus berupa daftar",
                                "setiap entri diawali '- partner: ...'; jalankan ulang `invoke liputan`"))
        return []
    entries = []
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        try:
            entry = CoverageEntry.model_validate(item)
        except ValidationError as error:
            problems.extend(validation_problems(error, relative, lines, known_keys(CoverageEntry),
                                                (index,), line))
            continue
        if entry.partner not in partners:
            guess = nearest(entry.partner, partners)
            problems.append(Problem(relative, lines.get((index, "partner"), line), "partner",
                                    f"mitra '{entry.partner}' tidak ada di registri mitra",
                                    (f"maksud Anda '{guess}'? " if guess else "")
                                    + "pakai slug dari content/data/mitra.yml atau hapus entri ini"))
            continue
        entries.append(entry)
    return entries


def dump_month(entries: list[CoverageEntry], month: str) -> str:
    """One month file: sorted by partner then time, the same bytes for the same entries."""
    header = (f"# Liputan mitra media {month}: artikel mitra yang memuat ulang rilis kita.\n"
              "# Ditulis oleh `invoke liputan`; hapus entri yang keliru, jangan ubah yang lain.\n")
    rows = [{
        "partner": entry.partner,
        "release": entry.release,
        "url": entry.url,
        "title": entry.title,
        "published": entry.published.isoformat(),
        "first_seen": entry.first_seen.isoformat(),
        "method": entry.method,
        "score": round(entry.score, 2),
    } for entry in sorted(entries, key=lambda entry: entry.sort_key)]
    return header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, default_flow_style=False,
                                   width=100000)
