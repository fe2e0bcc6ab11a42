"""Groups releases by OPD, region (kabupaten/kota), topic and month, and writes their pages."""

from warta_core.plugins import WartaPlugin

from .generator import GroupGenerator

PLUGIN = WartaPlugin("warta_groups", GroupGenerator, needs=("warta_content",))
register = PLUGIN.register
