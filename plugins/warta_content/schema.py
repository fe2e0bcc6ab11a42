"""The release front matter and the registries as pydantic models, with Indonesian messages.

`FrontMatter` is the one declaration of a release's keys: `release.Release` reads every field it
does not resolve from files through the validated model, so a new key is declared here only.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, get_args

from pydantic import (BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_serializer, field_validator,
                      model_validator)
from pydantic_core import PydanticCustomError

from warta_core.characters import is_blank
from warta_core.problems import Problem, nearest
from .yamlsource import line_of

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Slugs, topics and old addresses become folder names in the output: a file system takes 255 bytes
# per name, and a name beyond that only failed when the build wrote it.
MAX_SEGMENT = 200
MAX_ADDRESS = 1000
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]

# What a correct value looks like, for the "how to fix" part of a message.
EXAMPLES = {
    "title": "title: Dinas Kesehatan Gelar Vaksinasi Massal di Majene",
    "date": "date: 2026-11-20 09:30",
    "region": "region: [majene]",
    "author": "author: Nama Penulis",
    "status": "status: published",
    "withdrawn_reason": "withdrawn_reason: Data dalam berita ini keliru",
    "sorotan": "sorotan: true",
    "sorotan_sampai": "sorotan_sampai: 2026-12-10 17:00",
    "tags": "tags: [kesehatan, vaksinasi]",
    "image": "image: dengan src dan alt di bawahnya",
    "src": "src: gambar/2026-11-20-vaksinasi.jpg",
    "alt": "alt: Petugas menyuntikkan vaksin kepada warga",
    "galeri": "galeri: dengan daftar foto (- src: ..., alt: ...)",
    "lampiran": "lampiran: dengan daftar berkas (- src: berkas/..., title: ...)",
    "name": "name: Dinas Kesehatan",
    "slug": "slug: dinkes",
    "type": "type: kabupaten",
    "code": 'code: "76.01"',
    "score": "score: 0.85",
}


# Keys a writer may type in Indonesian, and the front matter key each means.
INDONESIAN_KEYS = {
    "judul": "title", "tanggal": "date", "waktu": "date", "wilayah": "region", "daerah": "region",
    "penulis": "author", "pengarang": "author", "penyunting": "editor", "ringkasan": "summary",
    "gambar": "image", "foto": "image", "topik": "tags", "label": "tags", "kategori": "tags",
    "diubah": "modified", "diperbarui": "modified", "disematkan": "sorotan", "unggulan": "sorotan",
    "sorotan_hingga": "sorotan_sampai", "sorotan_akhir": "sorotan_sampai", "ralat": "correction", "koreksi": "correction",
    "keterangan": "caption", "sumber": "credit", "kredit": "credit", "teks_alternatif": "alt",
    "nama": "name", "singkatan": "abbreviation", "kepala": "head", "situs": "website",
}


def slugify(text: str) -> str:
    from unidecode import unidecode

    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")


def _fail(message: str, fix: str):
    return PydanticCustomError("warta", message, {"fix": fix})


def parse_moment(value, zone, years: tuple[int, int] = (2000, 2100)) -> datetime:
    """A release time in the site's zone: `2026-11-20 09:30` is site time, `09:30+09:00` is converted."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?::\d{2})?.*)?", text)
        if not match:
            raise _fail(f"'{text}' bukan tanggal yang dikenali",
                        "tulis tanggal dan jam seperti 2026-11-20 09:30 (tahun-bulan-tanggal jam:menit)")
        year, month, day = (int(part) for part in match.groups())
        if not years[0] <= year <= years[1]:
            raise _fail(f"tahun {year} di luar rentang yang diterima ({years[0]}–{years[1]})",
                        "periksa tahunnya, mis. 2026-11-20 09:30")
        if not 1 <= month <= 12:
            raise _fail(f"bulan {month} tidak ada", "bulan ditulis 01 sampai 12, mis. 2026-11-20 09:30")
        try:
            moment = datetime.fromisoformat(text.replace(".", ":", 2) if re.search(r" \d{1,2}\.\d{2}", text) else text)
        except ValueError:
            try:
                datetime(year, month, day)
            except ValueError:
                raise _fail(f"tanggal {day} {MONTHS[month - 1]} {year} tidak ada",
                            "periksa tanggalnya di kalender, mis. 2026-11-30 09:30") from None
            raise _fail(f"'{text}' bukan tanggal dan jam yang valid",
                        "tulis seperti 2026-11-20 09:30, atau dengan zona 2026-11-20 09:30+08:00") from None
    if not moment.tzinfo:
        return moment.replace(tzinfo=zone)
    # Every displayed date, archive month and URL comes from the instant in the site's zone.
    return moment.astimezone(zone)


