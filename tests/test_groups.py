"""OPD, region, topic and month pages on a fixture with known numbers, and what one new release changes.

The fixture (base_site + groups_known_numbers) publishes eight releases, newest first:

    G5 2026-11-23 bpbd        sulbar          bencana
    B1 2026-11-20 dinkes      majene          kesehatan, vaksinasi
    B2 2026-11-18 bpbd        mamuju          bencana
    B3 2026-11-10 diskominfo  sulbar          digital, kesehatan
    G3 2026-10-20 bpbd        majene          bencana
    G1 2026-10-05 dinkes      majene, mamuju  kesehatan
    G2 2026-09-14 dinkes      mamuju          kesehatan, stunting
    G4 2026-09-01 diskominfo  sulbar          digital

plus an embargoed release (2026-12-01) and a draft (2026-08-10), both titled "RAHASIA ...", that
must appear nowhere. `dispar` is in the OPD registry with no release at all.
"""

from __future__ import annotations

import re
import shutil

import lxml.html
import pytest

from sitebuild import FIXTURES, build_site, make_site, read_tree

G5 = "BPBD Sulbar Tetapkan Siaga Darurat Musim Hujan"
B1 = "Dinas Kesehatan Gelar Vaksinasi Massal di Majene"
B2 = "BPBD Siagakan Tim Reaksi Cepat Banjir di Mamuju"
B3 = "Diskominfo Gelar Literasi Digital se-Sulawesi Barat"
G3 = "BPBD Petakan Rawan Longsor di Majene"
G1 = "Posyandu Keliling di Majene dan Mamuju"
G2 = "Kader Stunting Dilatih di Mamuju"
G4 = "Diskominfo Luncurkan Portal Data se-Sulbar"
NEW = "Dinkes Buka Layanan Malam di Puskesmas Majene"
B1_URL = "berita/2026/11/vaksinasi-massal-di-majene/"
NEW_URL = "berita/2026/11/layanan-malam-puskesmas-majene/"
GROUP_DIRS = ("opd/", "wilayah/", "topik/", "berita/")


def build_known_numbers(root, **overrides):
    """The fixture site with known numbers, built into `root`/output."""
    output = root / "output"
    build_site(make_site(root, "groups_known_numbers"), output, **overrides)
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_known_numbers(tmp_path_factory.mktemp("groups"))


@pytest.fixture(scope="module")
def short_site(tmp_path_factory):
    """The same site with group pages showing only the latest two releases."""
    return build_known_numbers(tmp_path_factory.mktemp("groups_short"), WARTA_GROUP_LATEST=2)


def page(output, url: str):
    return lxml.html.parse(str(output / url / "index.html")).getroot()


def titles(node) -> list[str]:
    return [link.text_content().strip() for link in node.xpath('.//*[@class="warta-card__title"]/a')]


def section(root, heading_id: str):
    (found,) = root.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    return found


def table_rows(root) -> list[tuple[str, str, str]]:
    return [(row.xpath("./th")[0].xpath(".//a")[0].text_content().strip(),
             row.xpath("./td")[0].text_content().strip(), row.xpath("./td")[1].text_content().strip())
            for row in root.xpath('//tr[@class="warta-group-table__row"]')]


def test_every_page_has_exactly_one_h1(site):
    pages = [path for path in site.rglob("index.html")
             if str(path.relative_to(site)).startswith(("opd", "wilayah", "topik", "berita/2026/09/index"))]
    assert len(pages) > 20
    for path in pages:
        assert len(lxml.html.parse(str(path)).getroot().xpath("//h1")) == 1, path


def test_opd_index_lists_every_registry_opd_with_count_and_latest(site):
    assert table_rows(page(site, "opd")) == [
        ("Badan Penanggulangan Bencana Daerah", "3", "23 Nov 2026"),
        ("Dinas Kesehatan", "3", "20 Nov 2026"),
        ("Dinas Komunikasi dan Informatika", "2", "10 Nov 2026"),
        ("Dinas Pariwisata", "0", "Belum ada berita"),
    ]


def test_opd_page_shows_profile_and_releases_newest_first(site):
    root = page(site, "opd/dinkes")
    assert root.xpath("//h1")[0].text_content().strip() == "Dinas Kesehatan"
    profile = section(root, "profil").text_content()
    for shown in ("Dinkes", "dr. Andi Fiktif, M.Kes.", "Rina Fiktif", "humas.dinkes@example.org",
                  "https://example.org/dinkes"):
        assert shown in profile
    assert titles(section(root, "berita-terbaru")) == [B1, G1, G2]
    assert titles(page(site, "opd/dispar")) == []
    assert "Belum ada berita." in page(site, "opd/dispar").text_content()


