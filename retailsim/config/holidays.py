"""Default Chinese public-holiday calendar (approximate official dates, 2020-2032).

Lunar holidays (春节, 端午, 中秋) use the festival day of each year; the holiday period
starts on the listed offset from it. Fixed holidays use the usual statutory periods
(元旦 1 day, 劳动节 5 days, 国庆 7 days). Make-up working days are ignored. Years outside the
table get the fixed-date holidays only.

Used in: 02_small_data_augmentation (holiday variables), 04_dynamic_features.
"""

from __future__ import annotations

import datetime as dt

from .environment import Holiday

# festival day of 春节 (lunar new year), 端午 (dragon boat), 中秋 (mid-autumn); 清明 day.
_LUNAR: dict[int, tuple[str, str, str, str]] = {
    2020: ("01-25", "06-25", "10-01", "04-04"),
    2021: ("02-12", "06-14", "09-21", "04-04"),
    2022: ("02-01", "06-03", "09-10", "04-05"),
    2023: ("01-22", "06-22", "09-29", "04-05"),
    2024: ("02-10", "06-10", "09-17", "04-04"),
    2025: ("01-29", "05-31", "10-06", "04-04"),
    2026: ("02-17", "06-19", "09-25", "04-05"),
    2027: ("02-06", "06-09", "09-15", "04-05"),
    2028: ("01-26", "05-28", "10-03", "04-04"),
    2029: ("02-13", "06-16", "09-22", "04-04"),
    2030: ("02-03", "06-05", "09-12", "04-05"),
    2031: ("01-23", "06-24", "10-01", "04-05"),
    2032: ("02-11", "06-12", "09-19", "04-04"),
}

HOLIDAY_NAMES = ("元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆")


def chinese_holidays(first_year: int, last_year: int) -> tuple[Holiday, ...]:
    """Holiday periods of the years ``first_year..last_year`` in date order.

    Where two periods overlap (中秋 inside 国庆) the simulator uses the one listed first.
    """
    out: list[Holiday] = []
    for year in range(first_year, last_year + 1):
        out.append(Holiday("元旦", dt.date(year, 1, 1), 1))
        lunar = _LUNAR.get(year)
        if lunar:
            spring, dragon, autumn, qingming = (_day(year, md) for md in lunar)
            out.append(Holiday("春节", spring - dt.timedelta(days=1), 8))
            out.append(Holiday("清明", qingming, 3))
        out.append(Holiday("劳动节", dt.date(year, 5, 1), 5))
        if lunar:
            out.append(Holiday("端午", dragon, 3))
            out.append(Holiday("中秋", autumn, 3))
        out.append(Holiday("国庆", dt.date(year, 10, 1), 7))
    return tuple(sorted(out, key=lambda h: h.start))


def _day(year: int, month_day: str) -> dt.date:
    month, day = month_day.split("-")
    return dt.date(year, int(month), int(day))
