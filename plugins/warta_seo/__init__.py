"""Findability: social and JSON-LD metadata, share links, sitemaps, robots.txt and the 404 page."""

from pelican import signals

from .generator import SeoGenerator, write_sitemap
from .metadata import add_template_helpers


def get_generators(pelican):
    return SeoGenerator


def register():
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_sitemap)
