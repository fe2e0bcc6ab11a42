"""Feeds for media partners: RSS 2.0, Atom and JSON Feed for the site, each OPD, region and topic."""

from warta_core.plugins import WartaPlugin

from .generator import FeedGenerator

PLUGIN = WartaPlugin("warta_feeds", FeedGenerator, needs=("warta_content", "warta_groups"))
register = PLUGIN.register
