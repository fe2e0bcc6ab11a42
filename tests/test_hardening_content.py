"""Attacks and careless input on the content side: each is refused by `invoke check` and by the build alike.

Every case is reproduced on a small fixture; the rule holds when both commands exit 1 with the same
Indonesian `path:line: field: problem — fix` line, no traceback, and no output written.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitebuild import ROOT, TEST_NOW, demo_settings, make_site

INVOKE = [sys.executable, "-m", "invoke"]
MARKER = "RAHASIA-HOST-7f3a"  # the content of a host file that must never reach any output


def run(*args):
    return subprocess.run([*INVOKE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def host_file(tmp_path):
    secret = tmp_path / "host" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"TOKEN={MARKER}\n")
    return secret


def link_image(target):
    def setup(content, tmp_path):
        image = content / "berita/dinkes/gambar/rahasia.jpg"
        os.symlink(target(tmp_path) if callable(target) else target, image)
    return setup


def link_release(content, tmp_path):
    os.symlink(host_file(tmp_path), content / "berita/dinkes/2026-11-21-tautan-rilis.md")


def dangling_in_content(content, tmp_path):
    os.symlink(tmp_path / "tidak-ada.md", content / "berita/bpbd/2026-11-21-tautan-rusak.md")


def large_release(content, tmp_path):
    path = content / "berita/dinkes/2026-11-21-teks-raksasa.md"
    path.write_text("---\ntitle: Teks Raksasa\ndate: 2026-11-21 10:00\nregion: [majene]\nauthor: Penulis\n---\n"
                    + "Kalimat panjang berulang. " * 45_000)


def long_title(content, tmp_path):
    path = content / "berita/dinkes/2026-11-21-judul-panjang.md"
    path.write_text(f"---\ntitle: {'Judul ' * 50}\ndate: 2026-11-21 10:00\nregion: [majene]\nauthor: Penulis\n---\nIsi.\n")


def image_file(data: bytes):
    def setup(content, tmp_path):
        (content / "berita/dinkes/gambar/rahasia.jpg").write_bytes(data)
    return setup


def png_named_jpg(content, tmp_path):
    source = content / "berita/dinkes/gambar/2026-11-20-vaksinasi.png"
    (content / "berita/dinkes/gambar/rahasia.jpg").write_bytes(source.read_bytes())


def truncated_jpg(content, tmp_path):
    """A whole header and half the pixel data: an upload that stopped half-way."""
    from PIL import Image

    photo = tmp_path / "utuh.jpg"
    Image.effect_noise((320, 240), 64).convert("RGB").save(photo)
    data = photo.read_bytes()
    (content / "berita/dinkes/gambar/rahasia.jpg").write_bytes(data[:len(data) // 2])


def pixel_bomb_png(content, tmp_path):
    """400 megapixels in a few hundred kilobytes: Pillow's own guard fires before ours can."""
    from PIL import Image

    Image.new("1", (20000, 20000)).save(content / "berita/dinkes/gambar/rahasia.jpg", format="PNG")


def release(name: str, front: str, body: str = "Isi.\n"):
    """A release of dinkes whose front matter is `front` (the lines between the two `---`)."""
    def setup(content, tmp_path):
        (content / f"berita/dinkes/{name}").write_text(f"---\n{front}---\n{body}")
    return setup


def registry_entry(name: str, entry: str):
    """One more entry at the end of content/data/<name>."""
    def setup(content, tmp_path):
        with open(content / "data" / name, "a") as registry:
            registry.write(entry)
    return setup