def site_path(text: str) -> str:
    """An old address of this site ("/berita/2026/11/judul-lama/") as a site-relative path."""
    path = text.strip()
    # Plain folder names only: an empty one ("//host/") or a %-escape would be a different address
    # to the browser than the folder the redirect page is written to.
    if not re.fullmatch(r"(/[A-Za-z0-9._~+,-]+)+/?", path):
        raise _fail(f"'{text}' bukan alamat di situs ini",
                    "tulis alamat lama yang diawali garis miring, mis. /berita/2026/11/judul-lama/")
    hidden = next((part for part in path.split("/") if part.startswith(".")), None)
    if hidden:
        # Hosts and git treat such names as their own (.git, .well-known, .htaccess, .nojekyll).
        raise _fail(f"'{text}' memuat bagian tersembunyi '{hidden}'",
                    "bagian alamat tidak boleh diawali titik; hapus alamat ini dari aliases")
    longest = max(path.split("/"), key=len)
    if len(path) > MAX_ADDRESS or len(longest) > MAX_SEGMENT:
        raise _fail(f"alamat '{path[:60]}…' terlalu panjang (batas {MAX_SEGMENT} karakter per bagian, "
                    f"{MAX_ADDRESS} seluruhnya)", "periksa alamat lama itu; salin dari bilah alamat peramban")
    path = path.lstrip("/")
    return path if path.endswith((".html", "/")) else path + "/"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _invisible_is_empty(cls, data):
        # A value made only of zero-width or other invisible characters would show as nothing.
        if isinstance(data, dict):
            return {key: "" if isinstance(value, str) and is_blank(value) else value for key, value in data.items()}
        return data


class Image(Strict):
    src: str = Field(min_length=1)
    alt: str = Field(min_length=1)
    caption: str | None = None
    credit: str | None = None


class AttachmentRef(Strict):
    src: str = Field(min_length=1)
    title: str = Field(min_length=1)


def _as_list(value):
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class FrontMatter(Strict):
    """A release's front matter. An alias is the key the writer types where the model's name differs."""

    title: str = Field(min_length=1)
    date: datetime
    regions: list[str] = Field(alias="region", min_length=1)
    author: str = Field(min_length=1)
    editor: str | None = None
    summary: str | None = None
    image: Image | None = None
    gallery: list[Image] = Field(default=[], alias="galeri")
    attachments: list[AttachmentRef] = Field(default=[], alias="lampiran")
    tags: list[str] = []
    status: Literal["published", "draft", "withdrawn"] = "published"
    withdrawn_reason: str | None = Field(default=None, min_length=1)
    modified: datetime | None = None
    correction: str | None = None
    opd: str | None = None
    explicit_id: str | None = Field(default=None, alias="id", min_length=1)
    aliases: list[str] = []
    # The pinned headline of the home page, chosen by an editor: until when (site time) it stays pinned.
    sorotan: bool = False
    sorotan_sampai: datetime | None = None

    @field_validator("date", "modified", "sorotan_sampai", mode="before")
    @classmethod
    def _moment(cls, value, info: ValidationInfo):
        if value is None:
            return None
        return parse_moment(value, info.context["zone"], info.context.get("years", (2000, 2100)))

    @field_validator("title")
    @classmethod
    def _title_length(cls, value: str, info: ValidationInfo):
        limit = (info.context or {}).get("max_title", 200)
        if len(value) > limit:
            raise _fail(f"judul terlalu panjang ({len(value)} karakter, batas {limit})",
                        "persingkat judul; rincian masuk ke paragraf pembuka")
        return value

    @field_validator("regions", "tags", "aliases", mode="before")
    @classmethod
    def _list(cls, value):
        return _as_list(value)

    @field_validator("regions")
    @classmethod
    def _once(cls, value):
        return list(dict.fromkeys(value))

    @field_validator("tags")
    @classmethod
    def _topics(cls, value):
        for tag in value:
            if len(slugify(tag)) > MAX_SEGMENT:
                raise _fail(f"topik '{tag[:40]}…' terlalu panjang (batas {MAX_SEGMENT} karakter)",
                            "topik adalah satu atau beberapa kata, mis. tags: [kesehatan, vaksinasi]")
        # A tag made only of punctuation has no topic page to link to; "UMKM" and "umkm" (or "Ibu & Anak"
        # and "ibu-anak") are one topic page, so the release names it once, as first written.
        topics: dict[str, str] = {}
        for tag in value:
            if slugify(tag):
                topics.setdefault(slugify(tag), tag)
        return list(topics.values())

    @field_validator("aliases")
    @classmethod
    def _site_paths(cls, value):
        return list(dict.fromkeys(site_path(alias) for alias in value))

    @field_serializer("aliases")
    def _as_written(self, value):
        # Dumped front matter validates back to the same model: the read cache relies on it.
        return ["/" + path for path in value]

    @model_validator(mode="after")
    def _correction_dated(self):
        if self.correction and not self.modified:
            raise PydanticCustomError("warta", "ralat (correction) tanpa tanggal perubahan", {
                "fix": "tambahkan modified: dengan waktu ralat, mis. modified: 2026-11-21 08:00",
                "field": "correction"})
        if self.modified and self.modified < self.date:
            raise PydanticCustomError("warta", "modified lebih awal dari date", {
                "fix": "modified adalah waktu ralat, harus sesudah waktu terbit", "field": "modified"})
        if self.status == "withdrawn" and not (self.withdrawn_reason and self.modified):
            raise PydanticCustomError("warta", "rilis yang ditarik (status: withdrawn) perlu alasan dan tanggal penarikan", {
                "fix": "tambahkan withdrawn_reason: alasan penarikan, dan modified: waktu penarikan, "
                       "mis. modified: 2026-11-21 08:00", "field": "status"})
        if self.sorotan and not self.sorotan_sampai:
            raise PydanticCustomError("warta", "sorotan tanpa waktu akhir", {
                "fix": "tambahkan sorotan_sampai: waktu sorotan berakhir, mis. sorotan_sampai: 2026-12-10 17:00",
                "field": "sorotan"})
        if self.sorotan_sampai and not self.sorotan:
            raise PydanticCustomError("warta", "sorotan_sampai tanpa sorotan: true", {
                "fix": "tulis sorotan: true, atau hapus baris sorotan_sampai", "field": "sorotan_sampai"})
        if self.sorotan_sampai and self.sorotan_sampai <= self.date:
            raise PydanticCustomError("warta", "sorotan_sampai tidak sesudah date", {
                "fix": "sorotan berakhir sesudah waktu terbit; tulis waktu yang lebih akhir, "
                       "mis. sorotan_sampai: 2026-12-10 17:00", "field": "sorotan_sampai"})
        if self.withdrawn_reason and self.status != "withdrawn":
            raise PydanticCustomError("warta", "withdrawn_reason hanya untuk rilis yang ditarik", {
                "fix": "tulis status: withdrawn, atau hapus baris withdrawn_reason", "field": "withdrawn_reason"})
        return self