def test_region_index_and_province_first(site):
    assert table_rows(page(site, "wilayah")) == [
        ("Sulawesi Barat", "3", "23 Nov 2026"),
        ("Majene", "3", "20 Nov 2026"),
        ("Mamuju", "3", "18 Nov 2026"),
    ]


def test_kabupaten_page_keeps_province_news_in_its_own_section(site):
    root = page(site, "wilayah/majene")
    assert titles(section(root, "berita-terbaru")) == [B1, G3, G1]
    province = section(root, "berita-provinsi")
    assert province.xpath(".//h2")[0].text_content().strip() == "Berita se-Provinsi"
    assert titles(province) == [G5, B3, G4]
    assert "Jumlah berita3" in root.xpath('//dl[@class="warta-profile__list"]')[0].text_content().replace("\n", "")
    assert titles(section(page(site, "wilayah/mamuju"), "berita-terbaru")) == [B2, G1, G2]


def test_province_page_lists_province_wide_news(site):
    root = page(site, "wilayah/sulbar")
    assert titles(section(root, "berita-terbaru")) == [G5, B3, G4]
    assert not root.xpath('//section[@aria-labelledby="berita-provinsi"]')


def test_topic_pages_and_index(site):
    assert titles(section(page(site, "topik/kesehatan"), "berita-terbaru")) == [B1, B3, G1, G2]
    assert titles(section(page(site, "topik/bencana"), "berita-terbaru")) == [G5, B2, G3]
    assert table_rows(page(site, "topik")) == [
        ("kesehatan", "4", "20 Nov 2026"), ("bencana", "3", "23 Nov 2026"), ("digital", "2", "10 Nov 2026"),
        ("stunting", "1", "14 Sep 2026"), ("vaksinasi", "1", "20 Nov 2026"),
    ]


def test_month_archives_list_every_release_of_the_month(site):
    assert titles(page(site, "berita/2026/11")) == [G5, B1, B2, B3]
    assert titles(page(site, "berita/2026/10")) == [G3, G1]
    assert titles(page(site, "berita/2026/09")) == [G2, G4]
    nav = page(site, "berita/2026/10").xpath('//nav[@class="warta-month-nav"]//a/@href')
    assert nav == ["/berita/2026/09/", "/berita/2026/11/"]


def test_home_page_links_every_site_wide_month_archive_newest_first(site):
    archive = section(page(site, ""), "arsip")
    assert archive.findtext("h2") == "Arsip"
    assert [(a.get("href"), a.text) for a in archive.iter("a")] == [
        ("/berita/2026/11/", "November 2026"), ("/berita/2026/10/", "Oktober 2026"),
        ("/berita/2026/09/", "September 2026")]
    assert [count.text for count in archive.xpath('.//span[@class="warta-index__count"]')] == ["(4)", "(2)", "(2)"]


def test_every_release_is_reachable_from_the_home_page_through_stable_month_archives(tmp_path):
    """A short home page and short group pages: the month archives stay complete, and reach every release."""
    output = build_known_numbers(tmp_path, WARTA_HOME_LATEST=2, WARTA_GROUP_LATEST=1)
    home = page(output, "")
    assert titles(home) == [G5, B1]
    older = home.xpath('//p[@class="warta-more"]/a')[0]
    assert (older.get("href"), older.text_content()) == ("/berita/2026/11/", "Berita sebelumnya: arsip November 2026")
    archive, release = re.compile(r"^/berita/\d{4}/\d{2}/$"), re.compile(r"^/berita/\d{4}/\d{2}/[a-z0-9-]+/$")
    visited, queue, reached = set(), ["/"], set()
    while queue:
        url = queue.pop()
        if url not in visited:
            visited.add(url)
            for href in page(output, url.strip("/")).xpath("//main//a/@href"):
                if archive.match(href):
                    queue.append(href)
                elif release.match(href):
                    reached.add(href)
    every = {f"/{path.parent.relative_to(output)}/" for path in output.glob("berita/*/*/*/index.html")}
    assert len(every) == 8 and reached == every
    assert visited == {"/", "/berita/2026/11/", "/berita/2026/10/", "/berita/2026/09/"}


def test_home_page_links_no_older_news_when_it_shows_all(site):
    assert not [a for a in page(site, "").xpath('//p[@class="warta-more"]/a') if "sebelumnya" in a.text_content()]


