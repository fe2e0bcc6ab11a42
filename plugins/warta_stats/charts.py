"""Bar charts as inline SVG, drawn at build time so they need no JavaScript.

Each chart names itself for screen readers (role="img", <title>, <desc>); the page puts the same
numbers in a data table next to it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR = "#0b4f8a"
TEXT = "#1b1b1b"
GRID = "#d0d5d9"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _frame(chart_id: str, title: str, description: str, width: int, height: int, body: list[str]) -> Markup:
    head = (f'<svg class="warta-chart__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{chart_id}-judul {chart_id}-uraian" viewBox="0 0 {width} {height}" '
            f'width="100%" preserveAspectRatio="xMinYMin meet">'
            f'<title id="{chart_id}-judul">{escape(title)}</title>'
            f'<desc id="{chart_id}-uraian">{escape(description)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def horizontal_bars(chart_id: str, title: str, description: str, bars: list[tuple[str, int]],
                    label_width: int = 150, width: int = 640, row: int = 22) -> Markup:
    """One labelled bar per row, longest = full width; the value is written after each bar."""
    top = 4
    height = top + row * len(bars) + 4
    room = width - label_width - 40
    peak = max((value for _, value in bars), default=0) or 1
    body = []
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        length = round(room * value / peak)
        body.append(f'<text x="{label_width - 6}" y="{y + row * 0.68:.1f}" text-anchor="end" fill="{TEXT}" {FONT}>'
                    f'{escape(label)}</text>')
        if length:
            body.append(f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 6}" fill="{BAR}"/>')
        body.append(f'<text x="{label_width + length + 4}" y="{y + row * 0.68:.1f}" fill="{TEXT}" {FONT}>'
                    f'{value}</text>')
    return _frame(chart_id, title, description, width, height, body)


def vertical_bars(chart_id: str, title: str, description: str, bars: list[tuple[str, int]],
                  width: int = 640, height: int = 220) -> Markup:
    """One column per label, left to right, with its value above and its label below."""
    top, bottom = 18, 34
    plot = height - top - bottom
    slot = width / max(len(bars), 1)
    peak = max((value for _, value in bars), default=0) or 1
    body = [f'<line x1="0" y1="{top + plot}" x2="{width}" y2="{top + plot}" stroke="{GRID}"/>']
    for index, (label, value) in enumerate(bars):
        x = index * slot
        length = round(plot * value / peak)
        middle = x + slot / 2
        if length:
            body.append(f'<rect x="{x + slot * 0.15:.1f}" y="{top + plot - length}" width="{slot * 0.7:.1f}" '
                        f'height="{length}" fill="{BAR}"/>')
        body.append(f'<text x="{middle:.1f}" y="{top + plot - length - 4}" text-anchor="middle" fill="{TEXT}" '
                    f'{FONT}>{value}</text>')
        month, _, year = label.partition(" ")
        body.append(f'<text x="{middle:.1f}" y="{top + plot + 14}" text-anchor="middle" fill="{TEXT}" {FONT}>'
                    f'{escape(month)}</text>')
        if year:
            body.append(f'<text x="{middle:.1f}" y="{top + plot + 28}" text-anchor="middle" fill="{TEXT}" '
                        f'{FONT}>{escape(year)}</text>')
    return _frame(chart_id, title, description, width, height, body)
