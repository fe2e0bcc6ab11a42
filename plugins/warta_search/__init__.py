"""Search: the /cari/ page and a Pagefind index of the release pages, one bundle for the newest month and one per year before it."""

from pelican import signals

from .generator import SearchGenerator


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
