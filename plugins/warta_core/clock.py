"""The build's notion of "now": injectable so tests and scheduled rebuilds can set it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def site_zone(settings) -> ZoneInfo:
    return ZoneInfo(settings["TIMEZONE"])


def parse_now(value: str, zone: ZoneInfo) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def build_now(settings) -> datetime:
    """WARTA_NOW if set (ISO 8601, site time unless an offset is given), else the current time."""
    zone = site_zone(settings)
    value = settings["WARTA_NOW"]
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if value:
        return parse_now(str(value), zone)
    return datetime.now(zone)
