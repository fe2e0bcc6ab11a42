"""Feeds for media partners: RSS 2.0, Atom and JSON Feed, per site, OPD, region and topic; OPML and /berlangganan/."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from sitebuild import build_site, make_site, read_tree

SITE = "https://berita.example.go.id"
AUTHORITY = "tag:sulbarprov.go.id,2026:berita"
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/", "media": "http://search.yahoo.com/mrss/"}
VAKSINASI = f"{AUTHORITY}/dinkes/202611200930"
TAUTAN = f"{AUTHORITY}/bpbd/202611190815"
BANJIR = f"{AUTHORITY}/bpbd/202611181400"
LITERASI = f"{AUTHORITY}/diskominfo/202611101000"
TOPIC_FOLDERS = ["topik/bencana/", "topik/digital/", "topik/kesehatan/", "topik/vaksinasi/"]
FEED_FOLDERS = ["", "opd/dinkes/", "opd/bpbd/", "opd/diskominfo/", "opd/dispar/",
                "wilayah/sulbar/", "wilayah/majene/", "wilayah/mamuju/", *TOPIC_FOLDERS]
SCHEMES = {kind: f"tag:sulbarprov.go.id,2026:{kind}" for kind in ("opd", "region", "topic")}
FILES = ["feed.xml", "atom.xml", "feed.json"]


def build(content: Path, output: Path, **overrides):
    return build_site(content, output, "publishconf.py", SITEURL=SITE, **overrides)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("feeds")
    output = root / "output"
    build(make_site(root, "feeds_relative_links", "feeds_hidden_releases"), output)
    return output


def rss(path: Path):
    return etree.parse(str(path)).getroot().find("channel")


def rss_item(channel, identity: str):
    return next(item for item in channel.findall("item") if item.findtext("guid") == identity)


def guids(output: Path, folder: str = "") -> dict[str, list[str]]:
    """Each format's item identities and links, in feed order."""
    channel = rss(output / folder / "feed.xml")
    atom = etree.parse(str(output / folder / "atom.xml")).getroot()
    document = json.loads((output / folder / "feed.json").read_text(encoding="utf-8"))
    return {
        "rss": [(item.findtext("guid"), item.findtext("link")) for item in channel.findall("item")],
        "atom": [(entry.findtext("atom:id", namespaces=NS),
                  entry.find("atom:link[@rel='alternate']", NS).get("href"))
                 for entry in atom.findall("atom:entry", NS)],
        "json": [(item["id"], item["url"]) for item in document["items"]],
    }


def test_every_feed_exists_and_parses_without_bozo(site):
    for folder in FEED_FOLDERS:
        for name in FILES:
            path = site / folder / name
            assert path.is_file(), path
            if name.endswith(".xml"):
                parsed = feedparser.parse(path.read_bytes())
                assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
                assert parsed.feed.title


def test_site_rss_items_are_newest_first_with_stable_guids(site):
    channel = rss(site / "feed.xml")
    items = channel.findall("item")
    assert [item.findtext("guid") for item in items] == [VAKSINASI, TAUTAN, BANJIR, LITERASI]
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("pubDate").endswith(" +0800")
        assert item.findtext("link").startswith(f"{SITE}/berita/2026/11/")
        assert item.findtext("description")
        assert item.find("content:encoded", NS) is not None
        assert item.findtext("dc:creator", namespaces=NS)


def test_rss_channel_is_complete_and_dated_by_its_newest_item(site):
    channel = rss(site / "feed.xml")
    assert channel.findtext("link") == f"{SITE}/"
    self_link = channel.find("atom:link", NS)
    assert (self_link.get("rel"), self_link.get("href")) == ("self", f"{SITE}/feed.xml")
    assert channel.findtext("language") == "id"
    assert channel.findtext("ttl") == "30"
    assert channel.findtext("image/url") == f"{SITE}/theme/img/logo.png"
    assert channel.findtext("image/link") == f"{SITE}/"
    assert channel.findtext("lastBuildDate") == "Fri, 20 Nov 2026 09:30:00 +0800"


