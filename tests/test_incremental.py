"""Incremental rebuilds produce exactly the bytes a fresh full build produces."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitebuild import ROOT, TEST_NOW, build_site, read_tree

CORPUS_TOOL = ROOT.parent / "shared" / "bench" / "make_corpus.py"

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
    if not CORPUS_TOOL.exists():
        pytest.fail(f"{CORPUS_TOOL} is missing: the shared benchmark kit must sit beside the project")
    site = tmp_path / "corpus"
    subprocess.run([sys.executable, str(CORPUS_TOOL), "--n", "80", "--out", str(site), "--now", TEST_NOW],
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


def test_unchanged_rebuild_rewrites_nothing(tmp_path, corpus):
    output = tmp_path / "output"
    build_site(corpus, output, WARTA_SEARCH=False)
    result = build_site(corpus, output, WARTA_SEARCH=False)
    assert result.written == 0
    assert result.reused > 80
