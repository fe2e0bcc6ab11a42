"""Groups releases by OPD, region (kabupaten/kota), topic and month, and writes their pages."""

from pelican import signals

from .generator import GroupGenerator


def get_generators(pelican):
    return GroupGenerator


def register():
    signals.get_generators.connect(get_generators)
