"""Photos and attachments: image derivatives (widths in WebP and JPEG, a social card) and published documents."""

from warta_core.plugins import WartaPlugin

from .generator import MediaGenerator

PLUGIN = WartaPlugin("warta_media", MediaGenerator, needs=("warta_content",))
register = PLUGIN.register
