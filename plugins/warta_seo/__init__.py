"""Findability: social and JSON-LD metadata, share links, sitemaps, robots.txt and the 404 page."""

from pelican import signals

from warta_core.plugins import WartaPlugin

from .generator import SeoGenerator, write_sitemap
from .metadata import add_template_helpers

PLUGIN = WartaPlugin("warta_seo", SeoGenerator, needs=("warta_content",),
                     receivers=((signals.generator_init, add_template_helpers), (signals.finalized, write_sitemap)))
register = PLUGIN.register