FRONT = "title: Rilis Uji\ndate: 2026-11-21 10:00\nregion: [majene]\nauthor: Penulis\n"
SYMLINK = "hardening_symlink_image"
RELEASE = "berita/dinkes/2026-11-21-foto-tautan.md"
# scenario, setup(content, tmp_path), file named, line, field, words
CASES = [
    ("symlink_to_host_file", SYMLINK, link_image(host_file), RELEASE, 7, "image.src", "symlink"),
    ("symlink_to_etc_passwd", SYMLINK, link_image("/etc/passwd"), RELEASE, 7, "image.src", "luar folder"),
    ("symlink_to_environ", SYMLINK, link_image("/proc/self/environ"), RELEASE, 7, "image.src", "luar folder"),
    ("symlink_to_dev_zero", SYMLINK, link_image("/dev/zero"), RELEASE, 7, "image.src", "luar folder"),
    ("symlink_dangling_image", SYMLINK, link_image(lambda tmp: tmp / "hilang.jpg"), RELEASE, 7, "image.src", "rusak"),
    ("symlink_release_to_host", None, link_release, "berita/dinkes/2026-11-21-tautan-rilis.md", 1, "berkas", "luar folder"),
    ("symlink_dangling_release", None, dangling_in_content, "berita/bpbd/2026-11-21-tautan-rusak.md", 1, "berkas", "rusak"),
    ("form_feed_from_pdf", "hardening_control_characters", None, "berita/dinkes/2026-11-21-form-feed.md", 8, "teks",
     "karakter tak terlihat U+000C"),
    ("yaml_escape_control", "hardening_control_characters", None, "berita/bpbd/2026-11-21-escape-yaml.md", 2, "title",
     "karakter tak terlihat U+0001"),
    ("zero_width_title", "hardening_invisible_text", None, "berita/dinkes/2026-11-21-judul-tak-terlihat.md", 2, "title",
     "tidak boleh kosong"),
    ("zero_width_author", "hardening_invisible_text", None, "berita/dinkes/2026-11-21-judul-tak-terlihat.md", 5, "author",
     "tidak boleh kosong"),
    ("year_1900", "hardening_absurd_years", None, "berita/dinkes/2026-11-21-tahun-1900.md", 3, "date", "tahun 1900"),
    ("year_1_plus_14", "hardening_absurd_years", None, "berita/bpbd/2026-11-21-tahun-satu.md", 3, "date", "tahun 1 "),
    ("year_9999", "hardening_absurd_years", None, "berita/diskominfo/2026-11-21-tahun-9999.md", 3, "date", "tahun 9999"),
    ("yaml_alias_bomb", "hardening_yaml_alias_bomb", None, "berita/dinkes/2026-11-21-bom-alias.md", 6, "front matter",
     "alias"),
    ("release_too_large", None, large_release, "berita/dinkes/2026-11-21-teks-raksasa.md", 1, "berkas", "terlalu besar"),
    ("title_too_long", None, long_title, "berita/dinkes/2026-11-21-judul-panjang.md", 2, "title", "terlalu panjang"),
    ("text_named_jpg", SYMLINK, image_file(b"bukan gambar\n"), RELEASE, 7, "image.src", "bukan gambar"),
    ("empty_jpg", SYMLINK, image_file(b""), RELEASE, 7, "image.src", "bukan gambar"),
    ("png_named_jpg", SYMLINK, png_named_jpg, RELEASE, 7, "image.src", "sebenarnya gambar PNG"),
    ("truncated_jpg", SYMLINK, truncated_jpg, RELEASE, 7, "image.src", "bukan gambar yang dapat dibaca"),
    ("pixel_bomb_png", SYMLINK, pixel_bomb_png, RELEASE, 7, "image.src", "(20000×20000 piksel, batas"),
    ("yaml_timestamp_tag", None, release("2026-11-21-tag-waktu.md", FRONT + "modified: !!timestamp 2026-11-22 08:00\n"),
     "berita/dinkes/2026-11-21-tag-waktu.md", 6, "front matter", "tag YAML !!timestamp tidak diizinkan"),
    ("yaml_binary_tag", None, release("2026-11-21-tag-biner.md", FRONT + "editor: !!binary aGFsbw==\n"),
     "berita/dinkes/2026-11-21-tag-biner.md", 6, "front matter", "tag YAML !!binary tidak diizinkan"),
    ("yaml_list_as_key", None, release("2026-11-21-kunci-daftar.md", FRONT + "? [a, b]\n: nilai\n"),
     "berita/dinkes/2026-11-21-kunci-daftar.md", 6, "front matter", "kunci harus berupa teks"),
    ("yaml_true_as_key", None, release("2026-11-21-kunci-true.md", FRONT + "true: nilai\n"),
     "berita/dinkes/2026-11-21-kunci-true.md", 6, "front matter", "kunci harus berupa teks"),
    ("topic_longer_than_a_folder_name", None, release("2026-11-21-topik-panjang.md", FRONT + f"tags: [{'a' * 300}]\n"),
     "berita/dinkes/2026-11-21-topik-panjang.md", 6, "tags", "terlalu panjang (batas 200"),
    ("topic_that_transliterates_long", None, release("2026-11-21-topik-aksara.md", FRONT + f"tags: [{'宝' * 60}]\n"),
     "berita/dinkes/2026-11-21-topik-aksara.md", 6, "tags", "terlalu panjang"),
    ("alias_longer_than_a_folder_name", None,
     release("2026-11-21-alias-panjang.md", FRONT + f"aliases: [/berita/{'a' * 300}/]\n"),
     "berita/dinkes/2026-11-21-alias-panjang.md", 6, "aliases", "terlalu panjang"),
    ("alias_into_the_home_page_file", None, release("2026-11-21-alias-beranda.md", FRONT + "aliases: [/index.html/]\n"),
     "berita/dinkes/2026-11-21-alias-beranda.md", 6, "aliases", "sudah dipakai oleh situs ini (beranda)"),
    ("alias_into_the_favicon", None, release("2026-11-21-alias-favicon.md", FRONT + "aliases: [/favicon.ico]\n"),
     "berita/dinkes/2026-11-21-alias-favicon.md", 6, "aliases", "ikon situs"),
    ("alias_into_the_app_icon", None, release("2026-11-21-alias-ikon.md", FRONT + "aliases: [/icon-192.png/]\n"),
     "berita/dinkes/2026-11-21-alias-ikon.md", 6, "aliases", "ikon situs"),
    ("alias_over_the_pages_domain_file", None, release("2026-11-21-alias-cname.md", FRONT + "aliases: [/CNAME]\n"),
     "berita/dinkes/2026-11-21-alias-cname.md", 6, "aliases", "berkas hosting"),
    ("alias_into_a_hidden_folder", None, release("2026-11-21-alias-git.md", FRONT + "aliases: [/.git/]\n"),
     "berita/dinkes/2026-11-21-alias-git.md", 6, "aliases", "bagian tersembunyi '.git'"),
    ("character_reference_to_form_feed", None, release("2026-11-21-kode-karakter.md", FRONT, "Isi &#x0c; dan &#12; juga.\n"),
     "berita/dinkes/2026-11-21-kode-karakter.md", 7, "teks", "U+000C (form feed (pemisah halaman)) ditulis sebagai kode '&#x0c;'"),
    ("character_reference_in_a_static_page", None,
     lambda content, tmp_path: (content / "halaman/tentang.md").write_text("---\ntitle: Tentang\n---\nIsi &#xFFFF;.\n"),
     "halaman/tentang.md", 4, "teks", "U+FFFF"),
    ("escaped_form_feed_in_a_static_page_title", None,
     lambda content, tmp_path: (content / "halaman/tentang.md").write_text('---\ntitle: "Tentang\\x0c"\n---\nIsi.\n'),
     "halaman/tentang.md", 2, "title", "karakter tak terlihat U+000C"),
    ("nested_list_deeper_than_markdown_renders", None,
     release("2026-11-21-daftar-bertingkat.md", FRONT, "".join("    " * level + "- butir\n" for level in range(400))),
     "berita/dinkes/2026-11-21-daftar-bertingkat.md", 33, "isi", "menjorok terlalu dalam (104 spasi, batas 100)"),
    ("body_reference_image_missing", None,
     release("2026-11-21-gambar-rujukan.md", FRONT, "Isi.\n\n![Warga antre][antre]\n\n[antre]: gambar/tidak-ada.jpg\n"),
     "berita/dinkes/2026-11-21-gambar-rujukan.md", 9, "isi", "tidak ditemukan"),
    ("body_html_image_missing", None,
     release("2026-11-21-gambar-html.md", FRONT, 'Isi.\n\n<img src="gambar/tidak-ada.jpg" alt="Warga antre">\n'),
     "berita/dinkes/2026-11-21-gambar-html.md", 9, "isi", "tidak ditemukan"),
    ("body_html_image_without_alt", None,
     release("2026-11-21-gambar-html-tanpa-alt.md", FRONT, 'Isi.\n\n<img src="gambar/2026-11-20-vaksinasi.png">\n'),
     "berita/dinkes/2026-11-21-gambar-html-tanpa-alt.md", 9, "isi", "teks alternatif (alt) foto kosong"),
    ("opd_registry_an_empty_list", None, lambda content, tmp_path: (content / "data/opd.yml").write_text("[]\n"),
     "data/opd.yml", 1, "opd", "registri kosong"),
    ("region_registry_an_empty_list", None, lambda content, tmp_path: (content / "data/region.yml").write_text("[]\n"),
     "data/region.yml", 1, "wilayah", "registri kosong"),
    ("opd_slug_longer_than_a_folder_name", None, registry_entry("opd.yml", f"- slug: {'a' * 300}\n  name: Dinas Panjang\n"),
     "data/opd.yml", 23, "slug", "terlalu panjang (batas 200 karakter)"),
    ("region_slug_longer_than_a_folder_name", None,
     registry_entry("region.yml", f'- slug: {"m" * 300}\n  name: Panjang\n  type: kabupaten\n  code: "76.09"\n'),
     "data/region.yml", 17, "slug", "terlalu panjang (batas 200 karakter)"),
    ("windows_path_in_double_quotes", None, release("2026-11-21-garis-miring.md", FRONT + 'editor: "C:\\Humas\\foto"\n'),
     "berita/dinkes/2026-11-21-garis-miring.md", 6, "front matter", "garis miring terbalik (\\) di dalam kutip ganda"),
    ("list_bracket_never_closed", None, release("2026-11-21-kurung-terbuka.md", FRONT + "tags: [kesehatan, vaksinasi\n"),
     "berita/dinkes/2026-11-21-kurung-terbuka.md", 6, "front matter", "kurung siku [ tidak ditutup"),
    ("handle_at_the_start_of_a_value", None, release("2026-11-21-awalan-at.md", FRONT + "editor: @humas_dinkes\n"),
     "berita/dinkes/2026-11-21-awalan-at.md", 6, "front matter", "tidak boleh di awal"),
    ("wrong_extension_upper", "hardening_wrong_extensions", None, "berita/dinkes/2026-11-21-huruf-besar.MD", 1,
     "nama berkas", "tidak dibaca"),
    ("wrong_extension_markdown", "hardening_wrong_extensions", None,
     "berita/dinkes/2026-11-21-markdown-panjang.markdown", 1, "nama berkas", "tidak dibaca"),
    ("wrong_extension_txt", "hardening_wrong_extensions", None, "berita/dinkes/2026-11-21-teks.md.txt", 1,
     "nama berkas", "tidak dibaca"),
]


