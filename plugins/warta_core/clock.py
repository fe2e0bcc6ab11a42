"""The build's notion of "now": injectable so tests and scheduled rebuilds can set it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def site_zone(settings) -> ZoneInfo:
    return ZoneInfo(settings["TIMEZONE"])


class InvalidNow(ValueError):
    """The build clock (--now, WARTA_NOW) is not a usable time; the message is Indonesian."""


def parse_now(value: str, zone: ZoneInfo, years: tuple[int, int] = (2000, 2100)) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidNow(f"waktu --now/WARTA_NOW '{value}' tidak dikenali; tulis seperti 2026-11-24T12:00+08:00") \
            from None
    return _in_range(moment if moment.tzinfo else moment.replace(tzinfo=zone), zone, years, value)


def _in_range(moment: datetime, zone: ZoneInfo, years: tuple[int, int], shown) -> datetime:
    if not years[0] <= moment.year <= years[1]:
        raise InvalidNow(f"waktu --now/WARTA_NOW '{shown}' di luar rentang tahun {years[0]}–{years[1]}")
    return moment.astimezone(zone)


def build_now(settings) -> datetime:
    """WARTA_NOW if set (ISO 8601, site time unless an offset is given), else the current time."""
    zone = site_zone(settings)
    years = (settings["WARTA_YEAR_MIN"], settings["WARTA_YEAR_MAX"])
    value = settings["WARTA_NOW"]
    if isinstance(value, datetime):
        return _in_range(value if value.tzinfo else value.replace(tzinfo=zone), zone, years, value.isoformat())
    if value:
        return parse_now(str(value), zone, years)
    return datetime.now(zone)