def test_rss_item_carries_the_lead_image_three_ways(site):
    item = rss_item(rss(site / "feed.xml"), VAKSINASI)
    enclosures = item.findall("enclosure")
    assert len(enclosures) == 1
    image_url = enclosures[0].get("url")
    # The published JPEG made from the upload (64 pixels wide, so never upscaled), not the upload.
    assert re.fullmatch(rf"{SITE}/gambar/dinkes/2026-11-20-vaksinasi-[0-9a-f]{{8}}-64\.jpg", image_url)
    size = (site / image_url[len(SITE) + 1:]).stat().st_size
    assert enclosures[0].attrib == {"url": image_url, "length": str(size), "type": "image/jpeg"}
    media = item.find("media:content", NS)
    assert (media.get("url"), media.get("medium"), media.get("type")) == (image_url, "image", "image/jpeg")
    assert media.get("width") and media.get("height")
    assert media.findtext("media:credit", namespaces=NS) == "Humas Dinkes Sulbar"
    assert media.findtext("media:description", namespaces=NS) == "Vaksinasi di Puskesmas Banggae, Jumat (20/11)."
    body = lxml.html.fragment_fromstring(item.findtext("content:encoded", namespaces=NS), create_parent="div")
    figure = body[0]
    assert figure.tag == "figure"
    assert figure.find("img").get("src") == image_url
    assert "Humas Dinkes Sulbar" in figure.findtext("figcaption")
    assert "Puskesmas Banggae" in figure.findtext("figcaption")


def test_rss_categories_name_opd_regions_and_topics(site):
    channel = rss(site / "feed.xml")
    assert [c.text for c in rss_item(channel, VAKSINASI).findall("category")] == [
        "Dinas Kesehatan", "Majene", "kesehatan", "vaksinasi"]
    assert [c.text for c in rss_item(channel, TAUTAN).findall("category")] == [
        "Badan Penanggulangan Bencana Daerah", "Mamuju", "Majene", "bencana"]


def test_categories_say_what_they_are_in_every_format(site):
    """RSS domain and Atom scheme tell an OPD from a region and a topic; JSON Feed has only plain tags."""
    expected = [("Dinas Kesehatan", SCHEMES["opd"]), ("Majene", SCHEMES["region"]),
                ("kesehatan", SCHEMES["topic"]), ("vaksinasi", SCHEMES["topic"])]
    item = rss_item(rss(site / "feed.xml"), VAKSINASI)
    assert [(c.text, c.get("domain")) for c in item.findall("category")] == expected
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    entry = next(entry for entry in atom.entries if entry.id == VAKSINASI)
    assert [(tag.term, tag.scheme) for tag in entry.tags] == expected
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    entry = next(entry for entry in parsed.entries if entry.id == VAKSINASI)
    assert [(tag.term, tag.scheme) for tag in entry.tags] == expected
    document = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert next(item for item in document["items"] if item["id"] == VAKSINASI)["tags"] == [
        "Dinas Kesehatan", "Majene", "kesehatan", "vaksinasi"]
    subscribe = lxml.html.parse(str(site / "berlangganan/index.html")).getroot()
    assert [code.text for code in subscribe.xpath('//section[@aria-labelledby="kategori"]//dt/code')] == [
        SCHEMES["opd"], SCHEMES["region"], SCHEMES["topic"]]


def test_every_url_in_every_feed_is_absolute(site):
    for folder in FEED_FOLDERS:
        for name in FILES:
            text = (site / folder / name).read_text(encoding="utf-8")
            urls = re.findall(r'(?:href|src|url)=\\?"([^"\\]*)', text)
            urls += re.findall(r"<(?:link|url|guid[^>]*|docs)>([^<]*)<", text)
            for url in urls:
                assert url.startswith(("https://", "http://", "mailto:", "tag:")), (folder + name, url)
    content = rss_item(rss(site / "feed.xml"), TAUTAN).findtext("content:encoded", namespaces=NS)
    release = f"{SITE}/berita/2026/11/tautan-relatif/"
    assert f'href="{SITE}/opd/bpbd/"' in content
    assert f'href="{SITE}/berita/2026/11/siaga-banjir-di-mamuju/"' in content
    assert re.search(rf'src="{SITE}/gambar/bpbd/peta-rawan-banjir-[0-9a-f]{{8}}-64\.jpg"', content)
    assert re.search(rf'srcset="{SITE}/gambar/bpbd/peta-rawan-banjir-[0-9a-f]{{8}}-64\.webp 64w"', content)
    assert f'href="{release}#peta"' in content
    assert 'href="mailto:humas.bpbd@example.org"' in content