def check_problems(content, **overrides) -> list[str]:
    """What `invoke check` reports, in-process: the same settings and the same loading code path."""
    from pelican.settings import read_settings
    from warta_content.loading import load_content
    from warta_core.settings import with_defaults

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        settings = with_defaults(read_settings(demo_settings(), override={"PATH": str(content), **overrides}))
        settings["WARTA_NOW"] = TEST_NOW
        _site, problems = load_content(settings, settings["PATH"], use_cache=False, render=False)
    finally:
        os.chdir(cwd)
    return [str(problem) for problem in sorted(problems)]


def build_problems(content, output) -> list[str]:
    from sitebuild import build_site
    from warta_core.problems import ContentError

    with pytest.raises(ContentError) as raised:
        build_site(content, output, WARTA_SEARCH=False)
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize("name, scenario, setup, path, line, field, words", CASES, ids=[case[0] for case in CASES])
def test_check_and_build_refuse_alike(tmp_path, name, scenario, setup, path, line, field, words):
    content = make_site(tmp_path, *([scenario] if scenario else []))
    if setup:
        setup(content, tmp_path)
    wanted = f"content/{path}:{line}: {field}: "
    output = tmp_path / "output"
    checked, built = check_problems(content), build_problems(content, output)
    matching = [row for row in checked if row.startswith(wanted)]
    assert matching, f"no line starting {wanted!r} in:\n" + "\n".join(checked)
    assert words in matching[0] and " — " in matching[0]
    assert sorted(built) == checked, "check and build report the same problems"
    assert not output.exists()
    assert not list(tmp_path.glob(".warta-build-*"))


