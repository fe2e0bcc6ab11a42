"""The statistics as CSV files: the same rows as the page's data tables, UTF-8 with a header row."""

from __future__ import annotations

import csv
import io

from .statistics import Statistics


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A text cell that a spreadsheet shows as text and that carries no live markup.

    Editors open these files in Excel or LibreOffice, which run a cell starting with `=`, `+`, `-`
    or `@` as a formula; and registry names never need angle brackets, which could be read as HTML.
    """
    if not isinstance(value, str):
        return value
    value = value.replace("<", "").replace(">", "")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def opd_csv(stats: Statistics) -> str:
    header = ["slug", "opd", "singkatan", *(month.key for month in stats.months), "jumlah_periode", "jumlah_total",
              "berita_terakhir", "hari_sejak_berita_terakhir", "status"]
    rows = [[row.slug, row.name, row.abbreviation, *row.monthly, row.window_total, row.total,
             row.latest.date().isoformat() if row.latest else "", "" if row.days_since is None else row.days_since,
             "tidak aktif" if row.silent else "aktif"] for row in stats.opds]
    return _csv(header, rows)


def region_csv(stats: Statistics) -> str:
    header = ["slug", "wilayah", "jenis", "jumlah_periode", "jumlah_total"]
    return _csv(header, [[row.slug, row.name, row.type, row.window_total, row.total] for row in stats.regions])
