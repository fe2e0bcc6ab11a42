"""Settings for local builds and previews. Publishing adds publishconf.py on top."""

import logging
import os
import sys

from pelican.log import FatalLogger

# --- Identitas situs (ditulis oleh `invoke init`; boleh disunting) ---
SITENAME = "Warta Sulawesi Barat"
SITESUBTITLE = "Berita resmi perangkat daerah Provinsi Sulawesi Barat"
AUTHOR = "Diskominfo Provinsi Sulawesi Barat"
TIMEZONE = "Asia/Makassar"
WARTA_TIMEZONE_LABEL = "WITA"
WARTA_PUBLISHER_NAME = "Pemerintah Provinsi Sulawesi Barat"
WARTA_TAG_AUTHORITY = "sulbarprov.go.id,2026"
WARTA_LOGO = "branding/logo-situs.png"  # a fictional emblem for the demo
WARTA_CONTACT = {"address": "Jl. Contoh Demo No. 1, Mamuju, Sulawesi Barat 91511", "phone": "+62 426 000 0000",
                 "email": "redaksi@example.org", "hours": "Senin–Jumat, 08.00–16.00 WITA"}
SOCIAL = [("Instagram", "https://www.instagram.com/contoh.demo.warta"), ("YouTube", "https://www.youtube.com/@contoh.demo.warta")]
WARTA_EDITORS_HANDLE = "@sulbar-diskominfo/editor"
WARTA_PARTNER_CONTACT = "mitra.media@example.org"
WARTA_DEMO_NOTICE = "Situs demo: semua berita, nama pejabat dan kontak di situs ini fiktif, dibuat untuk memperagakan Warta."
# --- Akhir identitas situs ---
# The logo and icon (WARTA_LOGO, WARTA_FAVICON) are named relative to this folder, wherever a build runs from.
PROJECT_DIR = os.path.dirname(os.path.abspath(__file__))
for _image in ("WARTA_LOGO", "WARTA_FAVICON"):
    if globals().get(_image):
        globals()[_image] = os.path.join(PROJECT_DIR, globals()[_image])

# Menus: Pelican's MENUITEMS (main menu) and LINKS (footer) are (label, address) pairs; an address is
# site-relative ("tentang/", "" for the home page) or absolute ("https://...", "mailto:..."). Unset,
# they list the site's own sections and the usual static pages, at their addresses in the URL
# vocabulary (see plugins/warta_core/urls.py, `default_menus`).

# Absolute URLs (feeds, canonical links, sitemaps) start with this; pages link root-relative.
SITEURL = os.environ.get("WARTA_SITEURL", "http://localhost:8000")

PATH = "content"
THEME = "theme"
# A Pemda's own templates: a file here with the name of a theme template replaces it (Pelican's
# THEME_TEMPLATES_OVERRIDES), so the theme itself is never forked. See docs/operator.md.
THEME_TEMPLATES_OVERRIDES = [os.path.join(PROJECT_DIR, "templates")]
DEFAULT_LANG = "id"

PLUGIN_PATHS = ["plugins"]
# Pelican finds each plugin in PLUGIN_PATHS but does not put that folder on the import path, so the
# plugins' shared library (warta_core) and content model (warta_content) would not import.
plugins_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if plugins_dir not in sys.path:
    sys.path.insert(0, plugins_dir)
# A plugin that cannot be loaded or registered is logged as an error by Pelican, which then goes on
# and exits 0 with a partial site. Any error stops the run instead, as `pelican --fatal errors` does.
FatalLogger.fatal_lvl = min(FatalLogger.fatal_lvl, logging.ERROR)
# Generators run in this order. A plugin stops the run with a clear message if a plugin whose data it
# reads is missing or comes after it; search comes early so that indexing overlaps the other pages.
PLUGINS = ["warta_content", "warta_brand", "warta_media", "warta_search", "warta_groups", "warta_feeds", "warta_seo", "warta_stats",
           "warta_partners"]

# Warta's generators replace Pelican's own article, page and index generation.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
# Static pages of content/halaman/ (read by Warta, not by Pelican's page generator).
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}


# Pelican's reStructuredText reader is not used; its warning about Indonesian is noise.
LOG_FILTER = [(30, "Docutils has no localization for '%s'. Using 'en' instead.")]
