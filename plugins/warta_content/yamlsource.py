"""YAML reading that keeps line numbers and avoids YAML 1.1 surprises.

Every plain scalar stays a string (so `no` is not False, `2026-11-20` is not a naive date and
`2026` is not a number); only `true`/`false` and empty values are resolved. Duplicate keys are
reported instead of silently keeping the last one.
"""

from __future__ import annotations

import re

import yaml

from warta_core.problems import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_BaseLoader):
    yaml_implicit_resolvers: dict = {}


StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


CURLY_QUOTES = "“”‘’„‟«»"

# libyaml's problems, in words a writer reads; its English is never shown (first match wins).
_PROBLEMS = (
    ("escape", "garis miring terbalik (\\) di dalam kutip ganda bukan kode yang dikenal",
     "tulis \\\\ untuk satu garis miring terbalik, atau apit nilai dengan kutip tunggal, mis. credit: 'C:\\foto'"),
    ("cannot start any token", "nilai diawali karakter yang tidak boleh di awal (mis. @ atau `)",
     'apit nilai dengan tanda kutip, mis. author: "@humas_dinkes"'),
    ("tag handle", "nilai diawali tanda !", 'apit nilai dengan tanda kutip, mis. title: "!Penting"'),
    ("alphabetic or numeric", "tanda & atau * di awal nilai", 'apit nilai dengan tanda kutip, mis. title: "& lainnya"'),
    ("',' or ']'", "kurung siku [ tidak ditutup", "tutup daftar dengan ], mis. region: [majene, mamuju]"),
    ("',' or '}'", "kurung kurawal { tidak ditutup", "tutup dengan }, mis. {src: gambar/foto.jpg, alt: Keterangan}"),
    ("block sequence entries", "tanda - di tengah baris", "tulis butir daftar di baris sendiri, atau apit nilai "
     'dengan tanda kutip, mis. title: "- Judul"'),
    ("document", "ada baris --- atau % di tengah front matter",
     "front matter dibuka dan ditutup dengan satu baris --- saja; hapus baris itu"),
    ("comment or line break", "ada teks sesudah | atau > di awal nilai", "tulis teksnya di baris berikutnya, menjorok"),
    ("expected key", "indentasi tidak rata", "sejajarkan kunci dengan kunci di atasnya (pakai spasi, bukan tab)"),
    ("'-' indicator", "indentasi daftar tidak rata", "sejajarkan tanda - setiap butir daftar"),
    ("block end", "indentasi tidak rata", "sejajarkan kunci dengan kunci di atasnya (pakai spasi, bukan tab)"),
)


def _yaml_problem(error: yaml.YAMLError, source: str, path: str, first_line: int, field: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = first_line + (mark.line if mark else 0)
    text = f"{getattr(error, 'context', '') or ''} {getattr(error, 'problem', '') or ''}"
    lines = source.split("\n")
    # libyaml's messages do not show the offending character: look at the lines it points to.
    near = lines[max(0, line - first_line - 1): line - first_line + 1]
    tabbed = [first_line + index for index, text_line in enumerate(lines)
              if "\t" in text_line[: len(text_line) - len(text_line.lstrip())]]
    if tabbed and ("tab" in text or "cannot start any token" in text or any("\t" in text_line for text_line in near)):
        return Problem(
            path, tabbed[0], field, "karakter tab dipakai untuk indentasi",
            "ganti tab dengan spasi (dua spasi per tingkat)"
        )
    if any(quote in text_line for text_line in near for quote in CURLY_QUOTES):
        return Problem(
            path, line, field, "tanda kutip melengkung (“ ” atau ‘ ’) tidak dikenali YAML",
            'ganti dengan kutip lurus biasa, mis. title: "Bupati: Program Berlanjut" (papan ketik ponsel sering '
            "mengubahnya otomatis)"
        )
    if "escape" in text or "hexdecimal" in text:  # libyaml's spelling
        message, fix = _PROBLEMS[0][1:]
        return Problem(path, line, field, message, fix)
    if "quoted scalar" in text:
        # The scanner fails at the end of the text; the quote that was never closed is where it began.
        start = getattr(error, "context_mark", None)
        line = first_line + start.line if start else line
        return Problem(
            path,
            line,
            field,
            "tanda kutip tidak ditutup",
            'tutup tanda kutip di akhir nilai, mis. title: "Judul Berita"',
        )
    if "mapping values are not allowed" in text:
        return Problem(
            path,
            line,
            field,
            "ada titik dua (:) di tengah nilai",
            'apit nilai dengan tanda kutip, mis. title: "Bupati: Program Berlanjut"',
        )
    message, fix = next(((message, fix) for words, message, fix in _PROBLEMS if words in text),
                        ("YAML tidak valid", "periksa titik dua, tanda kutip dan indentasi pada baris ini"))
    if "',' or" in text and getattr(error, "context_mark", None):
        line = first_line + error.context_mark.line  # where the bracket opened, not the end of the text
    return Problem(path, line, field, message, fix)


# What content may hold: text, true/false, empty, lists and keys. An explicit tag (`!!timestamp`,
# `!!binary`, `!!set`, `!foo`) would build other Python types, and PyYAML's own constructors crash on
# some of their values (`!!timestamp 2026-01-01 10:00`).
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "bool", "null", "seq", "map"))
TEXT_TAG = "tag:yaml.org,2002:str"


