"""Characters a writer cannot see: ones XML forbids (they crash feeds), ones that turn text around,
and ones that only look empty.

A form feed pasted from a PDF, NUL, DEL or U+FFFE makes every XML writer fail; a title made of
zero-width spaces shows as an empty heading. Both are found here so that validation names them.
"""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids C0 controls except tab, newline and carriage return, surrogates, U+FFFE and U+FFFF;
# DEL and the C1 controls are allowed there but are never text (mostly mis-decoded Windows-1252).
# The bidirectional embeddings, overrides and isolates are refused too: U+202E turns "laporan fdp.exe"
# into what reads as "laporan exe.pdf" (the Trojan Source trick); Arabic or Hebrew quotes need none of
# them, and the marks U+200E/U+200F stay allowed.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                       "\u202a-\u202e\u2066-\u2069]")

# Letters that render as nothing although Unicode does not call them spaces or format characters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e")

_NAMES = {
    "\x00": "NUL", "\x08": "backspace", "\x0b": "tab vertikal", "\x0c": "form feed (pemisah halaman)",
    "\x1b": "escape", "\x7f": "DEL", "\ufffe": "bukan karakter", "\uffff": "bukan karakter",
    **{chr(code): "pengubah arah teks" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def describe(char: str) -> str:
    """`U+000C (form feed (pemisah halaman))`: the code point a writer can search for."""
    name = _NAMES.get(char) or unicodedata.name(char, "") or "karakter kontrol"
    return f"U+{ord(char):04X} ({name.lower()})"


def forbidden_characters(text: str) -> list[tuple[int, str]]:
    """(offset, character) of each character that must not reach any output."""
    return [(match.start(), match.group()) for match in FORBIDDEN.finditer(text)]


def is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp") or char in _BLANK_LETTERS


def is_blank(text: str) -> bool:
    """True when nothing of `text` would show: empty, spaces, zero-width or other invisible characters."""
    return all(is_invisible(char) for char in text)


def line_at(text: str, offset: int, first_line: int = 1) -> int:
    return first_line + text.count("\n", 0, offset)
