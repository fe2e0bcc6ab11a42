"""Every WARTA_ setting with its default, declared once."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, object] = {
    # Site identity
    "WARTA_TIMEZONE": "Asia/Makassar",
    "WARTA_TIMEZONE_LABEL": "WITA",
    "WARTA_TAG_AUTHORITY": "sulbarprov.go.id,2026",
    "WARTA_PUBLISHER_NAME": "Pemerintah Provinsi Sulawesi Barat",
    "WARTA_DEMO_NOTICE": "",
    "WARTA_PUBLISHER_LOGO": "theme/img/logo.png",  # site-relative; JSON-LD publisher logo
    # Content
    "WARTA_NOW": None,  # ISO 8601; also read from the WARTA_NOW environment variable
    "WARTA_SHOW_DRAFTS": False,  # preview only; publishconf.py forces False
    "WARTA_CONTENT_DIR": "berita",
    "WARTA_DATA_DIR": "data",
    "WARTA_PAGES_DIR": "halaman",  # static pages (Tentang, Kontak, PPID, ...), published at PAGE_URL
    "WARTA_IMAGE_OUTPUT_DIR": "gambar",
    "WARTA_IFRAME_HOSTS": ["www.youtube-nocookie.com", "www.youtube.com"],
    "WARTA_WORKERS": None,  # None: one per CPU core
    "WARTA_CACHE_DIR": ".warta-cache",
    # Lists
    "WARTA_HOME_LATEST": 12,
    "WARTA_GROUP_LATEST": 20,
    "WARTA_RELATED_COUNT": 4,
    # Statistics
    "WARTA_SILENT_DAYS": 30,
    "WARTA_STATS_MONTHS": 12,
    # Feeds
    "WARTA_FEED_MAX_ITEMS": 50,
    "WARTA_FEED_TTL": 30,  # minutes
    "WARTA_FEED_LOGO": "theme/img/logo.png",  # site-relative; the channel image of every feed
    "WARTA_FEED_LOGO_SIZE": 144,  # pixels, square; RSS 2.0 allows at most 144 wide
    # Sitemaps
    "WARTA_NEWS_SITEMAP_DAYS": 2,
    # Search
    "WARTA_SEARCH": True,
}

# Settings a scheduled job, a benchmark or a test run may set from the environment.
ENVIRONMENT_OVERRIDES = ("WARTA_NOW", "WARTA_SHOW_DRAFTS", "WARTA_SEARCH", "WARTA_CACHE_DIR")
BOOLEANS = ("WARTA_SHOW_DRAFTS", "WARTA_SEARCH")


def apply_defaults(pelican) -> None:
    """Signal receiver: complete the settings of a Pelican run."""
    with_defaults(pelican.settings)


def with_defaults(settings: dict) -> dict:
    """Fill in every missing WARTA_ setting; environment variables win for the build clock and drafts."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in ENVIRONMENT_OVERRIDES:
        if key in os.environ:
            settings[key] = os.environ[key]
    for key in BOOLEANS:
        if isinstance(settings[key], str):
            settings[key] = settings[key].strip().lower() in {"1", "true", "ya", "yes"}
    if settings.get("WARTA_PUBLISHING") and settings["WARTA_SHOW_DRAFTS"]:
        # A published build must never carry drafts, whatever the environment says.
        logger.warning("WARTA_SHOW_DRAFTS diabaikan: build publikasi tidak pernah menampilkan draf.")
        settings["WARTA_SHOW_DRAFTS"] = False
    return settings