def _index_lines(node, first_line: int, prefix: tuple, lines: dict, duplicates: list, refused: list) -> None:
    """Record the line of every key path; refuse explicit tags and keys that are not text."""
    if node.tag not in PLAIN_TAGS:
        refused.append((first_line + node.start_mark.line, f"tag YAML {node.tag.replace('tag:yaml.org,2002:', '!!')} "
                        "tidak diizinkan", "tulis nilainya langsung; jika tanda ! bagian dari teks, apit nilai "
                        "dengan tanda kutip"))
        return
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != TEXT_TAG:
                refused.append((line, "kunci harus berupa teks", "tulis nama kunci seperti title:; "
                                'jika kunci itu memang true, null atau ~, apit dengan tanda kutip'))
                continue
            key = key_node.value
            path = (*prefix, key)
            if key in seen:
                duplicates.append((path, line))
            seen.add(key)
            lines.setdefault(path, line)
            _index_lines(value_node, first_line, path, lines, duplicates, refused)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, index)
            lines.setdefault(path, first_line + item.start_mark.line)
            _index_lines(item, first_line, path, lines, duplicates, refused)


# `&name` or `*name` where a value may start: the only places an anchor or alias can be (a cheap
# filter; "Pemuda & Olahraga" or "R&D" never need the event parse below).
MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\[\]{}]", re.M)


def _anchor_problems(text: str, path: str, first_line: int, field: str) -> list[Problem]:
    """Anchors and aliases: ten lines of them expand into gigabytes. Nobody needs them in front matter."""
    problems = []
    try:
        for event in yaml.parse(text, Loader=StrictLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(Problem(path, first_line + event.start_mark.line, field,
                                        "anchor (&) atau alias (*) YAML tidak diizinkan",
                                        "tulis nilainya langsung; jika tanda & atau * bagian dari teks, "
                                        "apit nilai dengan tanda kutip"))
                break
    except yaml.YAMLError:
        return []  # the parse below reports it
    return problems


def load(text: str, path: str, first_line: int = 1, field: str = "front matter"):
    """Parse YAML text: (data, {key path tuple: line}, problems)."""
    if MAYBE_ANCHOR.search(text):
        problems = _anchor_problems(text, path, first_line, field)
        if problems:
            return None, {}, problems
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines: dict = {}
        duplicates: list = []
        refused: list = []
        _index_lines(node, first_line, (), lines, duplicates, refused)
        if refused:
            return None, {}, [Problem(path, line, field, message, fix) for line, message, fix in refused]
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        return None, {}, [_yaml_problem(error, text, path, first_line, field)]
    finally:
        loader.dispose()
    problems = [
        Problem(
            path,
            line,
            ".".join(str(p) for p in key),
            "kunci ditulis dua kali",
            "hapus salah satu baris; hanya satu nilai yang dipakai",
        )
        for key, line in duplicates
    ]
    return data, lines, problems


def line_of(lines: dict, loc: tuple, default: int) -> int:
    """The line of the deepest known part of a key path."""
    for end in range(len(loc), 0, -1):
        if tuple(loc[:end]) in lines:
            return lines[tuple(loc[:end])]
    return default