def partner_data_problems(content) -> list[str]:
    """What `invoke check` reports for mitra.yml and the coverage months, in-process (as tasks.check)."""
    from warta_content.registry import load_registries
    from warta_partners.coverage import load_coverage
    from warta_partners.registry import load_partners

    registries, problems = load_registries(str(content))
    partners, found = load_partners(str(content), "data", registries)
    problems += found + load_coverage(str(content), "data", partners)[1]
    return [str(problem) for problem in sorted(problems)]


def edit_data(name: str, old: str, new: str):
    def setup(content, tmp_path):
        path = content / "data" / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new, 1))
    return setup


# scenario, setup(content, tmp_path), file named, line, field, words: on the partners_coverage fixture
PARTNER_CASES = [
    ("partner_slug_longer_than_a_folder_name", edit_data("mitra.yml", "- slug: radio-uji", f"- slug: {'r' * 300}"),
     "data/mitra.yml", 10, "slug", "terlalu panjang (batas 200 karakter)"),
    ("coverage_score_above_one", edit_data("liputan/2026-11.yml", "  score: 0.66", "  score: 2"),
     "data/liputan/2026-11.yml", 32, "score", "terlalu besar (paling besar 1)"),
    ("coverage_score_not_a_number", edit_data("liputan/2026-11.yml", "  score: 0.66", "  score: 0,66"),
     "data/liputan/2026-11.yml", 32, "score", "harus berupa angka"),
    ("coverage_seen_in_year_one", edit_data("liputan/2026-11.yml", "  first_seen: '2026-11-22T18:00:00+08:00'",
                                            "  first_seen: '0001-01-01T00:00:00+14:00'"),
     "data/liputan/2026-11.yml", 30, "first_seen", "tahun 1 di luar rentang"),
    ("coverage_title_with_escaped_form_feed", edit_data("liputan/2026-11.yml", "  title: Vaksinasi Massal di Majene",
                                                        '  title: "Vaksinasi\\x0cMassal"'),
     "data/liputan/2026-11.yml", 28, "title", "karakter tak terlihat U+000C"),
    ("coverage_title_with_form_feed", edit_data("liputan/2026-11.yml", "  title: Vaksinasi Massal di Majene",
                                                "  title: Vaksinasi\x0cMassal"),
     "data/liputan/2026-11.yml", 28, "liputan", "karakter tak terlihat U+000C"),
]


