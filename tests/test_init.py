"""`invoke init` for a WIB kabupaten and a WIT province: the result builds, with the right names, codes and times."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import lxml.html
import pytest
import yaml

from sitebuild import ROOT, build_site, demo_project

sys.path.insert(0, str(ROOT))
from warta_ops.gates import check_links  # noqa: E402
from warta_ops.init import InitError, answers, init_site  # noqa: E402
from warta_ops.wilayah import DATA, children, find  # noqa: E402

RELEASE = """---
title: {title}
date: 2026-11-20 09:30
region: [{region}]
author: Penulis Uji
tags: [pelayanan]
---
Isi berita uji untuk {title}.
"""


def new_project(tmp_path: Path) -> Path:
    """A project folder as a fresh clone has it: the settings files and the demo content."""
    return demo_project(tmp_path / "project")


def add_release(project: Path, region: str, title: str) -> None:
    folder = project / "content" / "berita" / "diskominfo"
    (folder / "2026-11-20-berita-uji.md").write_text(RELEASE.format(title=title, region=region), encoding="utf-8")


def build(project: Path) -> Path:
    output = project / "output"
    build_site(project / "content", output, str(project / "publishconf.py"))
    return output


def test_region_list_is_complete():
    with open(DATA, encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    levels = [code.count(".") for code in codes]
    assert (levels.count(0), levels.count(1), levels.count(2)) == (38, 514, 7285)
    assert len(set(codes)) == len(codes)
    kinds = [region.type for region in children(find("Kepulauan Bangka Belitung")[0])]
    assert kinds.count("kabupaten") == 6 and kinds.count("kota") == 1
    assert [(region.code, region.name) for region in find("76")] == [("76", "Sulawesi Barat")]
    assert find("Kota Pangkal Pinang")[0].code == "19.71"
    assert {find(name)[0].zone_label for name in ("Aceh", "Kalimantan Barat", "Banten")} == {"WIB"}
    assert {find(name)[0].zone_label for name in ("Bali", "Sulawesi Barat", "Kalimantan Utara")} == {"WITA"}
    assert {find(name)[0].zone_label for name in ("Maluku", "Papua", "Papua Barat Daya")} == {"WIT"}


@pytest.fixture(scope="module")
def bangka(tmp_path_factory):
    """Kabupaten Bangka (Kepulauan Bangka Belitung, WIB) through the command line, with options only."""
    project = new_project(tmp_path_factory.mktemp("bangka"))
    (project / ".github").mkdir()
    (project / ".github" / "CODEOWNERS").write_text("/content/berita/dinkes/ @sulbar-humas/dinkes\n", encoding="utf-8")
    subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "init", "--region", "Kabupaten Bangka",
                    "--domain", "berita.bangka.go.id", "--editors", "@pemkab-bangka/editor",
                    "--partner-contact", "humas@bangka.go.id", "--root", str(project)],
                   cwd=ROOT, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    add_release(project, "sungailiat", "Pelayanan KTP Keliling di Sungailiat")
    return project, build(project)


@pytest.fixture(scope="module")
def papua(tmp_path_factory):
    """Provinsi Papua (WIT), set up in-process, keeping nothing of the demo."""
    project = new_project(tmp_path_factory.mktemp("papua"))
    init_site(project, answers("91", "https://berita.papua.go.id/", today=datetime(2026, 12, 7)))
    add_release(project, "kota-jayapura", "Pelayanan KTP Keliling di Kota Jayapura")
    return project, build(project)


def test_init_writes_registries_and_settings(bangka, papua):
    project, _ = bangka
    regions = yaml.safe_load((project / "content" / "data" / "region.yml").read_text(encoding="utf-8"))
    assert regions[0] == {"slug": "bangka", "name": "Kabupaten Bangka", "type": "kabupaten", "code": "19.01"}
    assert {"slug": "sungailiat", "name": "Kecamatan Sungailiat", "type": "kecamatan", "code": "19.01.01"} in regions
    assert len(regions) == 1 + 8
    conf = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'TIMEZONE = "Asia/Jakarta"' in conf and 'WARTA_TIMEZONE_LABEL = "WIB"' in conf
    assert 'WARTA_DEMO_NOTICE = ""' in conf and 'WARTA_PUBLISHER_NAME = "Pemerintah Kabupaten Bangka"' in conf
    assert '"https://berita.bangka.go.id"' in (project / "publishconf.py").read_text(encoding="utf-8")
    assert "WARTA_CONTACT: dict[str, str] = {}" in conf and "SOCIAL: list[tuple[str, str]] = []" in conf
    assert "WARTA_LOGO = None" in conf
    assert not (project / "content" / "berita" / "dinkes").exists()
    assert not (project / "content" / "data" / "logo").exists() and not (project / "content" / "data" / "mitra.yml").exists()
    owners = (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/content/berita/diskominfo/ @pemkab-bangka/editor" in owners and "dinkes" not in owners
    assert 'WARTA_EDITORS_HANDLE = "@pemkab-bangka/editor"' in conf
    assert 'WARTA_PARTNER_CONTACT = "humas@bangka.go.id"' in conf
    assert "sulbar" not in conf.lower() and "sulbar" not in owners, "nothing of the demo's identity is left"
    pages = sorted(path.name for path in (project / "content" / "halaman").iterdir())
    assert pages == ["kebijakan-privasi.md", "kontak.md", "pedoman-media-siber.md", "ppid.md", "tentang.md"]
    about = (project / "content" / "halaman" / "tentang.md").read_text(encoding="utf-8")
    assert "title: Tentang Warta Bangka" in about and "Pemerintah Kabupaten Bangka" in about
    checked = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "check", "--content", str(project / "content")],
                             cwd=ROOT, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    project, _ = papua
    regions = yaml.safe_load((project / "content" / "data" / "region.yml").read_text(encoding="utf-8"))
    assert regions[0] == {"slug": "papua", "name": "Papua", "type": "provinsi", "code": "91"}
    assert {"slug": "kota-jayapura", "name": "Kota Jayapura", "type": "kota", "code": "91.71"} in regions
    assert len(regions) == 1 + 9
    conf = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'TIMEZONE = "Asia/Jayapura"' in conf and 'WARTA_TAG_AUTHORITY = "papua.go.id,2026"' in conf
    # Neither given: no editors' team and no partner address of the demo's fictional office.
    assert 'WARTA_EDITORS_HANDLE = ""' in conf and 'WARTA_PARTNER_CONTACT = ""' in conf
    assert "sulbar" not in conf.lower() and "example.org" not in conf


@pytest.mark.parametrize("fixture, region_url, code, label, offset, rfc822", [
    ("bangka", "wilayah/sungailiat/", "19.01.01", "WIB", "+07:00", "+0700"),
    ("papua", "wilayah/kota-jayapura/", "91.71", "WIT", "+09:00", "+0900"),
])
def test_initialised_site_builds_with_its_zone(request, fixture, region_url, code, label, offset, rfc822):
    _, output = request.getfixturevalue(fixture)
    release = lxml.html.parse(str(output / "berita/2026/11/berita-uji/index.html")).getroot()
    assert f"Jumat, 20 November 2026 09.30 {label}" in release.text_content()
    assert release.xpath("//time/@datetime")[0] == f"2026-11-20T09:30:00{offset}"
    region = lxml.html.parse(str(output / region_url / "index.html")).getroot()
    assert code in region.text_content()
    item = ElementTree.parse(output / "feed.xml").getroot().find("channel/item")
    assert item.findtext("pubDate") == f"Fri, 20 Nov 2026 09:30:00 {rfc822}"
    assert json.loads((output / "feed.json").read_text())["items"][0]["date_published"] == f"2026-11-20T09:30:00{offset}"
    assert "Situs demo" not in (output / "index.html").read_text(encoding="utf-8")
    assert check_links(str(output), "https://example.org") == [], "menus and footer links lead to pages that exist"


def test_init_checks_its_answers(tmp_path):
    with pytest.raises(InitError, match="beberapa wilayah"):
        answers("Bogor", "berita.bogorkab.go.id")  # Kabupaten Bogor and Kota Bogor
    with pytest.raises(InitError, match="tidak ada di daftar"):
        answers("Kabupaten Atlantis", "example.go.id")
    with pytest.raises(InitError, match="zona waktu"):
        answers("19.01", "berita.bangka.go.id", timezone_label="UTC")
    assert answers("Kabupaten Bangka", "berita.bangka.go.id", timezone_label="wita").timezone == "Asia/Makassar"
    assert answers("Kalimantan Barat", "kalbarprov.go.id").timezone == "Asia/Pontianak"
    with pytest.raises(InitError, match="bukan satu akun atau tim GitHub"):
        answers("19.01", "berita.bangka.go.id", editors="@pemkab-bangka/editor\n* @penyerang")
    with pytest.raises(InitError, match="bukan alamat surel"):
        answers("19.01", "berita.bangka.go.id", partner_contact="humas bangka")


def test_init_keeps_the_demo_when_asked(tmp_path):
    project = new_project(tmp_path)
    init_site(project, answers("76", "berita.sulbarprov.go.id", name="Warta Sulbar", keep_demo=True))
    conf = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert "Situs demo" in conf and 'SITENAME = "Warta Sulbar"' in conf
    assert conf.count("WARTA_CONTACT = {") == 1 and "contoh.demo.warta" in conf
    assert (project / "content" / "berita" / "dinkes").is_dir()
    assert os.listdir(project / "content" / "berita" / "dinkes")


def test_init_asks_for_what_is_missing_with_defaults():
    from warta_ops.init import prompt_missing

    replies = iter(["Atlantis", "Kota Jayapura", "berita.jayapurakota.go.id", "", "", "", "Pemkot Jayapura", "y"])
    questions = []

    def ask(question):
        questions.append(question)
        return next(replies)

    values = prompt_missing({"region": None, "domain": None, "name": None, "timezone": None, "authority": None,
                             "publisher": None, "keep_demo": False}, ask)
    assert values == {"region": "91.71", "domain": "berita.jayapurakota.go.id", "name": "Warta Jayapura",
                      "timezone": "WIT", "authority": f"jayapurakota.go.id,{datetime.now().year}",
                      "publisher": "Pemkot Jayapura", "keep_demo": True}
    assert "Kota Jayapura memakai WIT" in questions[4]


def test_new_release_on_an_initialised_site_uses_its_region_and_zone(bangka):
    from pelican.settings import read_settings
    from warta_core.settings import with_defaults
    from warta_ops.newrelease import create_release

    project, _ = bangka
    settings = with_defaults(read_settings(str(project / "pelicanconf.py"), override={
        "PATH": str(project / "content"), "WARTA_NOW": "2026-11-24T10:15:00+07:00"}))
    text = Path(create_release(settings, "diskominfo", "Layanan Baru", [], "Ani")).read_text(encoding="utf-8")
    assert "region: [bangka]" in text and "bangka = seluruh kabupaten" in text
    assert "(WIB)" in text and "date: 2026-11-24 10:15" in text and "BANGKA —" in text


def test_a_second_init_keeps_the_editors_and_refuses_invisible_characters(tmp_path):
    project = new_project(tmp_path)
    init_site(project, answers("19.01", "berita.bangka.go.id", editors="@pemkab-bangka/editor",
                               partner_contact='humas"kutip"@bangka.go.id'))
    init_site(project, answers("19.01", "berita.bangka.go.id", name="Warta Bangka Baru"))
    conf = (project / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'SITENAME = "Warta Bangka Baru"' in conf
    assert 'WARTA_EDITORS_HANDLE = "@pemkab-bangka/editor"' in conf
    assert 'WARTA_PARTNER_CONTACT = "humas\\"kutip\\"@bangka.go.id"' in conf
    with pytest.raises(InitError, match="karakter tak terlihat U\\+202E"):
        answers("19.01", "berita.bangka.go.id", partner_contact="a\u202eb@bangka.go.id")