# A GitHub user (@name) or team (@org/team): one token, nothing CODEOWNERS would read as more.
HANDLE = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})?$")


class Humas(Strict):
    name: str = Field(min_length=1)
    email: str | None = None
    phone: str | None = None
    handle: str | None = None

    @field_validator("handle")
    @classmethod
    def _handle(cls, value):
        if value is not None and not HANDLE.fullmatch(value):
            raise _fail(f"handle '{value}' bukan akun atau tim GitHub",
                        "tulis satu handle saja, mis. handle: \"@sulbar-dinkes/humas\" (tanpa spasi atau #)")
        return value


class OpdEntry(Strict):
    slug: str = Field(pattern=SLUG.pattern, max_length=MAX_SEGMENT)
    name: str = Field(min_length=1)
    abbreviation: str | None = None
    head: str | None = None
    humas: Humas | None = None
    website: str | None = Field(default=None, pattern=r"^https?://")
    logo: str | None = None


# Kemendagri codes: two digits per level (provinsi 76, kabupaten/kota 76.01, kecamatan 76.01.01).
_CODE_SHAPES = {"provinsi": (r"\d{2}", '"76"'), "kabupaten": (r"\d{2}\.\d{2}", '"76.01"'),
                "kota": (r"\d{2}\.\d{2}", '"76.71"'), "kecamatan": (r"\d{2}\.\d{2}\.\d{2}", '"76.01.01"')}


class RegionEntry(Strict):
    slug: str = Field(pattern=SLUG.pattern, max_length=MAX_SEGMENT)
    name: str = Field(min_length=1)
    type: Literal["provinsi", "kabupaten", "kota", "kecamatan"]
    capital: str | None = None
    code: str

    @model_validator(mode="after")
    def _code_shape(self):
        pattern, example = _CODE_SHAPES[self.type]
        if not re.fullmatch(pattern, self.code):
            raise PydanticCustomError(
                "warta", f"kode Kemendagri '{self.code}' tidak sesuai format untuk {self.type}",
                {"fix": f"tulis kode seperti code: {example} (dengan tanda kutip)", "field": "code"})
        return self