@pytest.mark.parametrize("name, setup, path, line, field, words", PARTNER_CASES, ids=[case[0] for case in PARTNER_CASES])
def test_partner_data_is_refused_by_check_and_build_alike(tmp_path, name, setup, path, line, field, words):
    content = make_site(tmp_path, "partners_coverage")
    setup(content, tmp_path)
    wanted = f"content/{path}:{line}: {field}: "
    output = tmp_path / "output"
    checked, built = partner_data_problems(content), build_problems(content, output)
    matching = [row for row in checked if row.startswith(wanted)]
    assert matching, f"no line starting {wanted!r} in:\n" + "\n".join(checked)
    assert words in matching[0] and " — " in matching[0]
    assert sorted(built) == sorted(checked), "check and build report the same problems"
    assert not output.exists()


@pytest.mark.parametrize("name", ["symlink_to_host_file", "form_feed_from_pdf", "year_1_plus_14"])
def test_commands_exit_1_with_one_line_per_problem(tmp_path, name):
    _name, scenario, setup, path, line, field, _words = next(case for case in CASES if case[0] == name)
    content = make_site(tmp_path, *([scenario] if scenario else []))
    if setup:
        setup(content, tmp_path)
    output = tmp_path / "output"
    for result in (run("check", "--content", str(content)),
                   run("build", "--content", str(content), "--output", str(output))):
        text = result.stdout + result.stderr
        assert result.returncode == 1, text
        assert "Traceback" not in text and MARKER not in text
        assert f"content/{path}:{line}: {field}: " in text
    assert not output.exists()


