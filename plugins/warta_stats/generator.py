"""The statistics generator: /statistik/ with its charts, data tables and CSV downloads.

It counts over the groups that warta_groups puts in the context (`opds`, `regions`), so it runs
in generate_output, when every generator's context is complete.
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

from warta_core.plugins import generator_writer
from warta_core.templates import PageRenderer, prepare_env
from . import charts, tables
from .statistics import Statistics, compute

logger = logging.getLogger(__name__)



class StatisticsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_env(self.env, self.settings)

    def generate_output(self, writer):
        stats = compute(self.context["opds"], self.context["regions"], self.context["build_now"],
                        self.settings["WARTA_STATS_MONTHS"], self.settings["WARTA_SILENT_DAYS"])
        self.context["statistics"] = stats
        out = generator_writer(writer)
        opd_csv, region_csv = self.settings["STATISTICS_OPD_CSV_SAVE_AS"], self.settings["STATISTICS_REGION_CSV_SAVE_AS"]
        out.write(opd_csv, tables.opd_csv(stats))
        out.write(region_csv, tables.region_csv(stats))
        PageRenderer(self.env, self.context, out).page(
            "statistics.html", self.settings["STATISTICS_SAVE_AS"], stats=stats, charts=self._charts(stats),
            opd_csv=opd_csv, region_csv=region_csv)
        if stats.silent:
            logger.info("%d OPD tidak aktif lebih dari %d hari", len(stats.silent), stats.silent_days)

    @staticmethod
    def _charts(stats: Statistics) -> dict:
        first, last = stats.months[0].name, stats.months[-1].name
        period = f"{first} sampai {last}"
        busiest = max(stats.opds, key=lambda row: row.window_total, default=None)
        return {
            "monthly": charts.vertical_bars(
                "grafik-bulanan", f"Jumlah berita per bulan, semua OPD, {period}",
                f"{stats.window_total} berita dalam {len(stats.months)} bulan. Angka lengkap ada di tabel di bawah.",
                [(month.short, total) for month, total in stats.per_month]),
            "opds": charts.horizontal_bars(
                "grafik-opd", f"Jumlah berita per OPD, {period}",
                (f"Terbanyak: {busiest.name}, {busiest.window_total} berita. " if busiest else "")
                + f"{len(stats.silent)} OPD tidak aktif. Angka lengkap ada di tabel di bawah.",
                [(row.abbreviation, row.window_total) for row in stats.opds]),
            "regions": charts.horizontal_bars(
                "grafik-wilayah", f"Jumlah berita per wilayah, {period}",
                "Berita se-provinsi dihitung pada Provinsi saja. Angka lengkap ada di tabel di bawah.",
                [(row.name, row.window_total) for row in stats.regions], label_width=200),
        }
