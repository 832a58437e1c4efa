"""Named presets: ready-made retail worlds scaled to a number of rows.

``preset(name, rows=5000, seed=0, **overrides)`` builds the named world, applies
``overrides`` (any ``RetailConfig.replace`` key: fields, ``n_stores``, ``n_skus``) and sets
``n_days = ceil(rows / rows_per_day)`` with ``rows_per_day = n_stores * n_skus * n_slots``,
so the simulation has at least ``rows`` rows, rounded up to whole days. When that horizon
would exceed ``max_days`` (default 728 = 104 weeks), stores are added (clones of the template
store in other regions) until ``rows`` fit within ``max_days``. An explicit ``n_days``
override wins over ``rows``.

==================  =======  ====  =====  ========  ==============================
preset              stores   SKUs  slots  rows/day  share of zero-sale rows
==================  =======  ====  =====  ========  ==============================
convenience_store   1        24    3      72        0.60 - 0.82 (sparse, long tail)
supermarket         1        36    2      72        0.20 - 0.45
==================  =======  ====  =====  ========  ==============================

Used in: 01_small_data_retail, 05_sandbox_architecture (便利店 vs 商超), every chapter that
generates data.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import catalog_convenience, catalog_supermarket
from .environment import parse_date
from .errors import ConfigError
from .holidays import chinese_holidays
from .retail import RetailConfig

DEFAULT_START = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class Preset:
    """A named world: a one-line description, its expected sparsity range and its builder."""

    name: str
    description: str
    sparsity_range: tuple[float, float]
    parts: Callable[[], dict]

    def template(self, start_date: object = DEFAULT_START) -> RetailConfig:
        """The unscaled world (one store, 70 days) with the Chinese holidays of the years
        from ``start_date`` to two years after the default 728-day horizon."""
        start = parse_date("start_date", start_date)
        holidays = chinese_holidays(start.year, start.year + math.ceil(728 / 365) + 2)
        return RetailConfig(start_date=start, holidays=holidays, **self.parts())


PRESETS: dict[str, Preset] = {
    "convenience_store": Preset(
        "convenience_store",
        "便利店: 1 store x 24 SKUs x 3 slots (早/午/晚), commuter peaks, "
        "many perishables, long tail",
        (0.60, 0.82),
        catalog_convenience.parts,
    ),
    "supermarket": Preset(
        "supermarket",
        "商超: 1 store x 36 SKUs x 2 slots (上午/下午晚间), weekend peaks, "
        "more promotions, holiday stock-up",
        (0.20, 0.45),
        catalog_supermarket.parts,
    ),
}


def preset(name: str, rows: int = 5000, seed: int = 0, **overrides: Any) -> RetailConfig:
    """A validated config of the named preset with at least ``rows`` observed rows.

    ``n_days = ceil(rows / (n_stores * n_skus * n_slots))``; beyond ``max_days`` stores are
    added. ``overrides`` are applied first (e.g. ``n_skus=60``, ``dispersion=0.8``,
    ``inventory={"lead_time_days": 2}``); an ``n_days`` override replaces the row target.

    Used in: 01_small_data_retail, 05_sandbox_architecture, 12_lab2_four_step_sandbox.
    """
    if name not in PRESETS:
        known = ", ".join(PRESETS)
        raise ConfigError("preset", f"unknown preset; known presets: {known}", name)
    cfg = PRESETS[name].template(overrides.get("start_date", DEFAULT_START)).replace(seed=seed)
    if overrides:
        if "rows" in overrides:
            raise ConfigError("rows", "pass rows as preset(name, rows=...), not as an override")
        cfg = cfg.replace(**overrides)
    if "n_days" not in overrides:
        cfg = cfg.replace(rows=rows)
    return cfg
