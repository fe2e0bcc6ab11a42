"""Search: the /cari/ page and a Pagefind index of the release pages, built at the end of every build."""

from pelican import signals

from .generator import SearchGenerator
from .indexer import index_site


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_site)
