"""Media partners on the site: /mitra-media/, "Diberitakan ulang oleh" on releases, /statistik/, proofs as CSV."""

from __future__ import annotations

import csv
import io

import lxml.html
import pytest

from sitebuild import build_site, make_site

VACCINATION = "berita/2026/11/vaksinasi-massal-di-majene/index.html"
FLOOD = "berita/2026/11/siaga-banjir-di-mamuju/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("partners")
    output = root / "output"
    build_site(make_site(root, "partners_coverage"), output)
    return output


def page(output, path):
    return lxml.html.fromstring((output / path).read_text(encoding="utf-8"))


def carried_by(output, path) -> list[tuple[str, str, str]]:
    section = page(output, path).xpath("//section[@aria-labelledby='diberitakan-ulang']")
    if not section:
        return []
    return [(item.xpath("./a")[0].text_content(), item.xpath("./a")[1].text_content(), item.xpath("./a")[1].get("href"))
            for item in section[0].xpath(".//li")]


def test_release_page_lists_the_partners_that_carried_it(site):
    assert carried_by(site, VACCINATION) == [
        ("Koran Uji", '=HYPERLINK("https://evil.example.com") Vaksinasi Majene', "https://koran.example.com/2026/11/20/vaksinasi/"),
        ("Radio Uji", "Vaksinasi Massal di Majene", "https://radio.example.com/vaksinasi-massal/"),
    ]
    assert carried_by(site, "berita/2026/11/literasi-digital-se-sulbar/index.html") == []


def test_partner_titles_are_text_never_markup(site):
    html = (site / FLOOD).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tim Reaksi Cepat &amp; Banjir" in html
    assert carried_by(site, FLOOD)[0][1] == "<script>alert(1)</script> Tim Reaksi Cepat & Banjir"


def test_coverage_of_an_unknown_release_is_shown_nowhere(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".csv", ".json", ".xml"}:
            assert "rilis-yang-tidak-ada" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_partner_index_lists_current_partners_and_monthly_numbers(site):
    tree = page(site, "mitra-media/index.html")
    names = [link.text_content() for link in tree.xpath("//ul[@class='warta-partners__list']/li/a[1]")]
    assert names == ["Koran Uji", "Radio Uji"]
    rows = {(row.xpath("./th")[0].text_content(), row.xpath("./td")[0].text_content()):
            [cell.text_content().strip() for cell in row.xpath("./td")[1:6]]
            for row in tree.xpath("//table[caption[@id='tabel-liputan-mitra']]/tbody/tr")}
    # November 2026: Koran Uji carried 2 of the 3 releases (all in scope); Radio Uji 1 of the 1 Dinkes release.
    assert rows[("Koran Uji", "November 2026")] == ["2", "2 dari 3", "67%", "12 jam", "CSV Koran Uji November 2026"]
    assert rows[("Radio Uji", "November 2026")] == ["1", "1 dari 1", "100%", "2,4 hari", "CSV Radio Uji November 2026"]
    # Months before a contract starts are not listed.
    assert ("Radio Uji", "Agustus 2026") not in rows and ("Koran Uji", "Agustus 2026") in rows


def test_partner_page_lists_the_releases_it_carried(site):
    tree = page(site, "mitra-media/radio-uji/index.html")
    assert tree.xpath("//h1")[0].text_content() == "Radio Uji"
    carried = tree.xpath("//section[@aria-labelledby='rilis-dimuat']//li/a[1]")
    assert [link.text_content() for link in carried] == ["Dinas Kesehatan Gelar Vaksinasi Massal di Majene"]
    assert "dinkes" in tree.xpath("//dt[.='Cakupan']/following-sibling::dd[1]")[0].text_content()


def test_statistics_page_shows_partner_months_and_opd_reach(site):
    tree = page(site, "statistik/index.html")
    assert tree.xpath("//table[caption[@id='tabel-statistik-mitra']]")
    reach = {row.xpath("./th")[0].text_content(): [cell.text_content() for cell in row.xpath("./td")]
             for row in tree.xpath("//table[caption[@id='tabel-statistik-jangkauan']]/tbody/tr")}
    assert reach["Dinas Kesehatan"] == ["1", "1", "100%", "2,0"]
    assert reach["Dinas Komunikasi dan Informatika"] == ["1", "0", "0%", "0,0"]


def test_proof_of_publication_csv_opens_in_excel_with_the_right_columns(site):
    data = (site / "mitra-media/koran-uji/bukti-tayang-2026-11.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == ["mitra", "judul_rilis", "alamat_rilis", "judul_artikel_mitra", "alamat_artikel_mitra",
                             "waktu_tayang_mitra", "pertama_terlihat", "metode", "skor"]
    assert [row["alamat_artikel_mitra"] for row in rows] == ["https://koran.example.com/2026/11/18/tim-reaksi-cepat/",
                                                             "https://koran.example.com/2026/11/20/vaksinasi/"]
    assert rows[1]["judul_rilis"] == "Dinas Kesehatan Gelar Vaksinasi Massal di Majene"
    assert rows[1]["alamat_rilis"].endswith("/berita/2026/11/vaksinasi-massal-di-majene/")
    assert rows[1]["judul_artikel_mitra"].startswith("'=HYPERLINK")  # never a live formula
    assert rows[1]["waktu_tayang_mitra"] == "2026-11-20T12:00:00+08:00"
    assert not (site / "mitra-media/radio-uji/bukti-tayang-2026-10.csv").exists()


def test_coverage_change_rerenders_the_release_page(tmp_path):
    content = make_site(tmp_path, "partners_coverage")
    output = tmp_path / "output"
    build_site(content, output)
    month = content / "data" / "liputan" / "2026-11.yml"
    month.write_text(month.read_text(encoding="utf-8").replace("Vaksinasi Massal di Majene", "Judul Baru Radio"),
                     encoding="utf-8")
    build_site(content, output)
    assert carried_by(output, VACCINATION)[1][1] == "Judul Baru Radio"
