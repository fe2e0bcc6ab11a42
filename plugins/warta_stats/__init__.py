"""Publishing statistics per OPD and region at /statistik/: monthly counts, silent OPDs, charts and CSV."""

from warta_core.plugins import WartaPlugin

from .generator import StatisticsGenerator

PLUGIN = WartaPlugin("warta_stats", StatisticsGenerator, needs=("warta_content", "warta_groups"))
register = PLUGIN.register