def test_atom_entries_have_id_updated_author_and_typed_links(site):
    root = etree.parse(str(site / "atom.xml")).getroot()
    assert root.findtext("atom:updated", namespaces=NS) == "2026-11-20T09:30:00+08:00"
    assert root.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}/atom.xml"
    entries = root.findall("atom:entry", NS)
    assert [entry.findtext("atom:id", namespaces=NS) for entry in entries] == [VAKSINASI, TAUTAN, BANJIR, LITERASI]
    for entry in entries:
        assert entry.findtext("atom:author/atom:name", namespaces=NS)
        assert datetime.fromisoformat(entry.findtext("atom:updated", namespaces=NS)).utcoffset()
        assert entry.find("atom:content", NS).get("type") == "html"
        assert all(link.get("rel") in {"alternate", "enclosure"} for link in entry.findall("atom:link", NS))
        assert len(entry.findall("atom:link[@rel='alternate']", NS)) == 1
    literasi = entries[3]
    assert literasi.findtext("atom:updated", namespaces=NS) == "2026-11-11T08:00:00+08:00"
    assert literasi.findtext("atom:published", namespaces=NS) == "2026-11-10T10:00:00+08:00"
    enclosure = entries[0].find("atom:link[@rel='enclosure']", NS)
    assert enclosure.get("length") == str((site / enclosure.get("href")[len(SITE) + 1:]).stat().st_size)


def test_json_feed_has_every_required_field(site):
    document = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"]
    assert document["feed_url"] == f"{SITE}/feed.json"
    assert document["home_page_url"] == f"{SITE}/"
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
    assert [item["id"] for item in document["items"]] == [VAKSINASI, TAUTAN, BANJIR, LITERASI]
    for item in document["items"]:
        assert item["url"].startswith(f"{SITE}/berita/")
        assert item["content_html"]
        assert rfc3339.match(item["date_published"]) and rfc3339.match(item["date_modified"])
    first = document["items"][0]
    assert first["content_html"].startswith("<figure>")
    assert first["attachments"][0]["size_in_bytes"] == (site / first["image"][len(SITE) + 1:]).stat().st_size


def test_group_feeds_hold_their_own_news_and_regions_the_province_news(site):
    def ids(folder):
        return [identity for identity, _ in guids(site, folder)["rss"]]

    assert ids("opd/dinkes/") == [VAKSINASI]
    assert ids("opd/bpbd/") == [TAUTAN, BANJIR]
    assert ids("opd/dispar/") == []  # an OPD without news still has a valid, empty feed
    assert ids("wilayah/majene/") == [VAKSINASI, TAUTAN, LITERASI]
    assert ids("wilayah/mamuju/") == [TAUTAN, BANJIR, LITERASI]
    assert ids("wilayah/sulbar/") == [LITERASI]
    for folder in FEED_FOLDERS:
        formats = guids(site, folder)
        assert formats["rss"] == formats["atom"] == formats["json"], folder


