"""Branding: the logo in the header (text when there is none), favicons and manifest, OPD logos, colours,
and a Pemda's own templates in THEME_TEMPLATES_OVERRIDES."""

from __future__ import annotations

import io
import json

import pytest
from lxml import html
from PIL import Image
from pelican.settings import read_settings

from sitebuild import ROOT, build_site, demo_settings, make_site
from warta_core.colors import contrast
from warta_core.settings import SettingsError, with_defaults


def parse(path):
    return html.fromstring(path.read_bytes())


def test_header_shows_the_logo_and_the_name(demo_site):
    brand = parse(demo_site / "index.html").xpath('//a[@class="warta-header__brand"]')[0]
    logo = brand.xpath("img")[0]
    assert logo.get("src") == "/theme/img/logo-situs.png" and logo.get("alt") == ""
    with Image.open(demo_site / "theme/img/logo-situs.png") as image:
        assert image.height == 96 and image.width <= 480, "scaled down from the 400-pixel source"
        assert (int(logo.get("width")), int(logo.get("height"))) == ((image.width + 1) // 2, (image.height + 1) // 2)
    assert brand.text_content().strip() == "Warta Sulawesi Barat"


def test_favicon_set_and_manifest(demo_site):
    head = parse(demo_site / "tentang/index.html").xpath("//head")[0]
    assert head.xpath('link[@rel="manifest"]/@href') == ["/manifest.webmanifest"]
    assert head.xpath('link[@rel="apple-touch-icon"]/@href') == ["/apple-touch-icon.png"]
    assert head.xpath('meta[@name="theme-color"]/@content') == ["#0c4a83"]
    with Image.open(demo_site / "favicon.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        with Image.open(demo_site / name) as image:
            assert image.size == (size, size), name
    manifest = json.loads((demo_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Warta Sulawesi Barat" and manifest["lang"] == "id"
    assert {icon["src"] for icon in manifest["icons"]} == {"/icon-192.png", "/icon-512.png"}


def test_opd_logo_is_copied_and_resized(demo_site):
    logo = parse(demo_site / "opd/dinkes/index.html").xpath('//img[@class="warta-profile__logo"]')[0]
    assert logo.get("src") == "/opd/dinkes/logo.png" and logo.get("alt") == "Logo Dinas Kesehatan"
    with Image.open(demo_site / "opd/dinkes/logo.png") as image:
        assert max(image.size) == 160
    assert not parse(demo_site / "opd/dinsos/index.html").xpath('//img[@class="warta-profile__logo"]')


def test_without_a_logo_the_name_stands_alone_and_icons_use_its_letter(tmp_path):
    output = tmp_path / "output"
    build_site(make_site(tmp_path), output, WARTA_LOGO=None, WARTA_COLORS={"brand": "#6b1d5c"})
    brand = parse(output / "index.html").xpath('//a[@class="warta-header__brand"]')[0]
    assert brand.xpath("img") == [] and brand.text_content().strip() == "Warta Sulawesi Barat"
    with Image.open(output / "icon-192.png") as image:
        assert image.convert("RGB").getpixel((4, 4)) == (0x6B, 0x1D, 0x5C), "the letter sits on the brand colour"
    css = (output / "theme/css/warna.css").read_text(encoding="utf-8")
    assert "--warta-brand: #6b1d5c;" in css and "--warta-link: #0b4f94;" in css
    assert parse(output / "index.html").xpath('//link[@rel="stylesheet"]/@href')[-1] == "/theme/css/warna.css"


def test_colours_must_keep_text_readable():
    assert round(contrast("#0c4a83", "#ffffff"), 1) == 9.0
    with pytest.raises(SettingsError) as error:
        with_defaults(read_settings(demo_settings(), override={"WARTA_COLORS": {"brand": "#ffcc00"}}))
    assert "brand #ffcc00 terlalu terang terhadap putih" in str(error.value)
    with pytest.raises(SettingsError) as error:
        with_defaults(read_settings(demo_settings(), override={"WARTA_COLORS": {"latar": "#000000"}}))
    assert "warna 'latar' tidak dikenal" in str(error.value)


def test_a_missing_or_false_logo_stops_the_build(tmp_path):
    from warta_core.problems import ContentError

    fake = tmp_path / "logo.png"
    fake.write_text("bukan gambar", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        build_site(make_site(tmp_path), tmp_path / "output", WARTA_LOGO=str(fake))
    assert "bukan gambar yang bisa dibaca" in str(error.value)


def test_a_template_override_replaces_the_theme_template_without_forking_it(tmp_path):
    overrides = tmp_path / "templates" / "partials"
    overrides.mkdir(parents=True)
    theme_footer = (ROOT / "theme/templates/partials/footer.html").read_text(encoding="utf-8")
    (overrides / "footer.html").write_text(theme_footer.replace(
        '<p class="warta-footer__publisher">', '<p class="pemda-catatan">Catatan khusus Pemda.</p>\n    '
        '<p class="warta-footer__publisher">'), encoding="utf-8")
    output = tmp_path / "output"
    build_site(make_site(tmp_path), output, THEME_TEMPLATES_OVERRIDES=[str(tmp_path / "templates")])
    page = parse(output / "tentang/index.html")
    assert page.xpath('//p[@class="pemda-catatan"]/text()') == ["Catatan khusus Pemda."]
    assert page.xpath('//header[@class="warta-header"]'), "every other template is still the theme's"


def test_icons_are_drawn_again_only_when_their_source_changes(tmp_path):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_LOGO=None)
    first = (output / "icon-512.png").stat().st_ino
    (content / "halaman/kontak.md").write_text("---\ntitle: Kontak\n---\nTelepon redaksi.\n", encoding="utf-8")
    build_site(content, output, WARTA_LOGO=None)
    assert (output / "icon-512.png").stat().st_ino == first, "linked from the previous output, not drawn again"
    build_site(content, output, WARTA_LOGO=None, WARTA_COLORS={"brand": "#6b1d5c"})
    assert (output / "icon-512.png").stat().st_ino != first


# ---------------------------------------------------------------- OPD logos named in opd.yml

# OPD, line of its `logo:` in the scenario's opd.yml, words of the problem.
REFUSED_LOGOS = [
    ("bpbd", 13, "berkas logo 'data/logo/hilang.png' tidak ditemukan"),
    ("diskominfo", 17, "'../../luar.png' bukan berkas di folder content/"),
    ("dispar", 21, "berkas 'data/logo/teks.png' bukan gambar yang dapat dibaca"),
    ("dinsos", 24, "berkas 'data/logo/foto.png' sebenarnya gambar JPEG, bukan .png"),
    ("dkp", 27, "berkas 'data/logo/terpotong.png' bukan gambar yang dapat dibaca"),
    ("bappeda", 30, "jenis berkas '.svg' tidak didukung untuk logo"),
    ("dinas-pupr", 33, "logo 'data/logo/tautan.png': tautan simbolik (symlink) menunjuk ke luar folder situs"),
]


def logo_site(tmp_path):
    content = make_site(tmp_path, "invalid_opd_logos")
    outside = tmp_path / "rahasia.png"
    outside.write_bytes((content / "data/logo/dinkes.png").read_bytes())
    (content / "data/logo/tautan.png").symlink_to(outside)
    return content


def test_check_refuses_every_bad_opd_logo_where_opd_yml_names_it(tmp_path):
    from test_hardening_content import check_problems

    problems = check_problems(logo_site(tmp_path))
    logo_problems = [problem for problem in problems if ": logo: " in problem]
    assert len(logo_problems) == len(REFUSED_LOGOS), "\n".join(problems)
    for _slug, line, words in REFUSED_LOGOS:
        found = [problem for problem in logo_problems if problem.startswith(f"content/data/opd.yml:{line}: logo: ")]
        assert found and words in found[0] and " — " in found[0], (words, logo_problems)


def test_the_build_refuses_the_same_logos_with_the_same_lines_and_never_crashes(tmp_path):
    from test_hardening_content import build_problems, check_problems

    content = logo_site(tmp_path)
    refused = build_problems(content, tmp_path / "output")
    assert sorted(refused) == check_problems(content)
    assert not (tmp_path / "output").exists()


def test_a_logo_check_accepts_is_copied_even_through_a_link_inside_the_tree(tmp_path):
    content = make_site(tmp_path, "invalid_opd_logos")
    registry = content / "data/opd.yml"
    kept = registry.read_text(encoding="utf-8").split("- slug: bpbd")[0]
    # dinkes's logo by its own name; bpbd's through a symlink that stays inside content/.
    (content / "data/logo/lambang-bpbd.png").symlink_to(content / "data/logo/dinkes.png")
    registry.write_text(kept + "- slug: bpbd\n  name: BPBD\n  logo: data/logo/lambang-bpbd.png\n"
                        "- slug: diskominfo\n  name: Diskominfo\n- slug: dispar\n  name: Dispar\n", encoding="utf-8")
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    for slug in ("dinkes", "bpbd"):
        with Image.open(output / f"opd/{slug}/logo.png") as image:
            assert image.size == (64, 64)
        assert parse(output / f"opd/{slug}/index.html").xpath('//img[@class="warta-profile__logo"]/@src') == \
            [f"/opd/{slug}/logo.png"]
