"""Media partners: the mitra.yml registry, /mitra-media/ pages, coverage on releases and statistics, proofs."""

from pelican import signals

from .generator import PartnerGenerator


def get_generators(pelican):
    return PartnerGenerator


def register():
    signals.get_generators.connect(get_generators)
