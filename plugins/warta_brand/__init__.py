"""Branding: the site logo (text when there is none), favicons and web app manifest, OPD logos, theme colours."""

from warta_core.plugins import WartaPlugin

from .generator import BrandGenerator

PLUGIN = WartaPlugin("warta_brand", BrandGenerator, needs=("warta_content",))
register = PLUGIN.register
