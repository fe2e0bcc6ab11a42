"""Every kind of broken content fails the build with an Indonesian `path:line: field: problem — fix`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitebuild import ROOT, make_site

INVOKE = [sys.executable, "-m", "invoke"]

# scenario, file the message names, line, field, words the message must contain
CASES = [
    ("invalid_no_front_matter", "berita/dinkes/2026-11-21-tanpa-front-matter.md", 1, "front matter", "tidak ada front matter"),
    ("invalid_yaml_tab", "berita/dinkes/2026-11-21-indentasi-tab.md", 7, "front matter", "karakter tab dipakai"),
    ("invalid_curly_quotes", "berita/dinkes/2026-11-21-kutip-melengkung.md", 2, "front matter", "kutip melengkung"),
    ("invalid_indonesian_keys", "berita/dinkes/2026-11-21-kunci-indonesia.md", 3, "tanggal", "maksud Anda 'date'"),
    ("invalid_modified_before_date", "berita/dinkes/2026-11-21-ralat-mundur.md", 6, "modified", "lebih awal"),
    ("invalid_yaml_unclosed_quote", "berita/dinkes/2026-11-21-kutip-terbuka.md", 2, "front matter", "kutip"),
    ("invalid_empty_file", "berita/dinkes/2026-11-21-berkas-kosong.md", 1, "berkas", "berkas kosong"),
    ("invalid_non_utf8", "berita/dinkes/2026-11-21-bukan-utf8.md", 7, "berkas", "UTF-8"),
    ("invalid_missing_title", "berita/dinkes/2026-11-21-tanpa-judul.md", 1, "title", "wajib diisi"),
    ("invalid_empty_title", "berita/dinkes/2026-11-21-judul-kosong.md", 2, "title", "tidak boleh kosong"),
    ("invalid_missing_date", "berita/dinkes/2026-11-21-tanpa-tanggal.md", 1, "date", "wajib diisi"),
    ("invalid_impossible_date", "berita/dinkes/2026-11-21-tanggal-mustahil.md", 3, "date", "31 November 2026 tidak ada"),
    ("invalid_free_text_date", "berita/dinkes/2026-11-21-tanggal-kemarin.md", 3, "date", "'kemarin' bukan tanggal"),
    ("invalid_unknown_opd", "berita/dinkess/2026-11-21-opd-salah-ketik.md", 1, "opd", "maksud Anda 'dinkes'"),
    ("invalid_unknown_region", "berita/dinkes/2026-11-21-wilayah-salah-ketik.md", 4, "region", "maksud Anda 'majene'"),
    ("invalid_outside_opd_folder", "berita/2026-11-21-di-luar-folder.md", 1, "lokasi", "di luar folder OPD"),
    ("invalid_opd_mismatch", "berita/dinkes/2026-11-21-opd-beda.md", 6, "opd", "tidak sama dengan foldernya"),
    ("invalid_unknown_key", "berita/dinkes/2026-11-21-kunci-salah.md", 2, "titel", "maksud Anda 'title'"),
    ("invalid_status_typo", "berita/dinkes/2026-11-21-status-salah.md", 7, "status", "maksud Anda 'published'"),
    ("invalid_empty_body", "berita/dinkes/2026-11-21-isi-kosong.md", 9, "isi", "isi berita kosong"),
    ("invalid_image_missing", "berita/dinkes/2026-11-21-gambar-hilang.md", 7, "image.src", "tidak ditemukan"),
    ("invalid_image_without_alt", "berita/dinkes/2026-11-21-gambar-tanpa-alt.md", 6, "image.alt", "wajib diisi"),
    ("invalid_duplicate_url", "berita/bpbd/2026-11-22-judul-kembar.md", 1, "slug", "sudah dipakai"),
    ("invalid_duplicate_identity", "berita/dinkes/2026-11-21-rilis-pertama.md", 8, "id", "sudah dipakai"),
    ("invalid_pin_without_end", "berita/dinkes/2026-11-21-sorotan-tanpa-akhir.md", 7, "sorotan", "tanpa waktu akhir"),
    ("invalid_registry_duplicate_slug", "data/opd.yml", 23, "slug", "dipakai dua kali"),
    ("invalid_registry_missing_name", "data/opd.yml", 23, "name", "wajib diisi"),
    ("invalid_registry_bad_code", "data/region.yml", 16, "code", "tidak sesuai format"),
    ("invalid_partner_registry", "data/mitra.yml", 6, "press_council", "maksud Anda 'verified'"),
    ("invalid_partner_registry", "data/mitra.yml", 19, "contract.end", "lebih awal"),
    ("invalid_partner_registry", "data/mitra.yml", 20, "scope", "maksud Anda 'dinkes'"),
    ("invalid_partner_registry", "data/mitra.yml", 23, "contact.emial", "maksud Anda 'email'"),
    ("invalid_partner_registry", "data/mitra.yml", 28, "site_map", "maksud Anda 'sitemap'"),
    ("invalid_partner_registry", "data/mitra.yml", 36, "sitemap", "bukan alamat http(s)"),
    ("invalid_partner_registry", "data/mitra.yml", 40, "feeds", "tidak punya feed maupun sitemap"),
    ("invalid_coverage_entry", "data/liputan/2026-11.yml", 11, "url", "bukan alamat http(s)"),
]


def run(*args, cwd=ROOT):
    return subprocess.run([*INVOKE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("content/")]


@pytest.mark.parametrize("scenario, path, line, field, words", CASES, ids=[case[0] for case in CASES])
def test_bad_content_fails_build_with_located_message(tmp_path, scenario, path, line, field, words):
    content = make_site(tmp_path, scenario)
    output = tmp_path / "output"
    result = run("build", "--content", str(content), "--output", str(output))
    assert result.returncode == 1, result.stdout + result.stderr
    wanted = f"content/{path}:{line}: {field}: "
    matching = [text for text in problem_lines(result.stderr) if text.startswith(wanted)]
    assert matching, f"no line starting {wanted!r} in:\n{result.stderr}"
    assert words in matching[0]
    assert " — " in matching[0], "every message says how to fix it"
    assert not output.exists(), "a failed build writes nothing"
    assert not list(tmp_path.glob(".warta-build-*")), "the staging folder is removed"


def test_check_reports_every_problem_of_every_file_at_once(tmp_path):
    content = make_site(tmp_path, "invalid_two_bad_files")
    result = run("check", "--content", str(content))
    assert result.returncode == 1
    lines = problem_lines(result.stdout)
    assert any(text.startswith("content/berita/dinkes/2026-11-21-tanpa-judul.md:1: title:") for text in lines)
    assert any(text.startswith("content/berita/bpbd/2026-11-21-wilayah-salah.md:4: region:") for text in lines)
    assert "2 masalah" in result.stderr


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    from sitebuild import build_site, read_tree

    good = make_site(tmp_path / "good")
    output = tmp_path / "output"
    build_site(good, output, WARTA_SEARCH=False)
    before = read_tree(output)
    bad = make_site(tmp_path / "bad", "invalid_missing_title")
    result = run("build", "--content", str(bad), "--output", str(output))
    assert result.returncode == 1
    assert read_tree(output) == before


def test_yaml_11_surprises_are_read_as_text(tmp_path):
    """`no`, `on`, `yes` and numbers stay text; a single region may be written without brackets."""
    content = make_site(tmp_path, "yaml_surprises")
    result = run("check", "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Konten valid: 5 rilis" in result.stdout


def test_demo_content_is_valid():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
