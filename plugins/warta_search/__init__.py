"""Search: the /cari/ page and a Pagefind index of the release pages, one bundle for the newest month and one per year before it."""

from pelican import signals

from warta_core.plugins import WartaPlugin

from .generator import SearchGenerator, finish_index

PLUGIN = WartaPlugin("warta_search", SearchGenerator, needs=("warta_content",), receivers=((signals.finalized, finish_index),))
register = PLUGIN.register
