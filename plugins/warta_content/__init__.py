"""Warta's content model: reads, validates and renders releases and the OPD and region registries."""

from pelican import signals

from warta_core.plugins import WartaPlugin, get_writer

from .generator import ReleaseGenerator

PLUGIN = WartaPlugin("warta_content", ReleaseGenerator, receivers=((signals.get_writer, get_writer),))
register = PLUGIN.register
