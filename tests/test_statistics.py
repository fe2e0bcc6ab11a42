"""/statistik/ on the fixture with known numbers (see test_groups.py for its releases), and on the demo."""

from __future__ import annotations

import csv

import lxml.html
import pytest

from test_groups import build_known_numbers

MONTHS = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08",
          "2026-09", "2026-10", "2026-11"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_known_numbers(tmp_path_factory.mktemp("stats"))


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def silent_names(output) -> list[str]:
    root = lxml.html.parse(str(output / "statistik" / "index.html")).getroot()
    return [link.text_content() for link in root.xpath('//ul[@class="warta-statistics__silent-list"]/li/a')]


def test_opd_csv_has_known_counts(site):
    rows = read_csv(site / "statistik" / "statistik-opd.csv")
    assert list(rows[0]) == ["slug", "opd", "singkatan", *MONTHS, "jumlah_periode", "jumlah_total",
                             "berita_terakhir", "hari_sejak_berita_terakhir", "status"]
    by_slug = {row["slug"]: row for row in rows}
    assert [row["slug"] for row in rows] == ["bpbd", "dinkes", "diskominfo", "dispar"]

    def months(slug):
        return {month: int(by_slug[slug][month]) for month in MONTHS if by_slug[slug][month] != "0"}

    # The draft (August) and the embargoed release (December) are counted nowhere.
    assert months("dinkes") == {"2026-09": 1, "2026-10": 1, "2026-11": 1}
    assert months("bpbd") == {"2026-10": 1, "2026-11": 2}
    assert months("diskominfo") == {"2026-09": 1, "2026-11": 1}
    assert months("dispar") == {}
    summary = {slug: (row["jumlah_periode"], row["jumlah_total"], row["berita_terakhir"],
                      row["hari_sejak_berita_terakhir"], row["status"]) for slug, row in by_slug.items()}
    assert summary == {
        "bpbd": ("3", "3", "2026-11-23", "1", "aktif"),
        "dinkes": ("3", "3", "2026-11-20", "4", "aktif"),
        "diskominfo": ("2", "2", "2026-11-10", "14", "aktif"),
        "dispar": ("0", "0", "", "", "tidak aktif"),
    }


def test_region_csv_counts_province_news_on_the_province_only(site):
    rows = read_csv(site / "statistik" / "statistik-wilayah.csv")
    assert [(row["slug"], row["jenis"], row["jumlah_periode"], row["jumlah_total"]) for row in rows] == [
        ("sulbar", "provinsi", "3", "3"), ("majene", "kabupaten", "3", "3"), ("mamuju", "kabupaten", "3", "3")]


def test_silent_opds_are_flagged(site, tmp_path):
    assert silent_names(site) == ["Dinas Pariwisata"]
    output = build_known_numbers(tmp_path, WARTA_SILENT_DAYS=10)
    assert silent_names(output) == ["Dinas Komunikasi dan Informatika", "Dinas Pariwisata"]
    table = lxml.html.parse(str(output / "statistik" / "index.html")).getroot()
    flagged = table.xpath('//tr[contains(@class, "warta-statistics__row--silent")]/th')
    assert [cell.text_content().strip() for cell in flagged] == silent_names(output)


def test_every_chart_is_labelled_svg_with_a_data_table(site):
    root = lxml.html.parse(str(site / "statistik" / "index.html")).getroot()
    assert len(root.xpath("//h1")) == 1
    charts = root.xpath('//section[@class="warta-chart"]')
    assert len(charts) == 3
    for chart in charts:
        (svg,) = chart.xpath(".//svg")
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.xpath(f'./title[@id="{title_id}"]') and svg.xpath(f'./desc[@id="{desc_id}"]')
        (table,) = chart.xpath(".//table")
        assert table.xpath("./caption")[0].text_content().strip()
        assert all(cell.get("scope") in {"col", "row"} for cell in table.xpath(".//th"))
    monthly = charts[0].xpath(".//tbody/tr")
    assert [row.xpath("./td")[0].text_content() for row in monthly][-4:] == ["0", "2", "2", "4"]
    downloads = root.xpath('//a[@download]/@href')
    assert downloads == ["/statistik/statistik-opd.csv", "/statistik/statistik-wilayah.csv"]


def test_settings_are_checked_once_with_a_clear_message():
    from warta_core.settings import SettingsError, with_defaults

    with_defaults({"TIMEZONE": "Asia/Makassar", "WARTA_SILENT_DAYS": 30, "WARTA_STATS_MONTHS": 12})
    with pytest.raises(SettingsError, match="WARTA_STATS_MONTHS harus bilangan bulat 1 sampai 120, bukan 0"):
        with_defaults({"TIMEZONE": "Asia/Makassar", "WARTA_SILENT_DAYS": 30, "WARTA_STATS_MONTHS": 0})


def test_demo_statistics_flag_a_silent_opd_and_every_group_page_renders(demo_site):
    assert "Dinas Pariwisata" in silent_names(demo_site)
    rows = read_csv(demo_site / "statistik" / "statistik-opd.csv")
    assert len(rows) == 12
    for row in rows:
        assert (demo_site / "opd" / row["slug"] / "index.html").is_file()
    for row in read_csv(demo_site / "statistik" / "statistik-wilayah.csv"):
        assert (demo_site / "wilayah" / row["slug"] / "index.html").is_file()


def test_csv_cells_are_never_formulas_or_markup():
    from warta_stats.tables import cell

    assert cell("=HYPERLINK(\"http://evil\")").startswith("'=")
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("Dinas <script>Pariwisata") == "Dinas scriptPariwisata"
    assert cell("Dinas Kesehatan") == "Dinas Kesehatan"
    assert cell(12) == 12