def test_opml_lists_every_opd_region_and_topic_feed_in_three_outlines(site):
    root = etree.parse(str(site / "feeds.opml")).getroot()
    groups = root.findall("body/outline")
    assert [group.get("text") for group in groups] == ["Perangkat Daerah (OPD)", "Wilayah", "Topik"]
    assert [o.get("xmlUrl") for o in groups[0]] == [f"{SITE}/opd/{slug}/feed.xml"
                                                     for slug in ("bpbd", "dinkes", "diskominfo", "dispar")]
    assert [o.get("xmlUrl") for o in groups[1]] == [f"{SITE}/wilayah/{slug}/feed.xml"
                                                     for slug in ("sulbar", "majene", "mamuju")]
    assert [o.get("xmlUrl") for o in groups[2]] == [f"{SITE}/{folder}feed.xml" for folder in TOPIC_FOLDERS]
    assert [o.get("htmlUrl") for o in groups[2]] == [f"{SITE}/{folder}" for folder in TOPIC_FOLDERS]
    assert all(o.get("type") == "rss" and o.get("htmlUrl").startswith(SITE) for group in groups for o in group)


def test_topic_feeds_hold_the_topic_news_and_only_published_topics_have_one(site):
    assert [identity for identity, _ in guids(site, "topik/kesehatan/")["rss"]] == [VAKSINASI, LITERASI]
    assert [identity for identity, _ in guids(site, "topik/bencana/")["json"]] == [TAUTAN, BANJIR]
    channel = rss(site / "topik/kesehatan/feed.xml")
    assert channel.findtext("title") == "Topik kesehatan — Warta Sulawesi Barat"
    assert channel.findtext("link") == f"{SITE}/topik/kesehatan/"
    assert sorted(path.parent.name for path in site.glob("topik/*/feed.xml")) == [
        folder.split("/")[1] for folder in TOPIC_FOLDERS]


def test_hidden_releases_are_in_no_feed_and_no_opml(site):
    tree = read_tree(site)
    feeds = {path: data for path, data in tree.items() if path.endswith((".xml", ".json", ".opml"))}
    assert "feeds.opml" in feeds and "feed.xml" in feeds
    for marker in (b"FEEDEMBARGO", b"feedembargo", b"FEEDDRAF", b"feeddraf", b"rilis-feed-"):
        assert [path for path, data in feeds.items() if marker in data] == []


def test_pages_advertise_their_feeds_in_the_head(site):
    def advertised(page):
        head = lxml.html.parse(str(site / page)).getroot().find("head")
        return [(link.get("type"), link.get("href")) for link in head.findall("link[@rel='alternate']")]

    site_feeds = [("application/rss+xml", f"{SITE}/feed.xml"), ("application/atom+xml", f"{SITE}/atom.xml"),
                  ("application/feed+json", f"{SITE}/feed.json")]
    assert advertised("index.html") == site_feeds
    release = advertised("berita/2026/11/tautan-relatif/index.html")
    assert release[:3] == site_feeds
    assert [href for _, href in release[3:] if href.endswith("feed.xml")] == [
        f"{SITE}/opd/bpbd/feed.xml", f"{SITE}/wilayah/mamuju/feed.xml", f"{SITE}/wilayah/majene/feed.xml"]
    for page, feed in (("opd/dinkes/index.html", "opd/dinkes/"), ("wilayah/majene/index.html", "wilayah/majene/"),
                       ("topik/kesehatan/index.html", "topik/kesehatan/")):
        if (site / page).is_file():  # group pages come from warta_groups
            assert ("application/rss+xml", f"{SITE}/{feed}feed.xml") in advertised(page)


def test_subscribe_page_lists_every_feed_as_text(site):
    page = lxml.html.parse(str(site / "berlangganan/index.html")).getroot()
    assert len(page.findall(".//h1")) == 1
    text = page.find("body").text_content()
    for folder in FEED_FOLDERS:
        for name in FILES:
            assert f"{SITE}/{folder}{name}" in text
    assert f"{SITE}/feeds.opml" in text
    assert "50 rilis terbaru" in text
    assert "WordPress" in text and "Atom" in text and "JSON Feed" in text


def test_item_cap_limits_every_feed(tmp_path):
    output = tmp_path / "output"
    build(make_site(tmp_path, "feeds_relative_links"), output, WARTA_FEED_MAX_ITEMS=2)
    assert [identity for identity, _ in guids(output)["json"]] == [VAKSINASI, TAUTAN]
    assert len(guids(output, "wilayah/mamuju/")["atom"]) == 2
    assert "2 rilis terbaru" in (output / "berlangganan/index.html").read_text(encoding="utf-8")


