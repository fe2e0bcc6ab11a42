"""Every WARTA_ setting is declared once (type, default, meaning), checked at `initialized`, documented."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from sitebuild import ROOT, TEST_NOW

from warta_core.settings import BY_NAME, SettingsError, markdown_table, with_defaults  # noqa: E402

# Environment variables that are not settings: read by pelicanconf.py, tasks.py or the test helpers.
ENVIRONMENT_ONLY = {"WARTA_SITEURL", "WARTA_BENCH_KIT", "WARTA_CHROMIUM", "WARTA_JAVA"}
CODE = [ROOT / "plugins", ROOT / "warta_ops", ROOT / "tasks.py", ROOT / "pelicanconf.py", ROOT / "publishconf.py",
        ROOT / "theme" / "templates"]


def settings(**values) -> dict:
    return {"TIMEZONE": "Asia/Makassar", **values}


def problems_of(**values) -> str:
    with pytest.raises(SettingsError) as raised:
        with_defaults(settings(**values))
    return raised.value.report()


def source_files():
    for root in CODE:
        yield from [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in (".py", ".html"))


def test_defaults_fill_only_what_is_missing_and_a_second_call_changes_nothing():
    filled = with_defaults(settings(WARTA_HOME_LATEST=3))
    assert filled["WARTA_HOME_LATEST"] == 3
    assert filled["WARTA_GROUP_LATEST"] == BY_NAME["WARTA_GROUP_LATEST"].default
    assert with_defaults(dict(filled)) == filled


def test_an_unknown_warta_setting_is_refused_with_a_did_you_mean_hint():
    report = problems_of(WARTA_FEED_MAX_ITEM=10, WARTA_TIMEZONE="Asia/Jakarta", WARTA_ZZZZ=1)
    assert "WARTA_FEED_MAX_ITEM bukan pengaturan Warta — maksud Anda WARTA_FEED_MAX_ITEMS?" in report
    assert "WARTA_TIMEZONE bukan pengaturan Warta — maksud Anda TIMEZONE?" in report
    assert "WARTA_ZZZZ bukan pengaturan Warta — hapus" in report
    assert report.endswith("3 masalah pengaturan. Perbaiki di pelicanconf.py atau publishconf.py.")


@pytest.mark.parametrize("values, message", [
    ({"WARTA_HOME_LATEST": "12"}, "WARTA_HOME_LATEST harus bilangan bulat, bukan '12'"),
    ({"WARTA_STATS_MONTHS": 0}, "WARTA_STATS_MONTHS harus bilangan bulat 1 sampai 120, bukan 0"),
    ({"WARTA_FEED_LOGO_SIZE": 200}, "WARTA_FEED_LOGO_SIZE harus bilangan bulat 1 sampai 144, bukan 200"),
    ({"WARTA_SEARCH": "ya"}, "WARTA_SEARCH harus True atau False"),
    ({"WARTA_IFRAME_HOSTS": "www.youtube.com"}, "WARTA_IFRAME_HOSTS harus daftar teks"),
    ({"WARTA_NOW": "besok pagi"}, "WARTA_NOW harus waktu ISO 8601"),
    ({"WARTA_PUBLISHER_NAME": None}, "WARTA_PUBLISHER_NAME wajib diisi"),
    ({"TIMEZONE": "Asia/Mamuju"}, "TIMEZONE harus zona waktu IANA"),
    ({"RELEASE_URL": "rilis/{judul}/"}, "RELEASE_URL memakai {judul} yang tidak dikenal; yang boleh: {slug}, {date}"),
    ({"OPD_SAVE_AS": "/opd/{slug}/"}, "OPD_SAVE_AS harus alamat relatif di dalam situs"),
])
def test_a_wrong_type_or_range_is_refused_in_indonesian(values, message):
    assert message in problems_of(**values)


def test_the_environment_replaces_defaults_but_not_the_settings_file(monkeypatch):
    monkeypatch.setenv("WARTA_SEARCH", "")
    monkeypatch.setenv("WARTA_NOW", TEST_NOW)
    filled = with_defaults(settings(WARTA_NOW="2026-01-01T00:00:00+08:00"))
    assert filled["WARTA_SEARCH"] is False
    assert filled["WARTA_NOW"] == "2026-01-01T00:00:00+08:00"


def test_pelican_stops_on_a_misspelt_setting(tmp_path):
    conf = tmp_path / "typoconf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
                    f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
                    f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nWARTA_HOME_LATES = 5\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "COLUMNS": "1000", "WARTA_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode != 0
    assert "maksud Anda WARTA_HOME_LATEST?" in result.stdout + result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_readme_settings_section_is_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README tidak sesuai tabel pengaturan: jalankan `invoke settings-doc`"


def test_every_warta_name_in_the_code_is_declared_in_the_table():
    used = {name for path in source_files() for name in re.findall(r"\bWARTA_[A-Z0-9_]*[A-Z0-9]\b",
                                                                     path.read_text(encoding="utf-8"))}
    assert used - set(BY_NAME) - ENVIRONMENT_ONLY - {"WARTA_TIMEZONE"} == set()


def test_call_sites_restate_no_default():
    pattern = re.compile(r"""\.get\(\s*["'](WARTA_[A-Z_]+|TIMEZONE)["']""")
    restated = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in source_files() if path.suffix == ".py"
                for match in pattern.finditer(path.read_text(encoding="utf-8"))
                if path.name != "settings.py"
                and "os.environ" not in path.read_text(encoding="utf-8")[max(0, match.start() - 12):match.start()]]
    assert restated == []
