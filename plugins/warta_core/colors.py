"""Theme colours from WARTA_COLORS: checked for contrast, written as CSS custom properties."""

from __future__ import annotations

import re

# The theme's colour variables (theme/static/css/warta.css) a Pemda may set, and their defaults.
COLORS = {"brand": "#0c4a83", "brand-dark": "#08345d", "link": "#0b4f94", "focus": "#ffbf47"}
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _rgb(color: str) -> tuple[int, int, int]:
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return tuple(int(digits[index:index + 2], 16) for index in (0, 2, 4))


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(color):
        channels = [value / 255 for value in _rgb(color)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def color_problems(colors) -> list[str]:
    """What is wrong with WARTA_COLORS: unknown names, not a colour, or text that would be hard to read."""
    if not isinstance(colors, dict):
        return ['harus kamus, mis. {"brand": "#0c4a83"}']
    problems = []
    for name, value in colors.items():
        if name not in COLORS:
            problems.append(f"warna '{name}' tidak dikenal; pilihan: {', '.join(COLORS)}")
        elif not isinstance(value, str) or not HEX.match(value):
            problems.append(f"{name} = {value!r} bukan warna heksadesimal, mis. \"#0c4a83\"")
    if problems:
        return problems
    merged = {**COLORS, **colors}
    # White text sits on the brand colours (header, buttons); links sit on white.
    for name in ("brand", "brand-dark", "link"):
        ratio = contrast(merged[name], "#ffffff")
        if ratio < 4.5:
            problems.append(f"{name} {merged[name]} terlalu terang terhadap putih (kontras {ratio:.1f}:1, "
                            "perlu 4.5:1) — pilih warna yang lebih gelap agar teks tetap terbaca")
    return problems


def colors_css(colors: dict) -> str:
    merged = {**COLORS, **colors}
    lines = [f"  --warta-{name}: {value};" for name, value in merged.items()]
    return "/* Warna tema dari WARTA_COLORS (pelicanconf.py). */\n:root {\n" + "\n".join(lines) + "\n}\n"
