"""Self-tests of the browser/validator harness (no Warta site needed):
a tiny valid page must come out clean from axe-core and vnu, and broken
pages must really be reported, so a green run of the real tests means
something."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import DESKTOP, MOBILE, format_axe_violations

import tools

VALID_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Uji harness Warta</title>
</head>
<body>
<main>
<h1>Berita Terkini</h1>
<p>Halaman uji untuk memastikan harness peramban bekerja.</p>
</main>
</body>
</html>
"""

# No <title> and a stray </div>: two vnu errors.
BROKEN_HTML_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
</head>
<body>
<main>
<h1>Rusak</h1>
</div>
</main>
</body>
</html>
"""

# Valid HTML syntax-wise apart from the missing alt, which axe must flag.
IMG_WITHOUT_ALT_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Gambar tanpa alt</title>
</head>
<body>
<main>
<h1>Gambar</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
</main>
</body>
</html>
"""


def write_site(tmp_path: Path, html: str, name: str = "index.html") -> Path:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / name).write_text(html, encoding="utf-8")
    return site


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
def test_valid_page_is_clean(tmp_path, static_server, new_page, axe_violations,
                             screenshot, viewport):
    site = write_site(tmp_path, VALID_PAGE)
    base = static_server(site)
    page = new_page(viewport)
    response = page.goto(base)
    assert response is not None and response.status == 200
    assert page.title() == "Uji harness Warta"
    assert page.locator("h1").inner_text() == "Berita Terkini"
    assert page.evaluate("() => window.innerWidth") == viewport[0]

    violations = axe_violations(page)
    assert violations == [], format_axe_violations(violations)

    shot = screenshot(page, f"harness-valid-{viewport[0]}x{viewport[1]}")
    assert shot.is_file()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.parent == tools.REPO_ROOT / "test-artifacts" / "screenshots"


def test_nojs_page_and_axe_without_javascript(tmp_path, static_server, nojs_page,
                                              axe_violations):
    site = write_site(tmp_path, VALID_PAGE.replace(
        "</main>", "<script>document.title = 'JS ran';</script></main>"))
    nojs_page.goto(static_server(site))
    assert nojs_page.title() == "Uji harness Warta"  # the script did not run
    assert axe_violations(nojs_page) == []


def test_static_server_serves_subdirs_and_404(tmp_path, static_server, desktop_page):
    site = write_site(tmp_path, VALID_PAGE)
    (site / "berita").mkdir()
    (site / "berita" / "index.html").write_text(VALID_PAGE, encoding="utf-8")
    base = static_server(site)
    assert desktop_page.goto(base + "berita/").status == 200
    assert desktop_page.goto(base + "tidak-ada.html").status == 404


def test_axe_reports_img_without_alt(tmp_path, static_server, desktop_page,
                                     axe_violations):
    site = write_site(tmp_path, IMG_WITHOUT_ALT_PAGE)
    desktop_page.goto(static_server(site))
    violations = axe_violations(desktop_page)
    ids = {v["id"] for v in violations}
    assert "image-alt" in ids, format_axe_violations(violations)
    assert format_axe_violations(violations)  # readable message is non-empty


def test_vnu_accepts_valid_page(tmp_path):
    site = write_site(tmp_path, VALID_PAGE)
    # One vnu run (JVM start-up dominates) covering both kinds of argument:
    # a single HTML file, and a directory checked recursively with
    # --skip-non-html (the CSS file below would be an error otherwise).
    extra = tmp_path / "extra"
    (extra / "berita").mkdir(parents=True)
    (extra / "berita" / "index.html").write_text(VALID_PAGE, encoding="utf-8")
    (extra / "style.css").write_text("this is { not html", encoding="utf-8")
    assert tools.run_vnu([site / "index.html", extra]) == []


def test_vnu_reports_broken_page(tmp_path):
    site = write_site(tmp_path, VALID_PAGE)
    (site / "rusak.html").write_text(BROKEN_HTML_PAGE, encoding="utf-8")
    errors = tools.run_vnu(site)  # directory: valid index.html + broken page
    text = "\n".join(errors)
    assert len(errors) >= 2, text
    assert all("rusak.html:" in e for e in errors), text
    assert "title" in text.lower(), text
    assert "Stray end tag" in text and "div" in text, text
    # file:line:col prefix: the stray </div> is on line 9.
    assert any(":9:" in e for e in errors), text


def test_require_tool_fails_in_ci_and_skips_outside(monkeypatch, tmp_path):
    missing = tmp_path / "no-such-tool"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        tools.require_tool("java", missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no-such-tool"):
        tools.require_tool("java", missing)
    present = tmp_path / "tool"
    present.write_text("")
    assert tools.require_tool("java", present) == present
