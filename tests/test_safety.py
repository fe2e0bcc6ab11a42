"""Script, event-handler and javascript: vectors in every field survive in no output file."""

from __future__ import annotations

import re

from lxml import html

from conftest import build_site, make_site, read_tree

# Live markup only: the same words shown as escaped text (&lt;script&gt;) are harmless.
VECTOR = re.compile(rb"<script>alert|<img src=.?x.? onerror|<b onmouseover|<p [^>]*onclick|href=.?javascript:|evil\.example")


def test_no_vector_survives_in_any_output_file(tmp_path):
    content = make_site(tmp_path, "xss_vectors")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py")
    tree = read_tree(output)
    page = "berita/2026/11/uji-keamanan/index.html"
    assert page in tree
    assert "Judul &lt;script&gt;" in tree[page].decode(), "the title is shown, escaped"
    survivors = {path: VECTOR.findall(data) for path, data in tree.items() if VECTOR.search(data)}
    assert survivors == {}


def test_sanitised_body_keeps_allowed_markup(tmp_path):
    content = make_site(tmp_path, "xss_vectors")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py")
    document = html.fromstring((output / "berita/2026/11/uji-keamanan/index.html").read_bytes())
    frames = document.xpath("//iframe/@src")
    assert frames == ["https://www.youtube-nocookie.com/embed/abc123"]
    assert not document.xpath("//*[@style]")
    assert not [node for node in document.iter() if any(name.startswith("on") for name in node.attrib)]
    scripts = [node.text or "" for node in document.xpath("//script")]
    assert not [text for text in scripts if "alert" in text]
