"""Menus, footer links, social accounts and contact details come from the settings, checked once."""

from __future__ import annotations

import pytest
from lxml import html
from pelican.settings import read_settings

from sitebuild import demo_settings
from warta_core.settings import SettingsError, with_defaults

CONF = with_defaults(read_settings(demo_settings()))


def parse(path):
    return html.fromstring(path.read_bytes())


def test_header_menu_and_footer_come_from_the_settings(demo_site):
    doc = parse(demo_site / "tentang/index.html")
    menu = doc.xpath('//nav[@aria-label="Navigasi utama"]//a')
    assert [(a.text_content(), a.get("href")) for a in menu] == [(label, "/" + address)
                                                                 for label, address in CONF["MENUITEMS"]]
    links = doc.xpath('//footer//nav[@aria-label="Tautan situs"]//a')
    assert [(a.text_content(), a.get("href")) for a in links] == [(label, "/" + address)
                                                                  for label, address in CONF["LINKS"]]
    social = doc.xpath('//footer//nav[@aria-label="Media sosial"]//a')
    assert [(a.text_content(), a.get("href")) for a in social] == list(CONF["SOCIAL"])
    contact = doc.xpath("//footer//address")[0]
    assert CONF["WARTA_CONTACT"]["address"] in contact.text_content()
    assert contact.xpath(".//a/@href") == ["tel:+624260000000", "mailto:redaksi@example.org"]
    assert "Senin–Jumat, 08.00–16.00 WITA" in contact.text_content()
    for label, address in CONF["LINKS"]:
        assert (demo_site / address / ("index.html" if address.endswith("/") else "")).is_file(), label


def test_current_menu_item_is_marked(demo_site):
    doc = parse(demo_site / "opd/index.html")
    assert doc.xpath('//nav[@aria-label="Navigasi utama"]//a[@aria-current="page"]/text()') == ["OPD"]


def test_opd_page_shows_the_public_contact_never_the_team_handle(demo_site):
    page = (demo_site / "opd/dinkes/index.html").read_text(encoding="utf-8")
    assert "humas.dinkes@example.org" in page
    assert "@sulbar-humas" not in page


@pytest.mark.parametrize("overrides, message", [
    ({"MENUITEMS": [("Beranda",)]}, "MENUITEMS butir ke-1 harus pasangan (label, alamat)"),
    ({"LINKS": [("Tentang", "/tentang/")]}, "LINKS butir ke-1 (Tentang): alamat '/tentang/' tidak dikenali"),
    ({"SOCIAL": [("", "https://www.instagram.com/akun")]}, "SOCIAL butir ke-1: label kosong"),
    ({"SOCIAL": "https://www.instagram.com/akun"}, "SOCIAL harus daftar pasangan (label, alamat)"),
    ({"WARTA_CONTACT": {"telepon": "0426"}}, "WARTA_CONTACT punya kunci yang tidak dikenal (telepon)"),
])
def test_wrong_menus_and_contact_are_refused_with_the_fix(overrides, message):
    with pytest.raises(SettingsError) as error:
        with_defaults(read_settings(demo_settings(), override=overrides))
    assert message in str(error.value)
