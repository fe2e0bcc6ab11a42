"""Script, event-handler and javascript: vectors in every field survive in no output file."""

from __future__ import annotations

import re

from lxml import html

from sitebuild import build_site, make_site, read_tree

# Live markup only: the same words shown as escaped text (&lt;script&gt;) are harmless.
VECTOR = re.compile(rb"<script>alert|<img [^>]*onerror|<b onmouseover|<p [^>]*onclick|href=.?javascript:|evil\.example")


def test_no_vector_survives_in_any_output_file(tmp_path):
    content = make_site(tmp_path, "xss_vectors")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py")
    tree = read_tree(output)
    page = "berita/2026/11/uji-keamanan/index.html"
    assert page in tree
    assert "Judul &lt;script&gt;" in tree[page].decode(), "the title is shown, escaped"
    # CSV downloads are data served as text/csv, never parsed as markup; their cells are checked below.
    survivors = {path: VECTOR.findall(data) for path, data in tree.items()
                 if not path.endswith(".csv") and VECTOR.search(data)}
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
    inline = [node for node in document.xpath("//script[not(@src)]")]
    assert all(node.get("type") == "application/ld+json" for node in inline), "no inline script but JSON-LD"
    assert not [node for node in inline if "<" in (node.text or "")], "JSON-LD escapes markup characters"


def test_csv_cells_cannot_start_a_formula(tmp_path):
    import csv

    content = make_site(tmp_path, "xss_vectors")
    output = tmp_path / "output"
    build_site(content, output, "publishconf.py")
    for path in output.rglob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")], path
