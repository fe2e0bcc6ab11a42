"""Publishing statistics per OPD and region at /statistik/: monthly counts, silent OPDs, charts and CSV."""

from pelican import signals

from .generator import StatisticsGenerator


def get_generators(pelican):
    return StatisticsGenerator


def register():
    signals.get_generators.connect(get_generators)
