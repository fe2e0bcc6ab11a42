"""Warta's content model: reads, validates and renders releases and the OPD and region registries."""

from pelican import signals

from warta_core.settings import apply_defaults
from .generator import ReleaseGenerator


def get_generators(pelican):
    return ReleaseGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
