"""The demo site in headless Chromium: axe-core finds nothing, search works, pages read without JavaScript."""

from __future__ import annotations

import re

import pytest
from harness import DESKTOP, MOBILE, format_axe_violations

RELEASE = "berita/2026/11/dinas-kesehatan-gelar-vaksinasi-massal-di-majene/"
PAGES = {
    "beranda": "",
    "rilis": RELEASE,
    "rilis-ralat": "berita/2026/11/longsor-tutup-jalan-poros-majene-mamuju-di-malunda/",
    "opd": "opd/dinkes/",
    "wilayah": "wilayah/majene/",
    "topik": "topik/kesehatan/",
    "statistik": "statistik/",
    "mitra-media": "mitra-media/",
    "mitra": "mitra-media/koran-mandar/",
    "berlangganan": "berlangganan/",
    "cari": "cari/",
    "404": "404.html",
    "halaman": "tentang/",
    "rilis-ditarik": "berita/2026/11/cakupan-imunisasi-sulbar-capai-seratus-persen/",
}
OLD_RELEASE_URL = "berita/2026/11/vaksinasi-massal-majene/"  # an alias of RELEASE in the demo


# Pagefind UI shows a result at once with ". . ." placeholders (class pagefind-ui__loading) and fills
# in its title when the result's fragment has arrived: the titles are read only once none is loading.
RESULTS_LOADED = """before => {
    const message = document.querySelector('.pagefind-ui__message');
    const titles = document.querySelectorAll('.pagefind-ui__results .pagefind-ui__result-title');
    return message !== null && message.innerText !== before && titles.length > 0
        && document.querySelector('.pagefind-ui__results .pagefind-ui__loading') === null;
}"""


def loaded_results(page, before: str | None = None) -> tuple[str, list[str]]:
    """Wait until a new result message is shown and every result's title is loaded; (message, titles)."""
    page.wait_for_function(RESULTS_LOADED, arg=before)
    return (page.locator(".pagefind-ui__message").inner_text(),
            page.locator(".pagefind-ui__result-title").all_inner_texts())


@pytest.fixture
def site(demo_site, static_server):
    return static_server(demo_site)


def check_page(page, url: str, name: str, axe_violations, screenshot) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], f"{url}\n{format_axe_violations(violations)}"
    screenshot(page, name)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["360x740", "1280x800"])
def test_page_is_accessible(site, new_page, axe_violations, screenshot, name, viewport):
    page = new_page(viewport)
    check_page(page, site + PAGES[name], f"{name}-{viewport[0]}x{viewport[1]}", axe_violations, screenshot)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport[0], f"{name}: the page scrolls sideways ({width}px)"


def test_release_reads_and_shares_without_javascript(site, nojs_page, axe_violations, screenshot):
    page = nojs_page
    check_page(page, site + RELEASE, "rilis-tanpa-js-1280x800", axe_violations, screenshot)
    assert page.locator("h1").inner_text() == "Dinas Kesehatan Gelar Vaksinasi Massal di Majene"
    assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")
    page.locator("summary", has_text="Teks untuk WhatsApp").click()
    text = page.locator(".warta-wa__text")
    assert text.is_visible() and text.inner_text().endswith(RELEASE)
    assert page.locator(".warta-wa .warta-button").count() == 0, "no copy button without JavaScript"
    assert page.locator(".warta-share a", has_text="WhatsApp").get_attribute("href").startswith("https://wa.me/?text=")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_old_release_url_leads_to_the_release(site, new_page, javascript):
    page = new_page(javascript=javascript)
    response = page.goto(site + OLD_RELEASE_URL)
    assert response.status == 200
    page.wait_for_url(site + RELEASE)  # the meta refresh works with JavaScript off too
    assert page.locator("h1").inner_text() == "Dinas Kesehatan Gelar Vaksinasi Massal di Majene"


def test_search_page_without_javascript_points_to_the_lists(site, nojs_page, screenshot):
    page = nojs_page
    page.goto(site + "cari/")
    notice = page.locator("main noscript, main .warta-notice").first
    assert "JavaScript" in page.locator("main").inner_text()
    assert notice is not None
    assert page.locator("main a[href='/opd/']").is_visible()
    assert page.locator("main a[href='/wilayah/']").is_visible()
    screenshot(page, "cari-tanpa-js-1280x800")


def test_copy_button_enhances_the_whatsapp_text(site, new_page):
    page = new_page(MOBILE, permissions=["clipboard-read", "clipboard-write"])
    page.goto(site + RELEASE)
    page.locator("summary", has_text="Teks untuk WhatsApp").click()
    page.get_by_role("button", name="Salin teks").click()
    page.locator(".warta-wa__status", has_text="tersalin").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("*Dinas Kesehatan Gelar Vaksinasi Massal di Majene*")


def test_search_finds_a_differently_affixed_word_and_filters_by_opd(site, new_page, axe_violations, screenshot):
    page = new_page(MOBILE)
    page.goto(site + "cari/")
    search = page.get_by_label("Kata kunci")
    # The demo text says "pembangunan"; Indonesian stemming brings "membangun" to the same root.
    search.fill("membangun")
    before, titles = loaded_results(page)
    # Neither release says "membangun": they are found through the stem of "pembangunan".
    assert any(title.startswith("Musrenbang RKPD 2027") for title in titles), titles
    assert any(title.startswith("Bedah 45 Rumah") for title in titles), titles
    page.locator(".pagefind-ui__filter-name", has_text="OPD").click()
    page.get_by_label("Badan Perencanaan Pembangunan Daerah").check()
    _, filtered = loaded_results(page, before)
    assert any(title.startswith("Musrenbang RKPD 2027") for title in filtered), filtered
    assert not any(title.startswith("Bedah 45 Rumah") for title in filtered), filtered
    violations = axe_violations(page)
    assert violations == [], format_axe_violations(violations)
    screenshot(page, "cari-hasil-360x740")
    first = page.locator(".pagefind-ui__result-link").first
    title, target = first.inner_text(), first.get_attribute("href")
    assert re.fullmatch(r"/berita/\d{4}/\d{2}/[a-z0-9-]+/", target), target
    first.click()
    # The state asserted is the release page itself, not the end of some load.
    page.wait_for_url(site.rstrip("/") + target)
    assert page.locator("h1").inner_text() == title
