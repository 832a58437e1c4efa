"""``World``: a config compiled into the numpy arrays the engine loops over.

Series are store-SKU pairs in row order: series ``q = s * n_skus + i`` for store ``s`` and
SKU ``i``. Nothing here is random; every array is derived from the ``RetailConfig``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from retailsim.config import PROMO_KINDS, RetailConfig, Seasonality

MAX_TRACKED_SHELF_LIFE = 60  # shelf lives above this never expire within a run
PROMO_CODES = ("none", *PROMO_KINDS)  # code 0 = no promotion
NO_HOLIDAY = "none"


@dataclass(frozen=True)
class PromoArrays:
    """One promotion kind as arrays: code, price multiplier, lift, frequency, slot mask."""

    code: int
    price_multiplier: float
    lift: float
    frequency: float
    slot_mask: np.ndarray  # (n_slots,) bool
    eligible: np.ndarray  # (n_skus,) bool
    eligible_series: np.ndarray  # (n_series,) bool


@dataclass(frozen=True)
class World:
    """The static arrays of one config (see the module docstring for the series order)."""

    config: RetailConfig
    n_stores: int
    n_skus: int
    n_slots: int
    base_price: np.ndarray  # (n_skus,)
    log_base_price: np.ndarray  # (n_skus,)
    category: np.ndarray  # (n_skus,) index into config.categories
    competitor_sensitivity: np.ndarray  # (n_skus,)
    elasticity: np.ndarray  # (n_skus, n_skus): [i, j] = d log demand i / d log price j
    base_rate: np.ndarray  # (n_stores, n_skus, n_slots) base_demand * size * slot share
    store_region: np.ndarray  # (n_stores,) index into regions
    regions: tuple[str, ...]
    region_offset: np.ndarray  # (n_regions,) temperature offset
    season_amplitude: np.ndarray  # (n_categories,)
    season_peak: np.ndarray  # (n_categories,)
    holiday_names: tuple[str, ...]  # index 0 = "none"
    holiday_effect: np.ndarray  # (n_holiday_names, n_categories)
    holiday_periods: tuple[tuple[dt.date, int, int], ...]  # (start, days, name index)
    weather_states: tuple[str, ...]
    weather_effect: np.ndarray  # (n_states, n_categories)
    temperature_sensitivity: np.ndarray  # (n_categories,)
    weekly_promos: tuple[PromoArrays, ...]
    markdown: PromoArrays | None
    dtypes: dict[str, pd.CategoricalDtype]

    @property
    def n_series(self) -> int:
        """Number of store-SKU series."""
        return self.n_stores * self.n_skus


def compile_world(cfg: RetailConfig) -> World:
    """Derive the static arrays of ``cfg``."""
    cats = cfg.categories
    cat_index = {c: k for k, c in enumerate(cats)}
    skus = cfg.skus
    category = np.array([cat_index[s.category] for s in skus], dtype=np.intp)
    base_price = np.array([s.base_price for s in skus])
    shares = np.array([cfg.time_slots.share(s.category) for s in skus])
    size = np.array([s.size_factor for s in cfg.stores])
    base_demand = np.array([s.base_demand for s in skus])
    base_rate = size[:, None, None] * (base_demand[:, None] * shares)[None]
    regions = tuple(dict.fromkeys(s.region for s in cfg.stores))
    weather = cfg.weather
    states = weather.all_states
    holiday_names = (NO_HOLIDAY, *dict.fromkeys(h.name for h in cfg.holidays))
    hol_index = {n: k for k, n in enumerate(holiday_names)}
    return World(
        config=cfg,
        n_stores=cfg.n_stores,
        n_skus=cfg.n_skus,
        n_slots=cfg.n_slots,
        base_price=base_price,
        log_base_price=np.log(base_price),
        category=category,
        competitor_sensitivity=np.array([s.competitor_sensitivity for s in skus]),
        elasticity=elasticity_matrix(cfg),
        base_rate=base_rate,
        store_region=np.array([regions.index(s.region) for s in cfg.stores], dtype=np.intp),
        regions=regions,
        region_offset=np.array([weather.region_offsets_c.get(r, 0.0) for r in regions]),
        season_amplitude=np.array([_season(cfg, c).amplitude for c in cats]),
        season_peak=np.array([_season(cfg, c).peak_day for c in cats], dtype=float),
        holiday_names=holiday_names,
        holiday_effect=np.array(
            [_by_category(cfg.holiday_effects.get(n, {}), cats) for n in holiday_names]
        ),
        holiday_periods=tuple((h.start, h.days, hol_index[h.name]) for h in cfg.holidays),
        weather_states=states,
        weather_effect=np.array([_by_category(weather.effects.get(s, {}), cats) for s in states]),
        temperature_sensitivity=np.array(
            _by_category(weather.temperature_sensitivity, cats, default=0.0)
        ),
        weekly_promos=tuple(
            _promo(cfg, p) for p in cfg.promotions if p.kind != "markdown" and p.frequency > 0
        ),
        markdown=next(
            (_promo(cfg, p) for p in cfg.promotions if p.kind == "markdown" and p.frequency > 0),
            None,
        ),
        dtypes=_dtypes(cfg, regions, states, holiday_names),
    )


def elasticity_matrix(cfg: RetailConfig) -> np.ndarray:
    """The true elasticity matrix: own elasticities on the diagonal, relations off it."""
    index = {sku: k for k, sku in enumerate(cfg.sku_ids)}
    matrix = np.diag([s.own_elasticity for s in cfg.skus]).astype(float)
    for rel in cfg.relations:
        a, b = index[rel.sku_a], index[rel.sku_b]
        matrix[a, b] = matrix[b, a] = rel.cross_elasticity
    return matrix


def _season(cfg: RetailConfig, category: str) -> Seasonality:
    return cfg.seasonality.get(category, cfg.seasonality.get("*", Seasonality(0.0)))


def _by_category(table: dict, cats: tuple[str, ...], default: float = 1.0) -> list[float]:
    fallback = table.get("*", default)
    return [table.get(c, fallback) for c in cats]


def _promo(cfg: RetailConfig, promo) -> PromoArrays:
    slots = promo.slots or cfg.time_slots.names
    limit = promo.max_shelf_life_days
    eligible = np.array([limit is None or s.shelf_life_days <= limit for s in cfg.skus])
    return PromoArrays(
        code=PROMO_CODES.index(promo.kind),
        price_multiplier=promo.price_multiplier,
        lift=promo.lift,
        frequency=promo.frequency,
        slot_mask=np.array([name in slots for name in cfg.time_slots.names]),
        eligible=eligible,
        eligible_series=np.tile(eligible, cfg.n_stores),
    )


def _dtypes(cfg, regions, states, holiday_names) -> dict[str, pd.CategoricalDtype]:
    def cat(values, ordered=False):
        return pd.CategoricalDtype(list(values), ordered=ordered)

    return {
        "store_id": cat(cfg.store_ids),
        "region": cat(regions),
        "sku_id": cat(cfg.sku_ids),
        "sku_name": cat(dict.fromkeys(s.name for s in cfg.skus)),
        "category": cat(cfg.categories),
        "price_band": cat(("low", "mid", "high"), ordered=True),
        "time_slot": cat(cfg.time_slots.names, ordered=True),
        "promo_type": cat(PROMO_CODES),
        "weather": cat(states),
        "holiday_name": cat(holiday_names),
    }