def test_dangling_symlink_in_theme_is_a_problem_not_a_crash(tmp_path):
    import shutil

    from sitebuild import build_site
    from warta_core.problems import ContentError

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    os.symlink(tmp_path / "hilang.css", theme / "static" / "rusak.css")
    os.symlink(host_file(tmp_path), theme / "static" / "bocor.txt")
    content = make_site(tmp_path)
    with pytest.raises(ContentError) as raised:
        build_site(content, tmp_path / "output", THEME=str(theme), WARTA_SEARCH=False)
    report = raised.value.report()
    assert "theme/static/rusak.css:1: berkas: tautan simbolik (symlink) rusak" in report
    assert "theme/static/bocor.txt:1: berkas: tautan simbolik (symlink) menunjuk ke luar folder" in report
    assert not (tmp_path / "output").exists()


def test_a_photo_with_a_file_name_near_the_limit_is_published(tmp_path):
    """check accepts any name the file system took; the derivatives' longer names must fit too."""
    import shutil

    from sitebuild import build_site

    content = make_site(tmp_path)
    long_name = "foto-" + "g" * 235 + ".png"
    shutil.copy(content / "berita/dinkes/gambar/2026-11-20-vaksinasi.png", content / "berita/dinkes/gambar" / long_name)
    release = content / "berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md"
    release.write_text(release.read_text().replace("gambar/2026-11-20-vaksinasi.png", f"gambar/{long_name}"))
    assert check_problems(content) == []
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    published = [path.name for path in (output / "gambar/dinkes").iterdir()]
    assert published and all(name.startswith("foto-ggg") and len(name.encode()) < 120 for name in published), published
    page = (output / "berita/2026/11/vaksinasi-massal-di-majene/index.html").read_text()
    assert f"gambar/dinkes/{published[0]}" in page or any(f"gambar/dinkes/{name}" in page for name in published)


def test_body_photos_in_every_markdown_form_are_published(tmp_path):
    """A reference-style image and an HTML <img> are photos too: they were left with an address relative
    to the release page, a broken image in the page and every feed."""
    from sitebuild import build_site

    content = make_site(tmp_path)
    release = content / "berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md"
    release.write_text(release.read_text() + "\nRujukan: ![Petugas mencatat][catat]\n\n"
                       '<img src="gambar/2026-11-20-vaksinasi.png" alt="Petugas menyuntik">\n\n'
                       '[catat]: gambar/2026-11-20-vaksinasi.png "Pencatatan di buku KIA."\n')
    assert check_problems(content) == []
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    page = (output / "berita/2026/11/vaksinasi-massal-di-majene/index.html").read_text()
    feed = (output / "feed.xml").read_text()
    assert 'src="gambar/' not in page and "src=&quot;gambar/" not in feed and 'src="gambar/' not in feed
    assert "Petugas mencatat" in page and "Petugas menyuntik" in page and "Pencatatan di buku KIA." in page


