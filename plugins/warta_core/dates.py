"""Indonesian date formatting through Babel, so no system locale is needed."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime


def long_date(moment: datetime) -> str:
    """Jumat, 20 November 2026"""
    return format_datetime(moment, "EEEE, d MMMM y", tzinfo=moment.tzinfo, locale="id")


def long_datetime(moment: datetime, zone_label: str = "WITA") -> str:
    """Jumat, 20 November 2026 09.30 WITA"""
    time = format_datetime(moment, "HH.mm", tzinfo=moment.tzinfo, locale="id")
    return f"{long_date(moment)} {time} {zone_label}"


def short_date(moment: datetime) -> str:
    """20 Nov 2026"""
    return format_datetime(moment, "d MMM y", tzinfo=moment.tzinfo, locale="id")


def month_year(moment: datetime) -> str:
    """November 2026"""
    return format_datetime(moment, "MMMM y", tzinfo=moment.tzinfo, locale="id")