def test_renamed_and_retitled_release_keeps_its_guid_in_every_format(tmp_path):
    content = make_site(tmp_path)
    output = tmp_path / "output"
    build(content, output)
    before = {folder: guids(output, folder) for folder in ("", "opd/bpbd/", "wilayah/mamuju/")}
    old = content / "berita/bpbd/2026-11-18-siaga-banjir-di-mamuju.md"
    text = old.read_text(encoding="utf-8").replace("BPBD Siagakan Tim Reaksi Cepat Banjir di Mamuju",
                                                   "BPBD Siagakan Tim Reaksi Cepat Banjir Kabupaten Mamuju")
    old.unlink()
    (content / "berita/bpbd/2026-11-18-tim-reaksi-cepat-banjir.md").write_text(text, encoding="utf-8")
    build(content, output)
    new_link = f"{SITE}/berita/2026/11/tim-reaksi-cepat-banjir/"
    for folder, formats in before.items():
        after = guids(output, folder)
        for name, items in formats.items():
            assert [identity for identity, _ in after[name]] == [identity for identity, _ in items]
            assert dict(after[name])[BANJIR] == new_link
            assert dict(items)[BANJIR] == f"{SITE}/berita/2026/11/siaga-banjir-di-mamuju/"
    assert b"Banjir Kabupaten Mamuju" in (output / "feed.xml").read_bytes()


def test_rebuild_without_change_writes_byte_identical_feeds(tmp_path):
    content = make_site(tmp_path, "feeds_relative_links")
    first, fresh = tmp_path / "first", tmp_path / "fresh"
    build(content, first)

    def feeds(output):
        return {path: (output / path).read_bytes()
                for path in ["feeds.opml", *(folder + name for folder in FEED_FOLDERS for name in FILES)]}

    before = feeds(first)
    build(content, first)
    assert feeds(first) == before
    shutil.rmtree(tmp_path / ".cache")
    build(content, fresh, incremental=False)  # rendered anew, not reused
    assert feeds(fresh) == before


