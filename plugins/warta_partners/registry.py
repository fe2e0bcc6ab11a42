"""The media partner registry, content/data/mitra.yml, validated like the OPD and region registries."""

from __future__ import annotations

import os
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from warta_content.registry import Registries, load_list
from warta_content.schema import MAX_SEGMENT, SLUG
from warta_core.problems import Problem, nearest

FILE_NAME = "mitra.yml"
WEB_ADDRESS = r"^https?://[^\s/]+\S*$"


def web_address(value: str, what: str, fix: str) -> str:
    """`value` if it is an http(s) address; else a problem that says `what` is not one."""
    if not re.fullmatch(WEB_ADDRESS, value):
        raise PydanticCustomError("warta", f"{what} bukan alamat http(s)", {"fix": fix})
    return value


PRESS_COUNCIL_LABELS = {
    "verified": "Terverifikasi faktual Dewan Pers",
    "administrative": "Terverifikasi administratif Dewan Pers",
    "none": "Belum terverifikasi Dewan Pers",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


def _day(value) -> date:
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise PydanticCustomError("warta", f"'{text}' bukan tanggal yang dikenali",
                                  {"fix": "tulis tanggal seperti 2026-01-01 (tahun-bulan-tanggal)"})
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("warta", f"tanggal '{text}' tidak ada",
                                  {"fix": "periksa tanggalnya di kalender, mis. 2026-12-31"}) from None


class Contract(_Strict):
    start: date
    end: date

    @field_validator("start", "end", mode="before")
    @classmethod
    def _date(cls, value):
        return _day(value)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise PydanticCustomError("warta", "akhir kontrak lebih awal dari awalnya",
                                      {"fix": "end adalah tanggal kontrak berakhir, sesudah start", "field": "end"})
        return self


class Contact(_Strict):
    name: str = Field(min_length=1)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None


class PartnerEntry(_Strict):
    slug: str = Field(pattern=SLUG.pattern, max_length=MAX_SEGMENT)
    name: str = Field(min_length=1)
    legal_name: str = Field(min_length=1)
    url: str = Field(pattern=WEB_ADDRESS)
    feeds: list[str] = Field(default_factory=list)
    # Outlets without a feed still publish a sitemap (WordPress, Yoast, Google News): one address.
    sitemap: str | None = None
    press_council: Literal["verified", "administrative", "none"]
    contract: Contract
    scope: Literal["all"] | list[str] = "all"
    contact: Contact

    @field_validator("feeds")
    @classmethod
    def _feed_addresses(cls, feeds):
        for feed in feeds:
            web_address(feed, f"alamat feed '{feed}'", "tulis alamat lengkap, mis. https://koran.example.id/feed/")
        if len(set(feeds)) != len(feeds):
            raise PydanticCustomError("warta", "alamat feed yang sama ditulis dua kali",
                                      {"fix": "hapus salah satu alamat"})
        return feeds

    @field_validator("sitemap")
    @classmethod
    def _sitemap_address(cls, sitemap):
        if sitemap is None:
            return None
        return web_address(sitemap, f"alamat sitemap '{sitemap}'",
                           "tulis alamat lengkap, mis. https://koran.example.id/sitemap_index.xml")

    @model_validator(mode="after")
    def _something_to_read(self):
        if not self.feeds and not self.sitemap:
            raise PydanticCustomError("warta", "mitra tidak punya feed maupun sitemap",
                                      {"fix": "tulis feeds: [alamat feed RSS/Atom/JSON Feed] atau "
                                              "sitemap: alamat sitemap situsnya", "field": "feeds"})
        if self.sitemap in self.feeds:
            raise PydanticCustomError("warta", "alamat sitemap sama dengan salah satu feed",
                                      {"fix": "feeds berisi alamat feed, sitemap berisi alamat sitemap XML",
                                       "field": "sitemap"})
        return self

    @property
    def sources(self) -> list[tuple[str, str]]:
        """What `invoke liputan` reads for this partner: ("feed" | "sitemap", address)."""
        return [("feed", feed) for feed in self.feeds] + ([("sitemap", self.sitemap)] if self.sitemap else [])

    @field_validator("scope", mode="before")
    @classmethod
    def _scope(cls, value, info: ValidationInfo):
        if isinstance(value, str) and value != "all":
            value = [part.strip() for part in value.split(",") if part.strip()]
        known = (info.context or {}).get("known") or set()
        for slug in value if isinstance(value, list) and known else ():
            if slug not in known:
                guess = nearest(slug, known)
                raise PydanticCustomError("warta", f"'{slug}' bukan slug OPD atau wilayah", {
                    "fix": (f"maksud Anda '{guess}'? " if guess else "")
                    + "tulis scope: all atau daftar slug dari opd.yml dan region.yml"})
        return value

    @property
    def press_council_label(self) -> str:
        return PRESS_COUNCIL_LABELS[self.press_council]

    def active_on(self, day: date) -> bool:
        return self.contract.start <= day <= self.contract.end

    def covers(self, opd: str, regions) -> bool:
        """Whether a release of this OPD and these regions is within the partner's contract scope."""
        return self.scope == "all" or opd in self.scope or any(region in self.scope for region in regions)


def load_partners(content_path: str, data_dir: str, registries: Registries,
                  limit: int = 1_000_000) -> tuple[dict[str, PartnerEntry], list[Problem]]:
    """The partners by slug; a site without mitra.yml simply has none."""
    source = os.path.join(content_path, data_dir, FILE_NAME)
    if not os.path.exists(source):
        return {}, []
    relative = os.path.join(os.path.basename(content_path.rstrip(os.sep)), data_dir, FILE_NAME)
    problems: list[Problem] = []
    known = set(registries.opds) | set(registries.regions)
    partners = load_list(source, os.path.realpath(content_path), relative, PartnerEntry, "mitra", problems, limit,
                         {"known": known})
    return partners, problems