def test_embargoed_and_draft_releases_are_counted_nowhere(site):
    for path, data in read_tree(site).items():
        assert b"RAHASIA" not in data, path
    for hidden in ("berita/2026/08", "berita/2026/12", "topik/rahasia-embargo", "topik/rahasia-draf",
                   "opd/dinkes/2026/08", "opd/dinkes/2026/12", "wilayah/majene/2026/12"):
        assert not (site / hidden).exists(), hidden


def test_long_lists_end_with_links_to_stable_month_archives(short_site):
    root = page(short_site, "opd/dinkes")
    assert titles(section(root, "berita-terbaru")) == [B1, G1]
    assert "arsip per bulan" in section(root, "berita-terbaru").text_content()
    links = section(root, "arsip").xpath(".//a")
    assert [(link.get("href"), link.text_content()) for link in links] == [
        ("/opd/dinkes/2026/11/", "November 2026"), ("/opd/dinkes/2026/10/", "Oktober 2026"),
        ("/opd/dinkes/2026/09/", "September 2026")]
    assert titles(page(short_site, "opd/dinkes/2026/09")) == [G2]
    assert titles(page(short_site, "wilayah/majene/2026/10")) == [G3, G1]
    assert titles(page(short_site, "topik/kesehatan/2026/11")) == [B1, B3]
    # No page-number pagination: a group's pages are its index, its own page and its month archives.
    stable = re.compile(r"^(opd|wilayah|topik)/([a-z0-9-]+/(\d{4}/\d{2}/)?)?index\.html$")
    for path in short_site.glob("*/**/*.html"):
        relative = str(path.relative_to(short_site))
        if relative.startswith(("opd/", "wilayah/", "topik/")):
            assert stable.match(relative), relative


def test_release_page_links_to_its_groups_and_related_releases(site):
    root = page(site, B1_URL)
    links = root.xpath('//footer[@class="warta-release-links"]//dd//a/@href')
    assert links == ["/opd/dinkes/", "/wilayah/majene/", "/topik/kesehatan/", "/topik/vaksinasi/"]
    related = [link.text_content() for link in section(root, "berita-terkait").xpath(".//a")]
    # Scored by shared groups (OPD 3, region 2, topic 1): G1 6, G2 4, G3 2, B3 1.
    assert related == [G1, G2, G3, B3]


def test_related_releases_never_self_and_deterministic(site, tmp_path):
    again = build_known_numbers(tmp_path)
    for path in site.glob("berita/2026/*/*/index.html"):
        root = lxml.html.parse(str(path)).getroot()
        own = "/" + str(path.parent.relative_to(site)) + "/"
        related = root.xpath('//section[@aria-labelledby="berita-terkait"]//a/@href')
        assert own not in related
        assert len(related) == len(set(related))
        other = lxml.html.parse(str(again / path.relative_to(site))).getroot()
        assert other.xpath('//section[@aria-labelledby="berita-terkait"]//a/@href') == related


def test_adding_one_release_changes_only_its_groups(tmp_path):
    content = make_site(tmp_path, "groups_known_numbers")
    output = tmp_path / "output"
    build_site(content, output)
    before = read_tree(output)
    shutil.copytree(FIXTURES / "groups_added_release" / "content", content, dirs_exist_ok=True)
    build_site(content, output)
    after = read_tree(output)

    def grouped_html(tree):
        return {path for path in tree if path.startswith(GROUP_DIRS) and path.endswith(".html")}

    changed = {path for path in grouped_html(before) | grouped_html(after) if before.get(path) != after.get(path)}
    # Release pages change only where the new release entered the "Berita terkait" list.
    related_changed = {path for path in changed if path.startswith("berita/2026/") and path.count("/") == 4
                       and path != NEW_URL + "index.html"}
    for path in related_changed:
        root = lxml.html.fromstring(after[path])
        assert "/" + NEW_URL in root.xpath('//section[@aria-labelledby="berita-terkait"]//a/@href'), path
    assert related_changed  # the new release is related to its OPD's, region's and topic's neighbours
    assert changed - related_changed == {
        NEW_URL + "index.html",  # the new release itself
        "berita/2026/11/index.html",  # its month
        "opd/index.html", "opd/dinkes/index.html", "opd/dinkes/2026/11/index.html",  # its OPD: count, list, month
        "wilayah/index.html", "wilayah/majene/index.html", "wilayah/majene/2026/11/index.html",  # its region
        "topik/index.html", "topik/kesehatan/index.html", "topik/kesehatan/2026/11/index.html",  # its topic
    }
    # Older months, other OPDs, other regions (province news on them is unchanged) keep their bytes.
    assert before["opd/dinkes/2026/10/index.html"] == after["opd/dinkes/2026/10/index.html"]
    assert before["wilayah/mamuju/index.html"] == after["wilayah/mamuju/index.html"]
