"""Feeds for media partners: RSS 2.0, Atom and JSON Feed for the site, each OPD and each region."""

from pelican import signals

from .generator import FeedGenerator


def get_generators(pelican):
    return FeedGenerator


def register():
    signals.get_generators.connect(get_generators)
