"""Incremental rebuilds produce exactly the bytes a fresh full build produces."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitebuild import TEST_NOW, bench_tool, build_site, read_tree

NEW_RELEASE = """---
title: Rilis Baru untuk Uji Inkremental
date: 2026-11-20 08:00
region: [majene]
author: Penulis Uji
tags: [uji-inkremental]
status: published
---
MAJENE — Rilis baru yang ditambahkan di antara dua build.
"""


@pytest.fixture()
def corpus(tmp_path):
    site = tmp_path / "corpus"
    subprocess.run([sys.executable, str(bench_tool("make_corpus.py")), "--n", "80", "--out", str(site), "--now", TEST_NOW],
                   check=True, capture_output=True)
    return site / "content"


def first_release(content, opd=None):
    return sorted((content / "berita").glob(f"{opd or '*'}/*.md"))[0]


def edit_add(content):
    (content / "berita/dinkes/2026-11-20-rilis-baru-uji-inkremental.md").write_text(NEW_RELEASE, encoding="utf-8")


def edit_correct(content):
    path = first_release(content)
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    path.write_text(head + "\nmodified: 2026-11-21 08:00\ncorrection: Angka diperbaiki.\n---\n" +
                    body.replace("Kabupaten", "Kab.", 1), encoding="utf-8")


def edit_remove(content):
    first_release(content).unlink()


def edit_embargo(content):
    path = first_release(content)
    text = path.read_text(encoding="utf-8")
    lines = [("date: 2027-02-01 09:00" if line.startswith("date:") else line) for line in text.split("\n")]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("edit", [edit_add, edit_correct, edit_remove, edit_embargo],
                         ids=["add", "correct", "remove", "embargo"])
def test_incremental_equals_full_build(tmp_path, corpus, edit):
    incremental = tmp_path / "incremental" / "output"
    build_site(corpus, incremental, WARTA_SEARCH=False)
    edit(corpus)
    build_site(corpus, incremental, WARTA_SEARCH=False)
    full = tmp_path / "full" / "output"
    build_site(corpus, full, incremental=False, WARTA_SEARCH=False)
    assert read_tree(incremental) == read_tree(full)


def test_unchanged_rebuild_is_skipped_and_a_touched_file_rewrites_nothing(tmp_path, corpus):
    output = tmp_path / "output"
    build_site(corpus, output, WARTA_SEARCH=False)
    home = (output / "index.html").stat().st_ino
    again = build_site(corpus, output, WARTA_SEARCH=False)
    assert again.skipped and (output / "index.html").stat().st_ino == home, "nothing read had changed"
    later = build_site(corpus, output, WARTA_SEARCH=False, WARTA_NOW="2026-11-24T12:30:00+08:00")
    assert later.skipped, "half an hour later no release has crossed its time and the day is the same"
    first = first_release(corpus)
    first.touch()  # same bytes, new modification time: read again, but nothing to write
    touched = build_site(corpus, output, WARTA_SEARCH=False)
    assert not touched.skipped and touched.written == 0 and touched.reused > 80


def test_next_day_rebuilds_for_the_statistics(tmp_path, corpus):
    output = tmp_path / "output"
    build_site(corpus, output, WARTA_SEARCH=False)
    next_day = build_site(corpus, output, WARTA_SEARCH=False, WARTA_NOW="2026-11-25T08:00:00+08:00")
    assert not next_day.skipped
    assert "Rabu, 25 November 2026" in (output / "statistik/index.html").read_text(encoding="utf-8")
