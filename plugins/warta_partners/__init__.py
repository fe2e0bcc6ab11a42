"""Media partners: the mitra.yml registry, /mitra-media/ pages, coverage on releases and statistics, proofs."""

from warta_core.plugins import WartaPlugin

from .generator import PartnerGenerator

# It reads the releases and registries of warta_content and the OPD groups of warta_groups.
PLUGIN = WartaPlugin("warta_partners", PartnerGenerator, needs=("warta_content", "warta_groups"))
register = PLUGIN.register
