"""Photos on a cheap phone: what a release page with a 6 MB upload really downloads, and a gallery under axe."""

from __future__ import annotations

import pytest
from harness import MOBILE, format_axe_violations

from photo_site import add_heavy_release, add_photos
from sitebuild import build_site, make_site

GALLERY = "berita/2026/11/posyandu-serentak-di-majene/"
BUDGET = 250_000  # bytes: HTML, CSS, JS and images of one release page at 360×740, DPR 2


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("media-browser")
    content = make_site(root, "media_release")
    add_photos(content)
    heavy = add_heavy_release(content)
    output = root / "output"
    build_site(content, output, "publishconf.py", SITEURL="https://contoh.go.id")
    return output, heavy


def test_release_with_a_6_mb_photo_downloads_under_250_kb_on_a_phone(media_site, static_server, new_page):
    output, heavy = media_site
    base = static_server(output)
    page = new_page(MOBILE, device_scale_factor=2, is_mobile=True, has_touch=True)
    transfers: dict[str, int] = {}

    def finished(request):
        sizes = request.sizes()
        transfers[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    page.goto(base + heavy)
    page.wait_for_load_state("networkidle")
    lead = page.locator("figure.warta-figure img").first
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=lead.element_handle())
    chosen = lead.evaluate("image => image.currentSrc")
    assert chosen.endswith((".webp", ".jpg")) and "-rapat-besar-" in chosen
    total = sum(transfers.values())
    listing = "\n".join(f"{size:>8} {url}" for url, size in sorted(transfers.items(), key=lambda item: -item[1]))
    print(f"\n{total} bytes:\n{listing}")
    assert total < BUDGET, f"{total} bytes:\n{listing}"
    assert chosen in transfers, "the lead photo was downloaded and counted"


def test_gallery_page_has_no_axe_violations(media_site, static_server, new_page, axe_violations, screenshot):
    output, _ = media_site
    base = static_server(output)
    page = new_page(MOBILE)
    response = page.goto(base + GALLERY)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], format_axe_violations(violations)
    screenshot(page, "galeri-360x740")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE[0], f"the gallery page scrolls sideways ({width}px)"
