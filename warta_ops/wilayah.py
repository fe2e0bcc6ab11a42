"""The official Kemendagri list of regions shipped in warta_ops/data/, and the time zone of each."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "wilayah.csv"

# Indonesia's three zones (UU/Keppres No. 41 Tahun 1987) by province code. Kalimantan Barat and
# Kalimantan Tengah keep their own IANA name for the same offset.
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
_PONTIANAK = {"61", "62"}


@dataclass(frozen=True, slots=True)
class Wilayah:
    code: str  # "19", "19.01", "19.01.01"
    name: str  # as Kemendagri writes it: "Kepulauan Bangka Belitung", "Kabupaten Bangka", "Sungailiat"

    @property
    def type(self) -> str:
        """provinsi, kabupaten, kota or kecamatan: the `type` of region.yml."""
        level = self.code.count(".")
        if level == 0:
            return "provinsi"
        if level == 2:
            return "kecamatan"
        return "kota" if self.name.startswith("Kota ") else "kabupaten"

    @property
    def short_name(self) -> str:
        """The name without its kind: "Bangka" for "Kabupaten Bangka"."""
        return re.sub(r"^(Kabupaten|Kota) ", "", self.name)

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def zone_label(self) -> str:
        code = self.province_code
        return "WITA" if code in _WITA else "WIT" if code in _WIT else "WIB"

    @property
    def timezone(self) -> str:
        """The IANA zone of the region, for Pelican's TIMEZONE."""
        return "Asia/Pontianak" if self.province_code in _PONTIANAK else ZONES[self.zone_label]

    @property
    def government(self) -> str:
        """The government's own name: "Pemerintah Kabupaten Bangka", "Pemerintah Provinsi Papua"."""
        if self.type == "provinsi":
            return f"Pemerintah Provinsi {self.name}"
        return f"Pemerintah {self.name}"

    @property
    def full_name(self) -> str:
        """The region as a sentence names it: "Provinsi Papua", "Kabupaten Bangka"."""
        return f"Provinsi {self.name}" if self.type == "provinsi" else self.name


@lru_cache(maxsize=1)
def regions() -> dict[str, Wilayah]:
    """Every province, kabupaten/kota and kecamatan by code, in code order."""
    with open(DATA, encoding="utf-8", newline="") as handle:
        return {row["code"]: Wilayah(row["code"], row["name"]) for row in csv.DictReader(handle)}


def children(parent: Wilayah) -> list[Wilayah]:
    """The kabupaten/kota of a province, or the kecamatan of a kabupaten/kota."""
    prefix = parent.code + "."
    depth = parent.code.count(".") + 1
    return [region for code, region in regions().items() if code.startswith(prefix) and code.count(".") == depth]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def find(query: str) -> list[Wilayah]:
    """Provinces and kabupaten/kota matching a code ("19.01", "1901") or a name ("Kabupaten Bangka", "bangka")."""
    text = query.strip()
    table = regions()
    digits = re.sub(r"\D", "", text)
    if digits and digits == re.sub(r"[\s.]", "", text) and len(digits) in (2, 4):
        code = digits if len(digits) == 2 else f"{digits[:2]}.{digits[2:]}"
        return [table[code]] if code in table else []
    wanted = _key(re.sub(r"^(provinsi|prov\.?)\s+", "", text, flags=re.IGNORECASE))
    candidates = [region for region in table.values() if region.type != "kecamatan"]
    exact = [region for region in candidates if _key(region.name) == wanted]
    if exact:
        return exact
    return [region for region in candidates if _key(region.short_name) == wanted]


def slug_for(region: Wilayah) -> str:
    """A region's slug in region.yml: "bangka", "kota-pangkal-pinang", "kepulauan-bangka-belitung"."""
    from unidecode import unidecode

    base = re.sub(r"[^a-z0-9]+", "-", unidecode(region.short_name).lower()).strip("-")
    return f"kota-{base}" if region.type == "kota" else base
