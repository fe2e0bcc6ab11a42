"""The OPD and region registries that editors maintain in content/data/."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pydantic import ValidationError

from warta_core.characters import describe, forbidden_characters, line_at
from warta_core.problems import Problem
from warta_core.safefiles import UnsafeFile, read_regular_file
from . import yamlsource
from .reader import value_problems
from .schema import OpdEntry, RegionEntry, known_keys, validation_problems


@dataclass
class Registries:
    opds: dict[str, OpdEntry] = field(default_factory=dict)
    regions: dict[str, RegionEntry] = field(default_factory=dict)
    # (slug, key) → line in opd.yml, for problems found after the file is read (a logo's bytes).
    opd_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    # slug → real path of the OPD's logo inside the content tree, once checked (see loading).
    logos: dict[str, str] = field(default_factory=dict)

    @property
    def province(self) -> RegionEntry | None:
        """The site-wide region: the province, or the kabupaten/kota of a kabupaten or city site.

        It is the one region whose code every other region's code extends ("76" for "76.01").
        """
        if not self.regions:
            return None
        return min(self.regions.values(), key=lambda region: region.code.count("."))


def read_data(path: str, root: str, relative: str, label: str, limit: int, problems: list[Problem]):
    """A data file's YAML (data, lines), read as releases are: a regular file inside the content tree,
    UTF-8, and no character XML forbids, written or escaped. Problems are added to `problems`; data is
    None when nothing usable was read. FileNotFoundError when there is no such file.
    """
    try:
        text = read_regular_file(path, root, limit).decode("utf-8-sig").replace("\r\n", "\n")
    except UnsafeFile as error:
        problems.append(Problem(relative, 1, label, error.message, error.fix))
        return None, {}
    except UnicodeDecodeError:
        problems.append(Problem(relative, 1, label, "berkas bukan UTF-8", "simpan ulang berkas sebagai UTF-8"))
        return None, {}
    found = [Problem(relative, line_at(text, offset), label, f"karakter tak terlihat {describe(char)}",
                     "hapus karakter itu lalu ketik ulang kata di sekitarnya")
             for offset, char in forbidden_characters(text)[:1]]
    if found:
        problems.extend(found)
        return None, {}
    data, lines, found = yamlsource.load(text, relative, 1, label)
    problems.extend(found)  # a key written twice leaves the data usable
    escaped = value_problems(data, lines, relative) if data is not None and "\\" in text else []
    if escaped:
        problems.extend(escaped)
        return None, {}
    return data, lines


def load_list(path: str, root: str, relative: str, model, label: str, problems: list[Problem], limit: int,
              context=None, key_lines: dict | None = None) -> dict:
    """A registry file: a YAML list of entries keyed by their unique slug; problems are collected.

    `key_lines`, when given, receives the line of every key of every entry: (slug, key) → line.
    """
    before = len(problems)
    try:
        data, lines = read_data(path, root, relative, label, limit, problems)
    except FileNotFoundError:
        problems.append(Problem(relative, 1, label, "berkas registri tidak ada",
                                f"buat {relative} berisi daftar {label}"))
        return {}
    if data is None and problems[before:]:
        return {}
    # `[]` too: with no OPD or region at all, no release could be checked against the registry.
    if not data:
        problems.append(Problem(relative, 1, label, "registri kosong", f"isi daftar {label}"))
        return {}
    if not isinstance(data, list):
        problems.append(Problem(relative, 1, label, "registri harus berupa daftar",
                                "setiap entri diawali tanda '- ', mis. '- slug: majene'"))
        return {}
    entries: dict = {}
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        try:
            entry = model.model_validate(item, context=context)
        except ValidationError as error:
            problems.extend(validation_problems(error, relative, lines, known_keys(model), (index,), line))
            continue
        if entry.slug in entries:
            problems.append(Problem(relative, lines.get((index, "slug"), line), "slug",
                                    f"slug '{entry.slug}' dipakai dua kali",
                                    "setiap entri harus punya slug yang berbeda"))
            continue
        entries[entry.slug] = entry
        if key_lines is not None and isinstance(item, dict):
            key_lines.update(((entry.slug, key), lines.get((index, key), line)) for key in item)
    return entries


def load_registries(content_path: str, data_dir: str = "data",
                    limit: int = 1_000_000) -> tuple[Registries, list[Problem]]:
    problems: list[Problem] = []
    root = os.path.realpath(content_path)
    registries = Registries()
    for attribute, name, model, label in (("opds", "opd.yml", OpdEntry, "opd"),
                                          ("regions", "region.yml", RegionEntry, "wilayah")):
        relative = os.path.join(os.path.basename(content_path.rstrip(os.sep)), data_dir, name)
        entries = load_list(os.path.join(content_path, data_dir, name), root, relative, model, label, problems,
                            limit, key_lines=registries.opd_lines if attribute == "opds" else None)
        setattr(registries, attribute, entries)
    problems.extend(_check_root(registries, os.path.join("content", data_dir, "region.yml")))
    return registries, problems


def _check_root(registries: Registries, path: str) -> list[Problem]:
    """Exactly one site-wide region (a province, or a kabupaten/kota), and every other region inside it."""
    if not registries.regions:
        return []
    top = min(region.code.count(".") for region in registries.regions.values())
    roots = [region for region in registries.regions.values() if region.code.count(".") == top]
    if len(roots) != 1:
        kind = roots[0].type
        return [Problem(path, 1, "type", f"harus ada tepat satu wilayah untuk seluruh situs (ada {len(roots)} "
                        f"wilayah bertipe {kind}: {', '.join(region.slug for region in roots)})",
                        "satu provinsi untuk situs provinsi, atau satu kabupaten/kota untuk situs kabupaten/kota; "
                        "wilayah lain berada di dalamnya")]
    root = roots[0]
    return [Problem(path, 1, "code", f"kode '{region.code}' ({region.slug}) tidak diawali kode {root.type} "
                    f"'{root.code}'", f"tulis seperti \"{root.code}.01\"")
            for region in registries.regions.values()
            if region is not root and not region.code.startswith(root.code + ".")]