def test_correction_updates_the_item_but_not_its_guid(tmp_path):
    output = tmp_path / "output"
    build(make_site(tmp_path), output)
    before = rss_item(rss(output / "feed.xml"), VAKSINASI)
    build(make_site(tmp_path, "feeds_correction"), output)
    channel = rss(output / "feed.xml")
    after = rss_item(channel, VAKSINASI)
    assert len(channel.findall("item")) == 3
    assert after.findtext("pubDate") == before.findtext("pubDate")
    assert "Jumlah peserta diperbaiki" in after.findtext("content:encoded", namespaces=NS)
    assert "Jumlah peserta diperbaiki" not in before.findtext("content:encoded", namespaces=NS)
    assert channel.findtext("lastBuildDate") == "Sat, 21 Nov 2026 08:00:00 +0800"
    atom = etree.parse(str(output / "atom.xml")).getroot()
    entry = atom.find(f"atom:entry[atom:id='{VAKSINASI}']", NS)
    assert entry.findtext("atom:updated", namespaces=NS) == "2026-11-21T08:00:00+08:00"
    item = json.loads((output / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert (item["id"], item["date_modified"]) == (VAKSINASI, "2026-11-21T08:00:00+08:00")


CC_BY = "https://creativecommons.org/licenses/by/4.0/deed.id"
RELEASE_PAGE = "berita/2026/11/tautan-relatif/index.html"


def reuse_terms(output: Path) -> dict:
    """The licence as each produced file states it."""
    footer = lxml.html.parse(str(output / "opd/bpbd/index.html")).getroot().find(".//footer")
    subscribe = lxml.html.parse(str(output / "berlangganan/index.html")).getroot()
    release = lxml.html.parse(str(output / RELEASE_PAGE)).getroot()
    article = next(data for data in (json.loads(script.text) for script in
                                     release.findall(".//script[@type='application/ld+json']"))
                   if data.get("@type") == "NewsArticle")
    atom = etree.parse(str(output / "opd/bpbd/atom.xml")).getroot()
    return {
        "footer": footer.find(".//p[@class='warta-footer__license']"),
        "subscribe": subscribe.find(".//section[@aria-labelledby='lisensi']"),
        "subscribe_links": {a.get("href") for a in subscribe.iter("a")},
        "rss": rss(output / "wilayah/mamuju/feed.xml").findtext("copyright"),
        "atom": atom.findtext("atom:rights", namespaces=NS),
        "json": json.loads((output / "feed.json").read_text(encoding="utf-8"))["_warta"],
        "json_ld": article["license"],
    }


def test_reuse_terms_are_in_the_footer_subscribe_page_every_feed_format_and_json_ld(site):
    terms = reuse_terms(site)
    attribution = ("Rilis boleh dimuat ulang dan diubah, juga untuk keperluan komersial, dengan menyebut sumbernya "
                   "(Pemerintah Provinsi Sulawesi Barat) dan menautkan rilis aslinya.")
    for part in (terms["footer"], terms["subscribe"]):
        assert attribution in part.text_content()
        link = part.find(".//a[@rel='license']")
        assert (link.text, link.get("href")) == ("CC BY 4.0", CC_BY)
    rights = f"{attribution} Lisensi: CC BY 4.0 ({CC_BY})"
    assert terms["rss"] == terms["atom"] == rights
    assert terms["json"] == {"license": "CC BY 4.0", "license_url": CC_BY, "rights": rights}
    assert terms["json_ld"] == CC_BY
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(str(site / "opd/dinkes" / name))
        assert not parsed.bozo and parsed.feed.rights == rights, name


def test_subscribe_page_links_every_feed_address_and_gives_the_partner_contact(site):
    terms = reuse_terms(site)
    for folder in FEED_FOLDERS:
        for name in FILES:
            assert f"{SITE}/{folder}{name}" in terms["subscribe_links"]
    assert "mailto:mitra.media@example.org" in terms["subscribe_links"]


def test_a_changed_licence_and_contact_follow_everywhere(tmp_path):
    output = tmp_path / "output"
    build(make_site(tmp_path, "feeds_relative_links"), output, WARTA_LICENSE_NAME="CC BY-SA 4.0",
          WARTA_LICENSE_URL="https://creativecommons.org/licenses/by-sa/4.0/",
          WARTA_LICENSE_ATTRIBUTION="Sebutkan {publisher}.", WARTA_PUBLISHER_NAME="Pemprov Uji",
          WARTA_PARTNER_CONTACT="", WARTA_CONTACT={"email": "redaksi@uji.example.org"})
    terms = reuse_terms(output)
    rights = "Sebutkan Pemprov Uji. Lisensi: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"
    assert terms["rss"] == terms["atom"] == terms["json"]["rights"] == rights
    assert terms["json_ld"] == terms["json"]["license_url"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert terms["footer"].text_content() == "Sebutkan Pemprov Uji. Lisensi: CC BY-SA 4.0."
    assert "mailto:redaksi@uji.example.org" in terms["subscribe_links"]


def test_tags_that_share_a_topic_page_are_one_category(tmp_path):
    """"UMKM" and "umkm", or "Ibu & Anak" and "ibu-anak", lead to one topic page: the release names it once."""
    content = make_site(tmp_path)
    release = content / "berita/dinkes/2026-11-20-vaksinasi-massal-di-majene.md"
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("tags: [kesehatan, vaksinasi]",
                                    'tags: [UMKM, umkm, "Ibu & Anak", ibu-anak, "!!", vaksinasi]'), encoding="utf-8")
    output = tmp_path / "output"
    build(content, output)
    item = rss_item(rss(output / "feed.xml"), VAKSINASI)
    assert [c.text for c in item.findall("category") if c.get("domain") == SCHEMES["topic"]] == [
        "UMKM", "Ibu & Anak", "vaksinasi"]
    assert (output / "topik/umkm/index.html").exists() and (output / "topik/ibu-anak/index.html").exists()