def test_symlink_inside_the_tree_is_read(tmp_path):
    """The rule is about where a file really is, not about symlinks as such."""
    content = make_site(tmp_path, SYMLINK)
    os.symlink("2026-11-20-vaksinasi.png", content / "berita/dinkes/gambar/rahasia.png")
    release = content / RELEASE
    release.write_text(release.read_text().replace("rahasia.jpg", "rahasia.png"))
    result = run("check", "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr


def test_images_are_described_by_their_bytes(tmp_path):
    """A replaced image of the same byte size gets its new size in the page and the feeds."""
    import zlib

    from lxml import etree
    from PIL import Image

    from sitebuild import build_site

    content = make_site(tmp_path)
    image = content / "berita/dinkes/gambar/2026-11-20-vaksinasi.png"
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    # Another picture (48×27) padded with a text chunk to exactly the old file's length.
    old = image.read_bytes()
    Image.new("RGB", (48, 27), (200, 30, 30)).save(tmp_path / "new.png")
    new = (tmp_path / "new.png").read_bytes()
    filler = b"Comment\0" + b"x" * (len(old) - len(new) - 12 - 8)
    chunk = len(filler).to_bytes(4, "big") + b"tEXt" + filler + zlib.crc32(b"tEXt" + filler).to_bytes(4, "big")
    data = new[:-12] + chunk + new[-12:]
    assert len(data) == len(old)
    stat = image.stat()
    image.write_bytes(data)
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build_site(content, output, WARTA_SEARCH=False)
    page = (output / "berita/2026/11/vaksinasi-massal-di-majene/index.html").read_text()
    assert 'width="48" height="27"' in page
    feed = etree.parse(str(output / "feed.xml"))
    media = feed.find(".//{http://search.yahoo.com/mrss/}content")
    assert (media.get("width"), media.get("height"), media.get("type")) == ("48", "27", "image/jpeg")


# ---------------------------------------------------------------- feeds, time and identity

def test_feed_text_fields_carry_text_not_markup(tmp_path):
    """RSS <description> is HTML to readers: a plain-text summary is escaped as HTML before it goes in."""
    import json
    from html import unescape

    from lxml import etree

    from sitebuild import build_site

    content = make_site(tmp_path, "feeds_markup_as_text")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py", WARTA_SEARCH=False)
    rss = etree.parse(str(output / "feed.xml"))
    descriptions = {item.findtext("title"): item.findtext("description") for item in rss.iter("item")}
    summary = descriptions["Rilis Dengan Markup Sebagai Teks"]
    lead = descriptions["Paragraf Pembuka Dengan Markup"]
    # After XML parsing the field is HTML: no tag in it, and its text is what the writer typed.
    for html_text in (summary, lead):
        assert "<" not in html_text, html_text
    assert unescape(summary) == "Ringkasan <script>alert('feed-summary')</script> bila a < b & c"
    assert unescape(lead) == "MAJENE — Warga menulis <img src=x onerror=alert('feed-lead')> dan 3 < 5."
    atom = etree.parse(str(output / "atom.xml"))
    for summary_element in atom.iter("{http://www.w3.org/2005/Atom}summary"):
        assert summary_element.get("type") == "text"
    feed = json.loads((output / "feed.json").read_text())
    item = next(item for item in feed["items"] if item["title"] == "Rilis Dengan Markup Sebagai Teks")
    assert item["summary"] == "Ringkasan <script>alert('feed-summary')</script> bila a < b & c"  # plain text by spec
    assert "<script" not in item["content_html"]


def test_dates_with_offsets_are_shown_filed_and_addressed_in_site_time(tmp_path):
    from email.utils import parsedate_to_datetime

    from lxml import etree

    from sitebuild import build_site

    content = make_site(tmp_path, "hardening_time_offsets")
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False, WARTA_NOW="2026-12-02T12:00:00+08:00")
    wit = (output / "berita/2026/11/zona-wit/index.html").read_text()
    assert "09.00 WITA" in wit and "10.00 WITA" not in wit
    # 23:30 in Jakarta is 00:30 the next day in Makassar: December, in the URL, the page and the archive.
    assert not (output / "berita/2026/11/zona-wib").exists()
    wib = (output / "berita/2026/12/zona-wib/index.html").read_text()
    assert "1 Desember 2026 00.30 WITA" in wib
    assert "zona-wib" in (output / "berita/2026/12/index.html").read_text()
    assert "zona-wib" not in (output / "berita/2026/11/index.html").read_text()
    dates = {item.findtext("title"): parsedate_to_datetime(item.findtext("pubDate"))
             for item in etree.parse(str(output / "feed.xml")).iter("item")}
    assert dates["Rilis Dengan Waktu WIB"].isoformat() == "2026-12-01T00:30:00+08:00"
    assert dates["Rilis Dengan Waktu WIT"].isoformat() == "2026-11-21T09:00:00+08:00"


def test_build_clock_outside_the_year_range_is_one_indonesian_line(tmp_path):
    content = make_site(tmp_path)
    for now in ("kemarin", "9999-12-31T23:59", "0001-01-01T00:00+14:00"):
        result = run("build", "--content", str(content), "--output", str(tmp_path / "output"), "--now", now)
        text = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in text, text
        assert "WARTA_NOW" in text and "tidak diubah" in text, text
        assert len([line for line in text.splitlines() if line.strip()]) <= 3, text


NEWCOMER = """---
title: Rilis Pendatang Pada Menit Yang Sama
date: 2026-11-20 09:30
region: [majene]
author: Penulis
status: {status}
---
Isi.
"""
LIVE_IDENTITY = "tag:sulbarprov.go.id,2026:berita/dinkes/202611200930"


