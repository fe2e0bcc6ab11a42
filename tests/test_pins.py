"""The pinned headline (sorotan) on the home page: above the latest list while it lasts, never twice,
never for a hidden release; two pins at one time are refused by `invoke check` and the build alike.

The fixture (base_site + pinned_release) pins the BPBD release of 18 November until 10 December
17:00; a withdrawn and a draft release pinned until 2027 must never show as pinned; a release
embargoed until 15 December is pinned from then until 20 December.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import lxml.html
import pytest

from sitebuild import ROOT, build_site, make_site

PINNED = "BPBD Siagakan Tim Reaksi Cepat Banjir di Mamuju"
NEXT = "Sulbar Tuan Rumah Festival Literasi Digital"
B1 = "Dinas Kesehatan Gelar Vaksinasi Massal di Majene"
B3 = "Diskominfo Gelar Literasi Digital se-Sulawesi Barat"
WITHDRAWN = "Berita Ditarik yang Pernah Disorot"
DRAFT = "RAHASIA Draf yang Diberi Sorotan"


def home(output):
    return lxml.html.parse(str(output / "index.html")).getroot()


def pinned_titles(root) -> list[str]:
    return [link.text_content() for link in root.xpath('//section[@class="warta-pin"]//h2/a')]


def listed_titles(root) -> list[str]:
    return [link.text_content() for link in root.xpath('//ul[@class="warta-list"]//*[@class="warta-card__title"]/a')]


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("pins"), "pinned_release")


def build_at(content, tmp_path, now: str, **overrides):
    output = tmp_path / "output"
    build_site(content, output, WARTA_NOW=now, **overrides)
    return output


def test_pin_is_shown_above_the_latest_list_and_not_twice(content, tmp_path):
    root = home(build_at(content, tmp_path, "2026-11-24T12:00:00+08:00"))
    assert pinned_titles(root) == [PINNED]
    assert listed_titles(root) == [B1, B3]
    section = root.xpath('//section[@class="warta-pin"]')[0]
    assert section.xpath("string(.//p[@id=../@aria-labelledby])") == "Sorotan"
    assert root.xpath("//h1")[0].getnext() is section, "the pin comes first, right under the page title"
    text = root.text_content()
    assert WITHDRAWN not in text and DRAFT not in text and NEXT not in text


def test_expired_pin_is_an_ordinary_release_again(content, tmp_path):
    root = home(build_at(content, tmp_path, "2026-12-11T08:00:00+08:00"))
    assert not root.xpath('//section[@class="warta-pin"]'), "the withdrawn release's pin (until 2027) never counts"
    assert listed_titles(root) == [B1, PINNED, B3]


def test_next_pin_starts_when_its_embargo_ends(content, tmp_path):
    root = home(build_at(content, tmp_path, "2026-12-16T08:00:00+08:00"))
    assert pinned_titles(root) == [NEXT]
    assert listed_titles(root) == [B1, PINNED, B3]


def test_a_preview_never_pins_a_draft_or_an_embargoed_release(content, tmp_path):
    root = home(build_at(content, tmp_path, "2026-11-24T12:00:00+08:00", WARTA_SHOW_DRAFTS=True))
    assert pinned_titles(root) == [PINNED]
    assert DRAFT in listed_titles(root) and NEXT in listed_titles(root)


def test_the_end_of_a_pin_makes_the_next_build_run(content, tmp_path):
    """Same day, no release time in between: only the pin's end can tell the build (and the due check) to run."""
    first = build_at(content, tmp_path, "2026-12-10T16:00:00+08:00")
    assert pinned_titles(home(first)) == [PINNED]
    end = datetime.fromisoformat("2026-12-10T17:00:00+08:00").timestamp()
    output = tmp_path / "output"
    again = build_site(content, output, WARTA_NOW="2026-12-10T16:30:00+08:00")
    assert again.skipped
    assert end in again.release_dates, "the publish records it as a moment the site changes (warta_ops.due)"
    after = build_site(content, output, WARTA_NOW="2026-12-10T18:00:00+08:00")
    assert not after.skipped
    assert pinned_titles(home(output)) == []


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("content/")]


def test_two_pins_at_one_time_are_refused_by_check_and_build_alike(tmp_path):
    content = make_site(tmp_path, "invalid_two_pins")
    invoke = [sys.executable, "-m", "invoke"]
    check = subprocess.run([*invoke, "check", "--content", str(content)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    build = subprocess.run([*invoke, "build", "--content", str(content), "--output", str(tmp_path / "output")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1 and build.returncode == 1, check.stdout + build.stderr
    lines = problem_lines(check.stdout)
    assert lines == problem_lines(build.stderr)
    assert [line.split(" — ")[0].split(": sorotan bertumpuk")[0] for line in lines] == [
        "content/berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md:8: sorotan",
        "content/berita/dinkes/2026-11-21-sorotan-kedua.md:7: sorotan",
    ]
    assert "berita/dinkes/2026-11-21-sorotan-kedua.md (sorotan 2026-11-21 10:00 sampai 2099-12-31 17:00)" in lines[0]
    assert all(" — hapus sorotan: dan sorotan_sampai: dari salah satunya" in line for line in lines)
    assert not (tmp_path / "output").exists()