def _nested_model(annotation):
    """The pydantic model inside `Model`, `Model | None` or `list[Model]`, or None for a plain value."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def known_keys(model: type[BaseModel]):
    """The keys a writer may type where an unknown key was found, for "did you mean" hints."""
    def keys(loc):
        current = model
        for part in loc[:-1]:
            field = next((field for name, field in current.model_fields.items() if (field.alias or name) == part),
                         None)
            inner = _nested_model(field.annotation) if field else None
            if inner is not None:
                current = inner
        return [field.alias or name for name, field in current.model_fields.items()]
    return keys


_MESSAGES = {
    "missing": ("wajib diisi", "tambahkan baris {example}"),
    "string_too_short": ("tidak boleh kosong", "isi nilainya, mis. {example}"),
    "string_too_long": ("terlalu panjang (batas {max_length} karakter)", "persingkat nilainya, mis. {example}"),
    "too_short": ("tidak boleh kosong", "isi minimal satu nilai, mis. {example}"),
    "string_type": ("harus berupa teks", "tulis teks biasa, mis. {example}"),
    "list_type": ("harus berupa daftar", "tulis dalam kurung siku, mis. {example}"),
    "model_type": ("harus berisi kunci-kunci di bawahnya", "lihat contoh di templat rilis"),
    "model_attributes_type": ("harus berisi kunci-kunci di bawahnya", "lihat contoh di templat rilis"),
    "string_pattern_mismatch": ("format tidak sesuai", "slug memakai huruf kecil, angka dan tanda hubung; "
                                "website diawali https://"),
    "datetime_type": ("bukan tanggal yang dikenali", "tulis seperti 2026-11-20 09:30"),
    "bool_type": ("harus true atau false", "tulis {example}"),
    "bool_parsing": ("harus true atau false", "tulis {example}"),
    "dict_type": ("harus berisi kunci-kunci di bawahnya", "lihat contoh di templat rilis"),
    "too_long": ("terlalu banyak nilai (batas {max_length})", "kurangi daftarnya"),
    "float_type": ("harus berupa angka", "tulis angka dengan titik desimal, mis. {example}"),
    "float_parsing": ("harus berupa angka", "tulis angka dengan titik desimal, mis. {example}"),
    "int_type": ("harus berupa bilangan bulat", "tulis angka tanpa koma, mis. {example}"),
    "int_parsing": ("harus berupa bilangan bulat", "tulis angka tanpa koma, mis. {example}"),
    "finite_number": ("harus berupa angka biasa", "tulis angka, mis. {example}"),
    "greater_than_equal": ("terlalu kecil (paling kecil {ge})", "periksa nilainya, mis. {example}"),
    "less_than_equal": ("terlalu besar (paling besar {le})", "periksa nilainya, mis. {example}"),
    "greater_than": ("harus lebih dari {gt}", "periksa nilainya, mis. {example}"),
    "less_than": ("harus kurang dari {lt}", "periksa nilainya, mis. {example}"),
    "datetime_parsing": ("bukan tanggal yang dikenali", "tulis seperti 2026-11-20 09:30"),
    "date_type": ("bukan tanggal yang dikenali", "tulis seperti 2026-11-20"),
    "date_parsing": ("bukan tanggal yang dikenali", "tulis seperti 2026-11-20"),
}
# Any other pydantic error: its own message is English, so it is never shown.
_OTHER = ("nilai tidak sesuai", "periksa nilai ini; bandingkan dengan contoh di panduan penulis")


def validation_problems(error: ValidationError, path: str, lines: dict, known_keys, prefix=(),
                        default_line: int = 1) -> list[Problem]:
    """Translate pydantic's errors into Indonesian problems with line numbers."""
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        field = ".".join(str(part) for part in loc if not isinstance(part, int)) or "front matter"
        key = str(loc[-1]) if loc else ""
        example = EXAMPLES.get(key, f"{key}: ...")
        if kind == "warta":
            message, fix = item["msg"], ctx.get("fix", "")
            if ctx.get("field"):
                field = ".".join([*(str(p) for p in loc if not isinstance(p, int)), ctx["field"]])
                loc = (*loc, ctx["field"])
        elif kind == "extra_forbidden":
            guess = INDONESIAN_KEYS.get(key.lower())
            guess = guess if guess in known_keys(loc) else nearest(key, known_keys(loc))
            message = f"kunci '{key}' tidak dikenal"
            fix = f"maksud Anda '{guess}'?" if guess else "hapus baris ini atau periksa ejaannya"
        elif kind == "literal_error":
            expected = re.findall(r"'([^']+)'", ctx.get("expected", ""))
            value = item.get("input")
            guess = nearest(value, expected)
            message = f"nilai '{value}' tidak dikenal"
            fix = (f"maksud Anda '{guess}'? " if guess else "") + "pilihan: " + ", ".join(expected)
        elif kind in _MESSAGES:
            message, fix = _MESSAGES[kind]
            shown = {name: int(value) if isinstance(value, float) and value.is_integer() else value
                     for name, value in ctx.items()}  # "paling besar 1", not "1.0"
            message, fix = message.format(**shown), fix.format(example=example)
        else:
            message, fix = _OTHER
        line = line_of(lines, (*prefix, *loc), default_line)
        problems.append(Problem(path, line, field, message, fix))
    return problems