@pytest.mark.parametrize("status", ["draft", "published"])
def test_a_newcomer_never_moves_a_live_release_identity(tmp_path, status):
    """A release of the same OPD and minute is refused; the live one keeps its GUID and is never blamed."""
    from lxml import etree

    from sitebuild import build_site

    content = make_site(tmp_path)
    output = tmp_path / "output"
    build_site(content, output, WARTA_SEARCH=False)
    guids = [item.findtext("guid") for item in etree.parse(str(output / "feed.xml")).iter("item")]
    assert LIVE_IDENTITY in guids
    # Sorted before the live release by slug, which decided the old tie-break.
    newcomer = content / "berita/dinkes/2026-11-20-aaa-pendatang.md"
    newcomer.write_text(NEWCOMER.format(status=status))
    problems = check_problems(content)
    assert problems and all(row.startswith("content/berita/dinkes/2026-11-20-aaa-pendatang.md:3: date:")
                            for row in problems), problems
    assert "ubah menit" in problems[0]


def test_url_collision_blames_the_newcomer_not_the_live_release(tmp_path):
    content = make_site(tmp_path)
    live = content / "berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md"
    # Read before the live release (bpbd < dinkes), which used to make the live one the "duplicate".
    newcomer = content / "berita/bpbd/2026-11-21-vaksinasi-massal-di-majene.md"
    newcomer.write_text(NEWCOMER.format(status="draft").replace("2026-11-20 09:30", "2026-11-21 08:00"))
    assert live.exists()
    problems = check_problems(content)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{newcomer.relative_to(content.parent)}:1: slug:")


# ---------------------------------------------------------------- registries and annotations

def test_codeowners_handle_must_be_one_github_handle(tmp_path):
    content = make_site(tmp_path)
    registry = content / "data/opd.yml"
    for handle in ('"@contoh/tim\\n* @penyerang"', '"@contoh/tim @lain"', '"@contoh/tim # catatan"'):
        registry.write_text((ROOT / "tests/fixtures/base_site/content/data/opd.yml").read_text()
                            .replace('"@contoh/humas-dinkes"', handle))
        problems = check_problems(content)
        assert [row for row in problems if row.startswith("content/data/opd.yml:9: humas.handle:")], problems


def test_github_annotations_escape_content_values(tmp_path):
    from warta_core.problems import Problem

    problem = Problem("content/a,b:c.md", 3, "title", "nilai 'x\n::stop-commands::token\r\n::error::palsu' 100%")
    annotation = problem.github_annotation()
    assert "\n" not in annotation and "\r" not in annotation
    assert annotation.startswith("::error file=content/a%2Cb%3Ac.md,line=3::")
    assert annotation.endswith("%0A::error::palsu' 100%25")
    content = make_site(tmp_path)
    release = content / "berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md"
    release.write_text(release.read_text().replace("status: published",
                                                   'status: "published\\n::stop-commands::tok\\n::error::palsu"'))
    result = run("check", "--github", "--content", str(content))
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith("::error file=content/berita/bpbd/"), result.stdout


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f", "\ufffe", "\x85", "\u202e", "\u2066"])
def test_every_character_xml_forbids_is_named_with_its_line(tmp_path, char):
    content = make_site(tmp_path)
    release = content / "berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md"
    lines = release.read_text().split("\n")
    lines[-2] += f" teks{char}tempelan"
    release.write_text("\n".join(lines))
    problems = check_problems(content)
    wanted = f"content/berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md:{len(lines) - 1}: teks: " \
             f"karakter tak terlihat U+{ord(char):04X}"
    assert [row for row in problems if row.startswith(wanted)], problems


@pytest.mark.parametrize("setting, value, words", [("WARTA_MAX_IMAGE_PIXELS", 2000, "megapiksel"),
                                                   ("WARTA_MAX_IMAGE_BYTES", 1000, "terlalu besar")])
def test_image_limits_are_reported_by_check(tmp_path, setting, value, words):
    content = make_site(tmp_path)
    photo = content / "berita/dinkes/gambar/2026-11-20-vaksinasi.png"  # 64 x 36 pixels
    photo.write_bytes(photo.read_bytes() + bytes(2000))  # and now more than 1000 bytes
    problems = check_problems(content, **{setting: value})
    wanted = "content/berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md:9: image.src: "
    assert [row for row in problems if row.startswith(wanted) and words in row], problems
