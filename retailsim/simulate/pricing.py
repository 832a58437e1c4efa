"""Shelf prices and weekly promotions (the retailer's price decisions, drawn at random).

Regular price of store-SKU q: ``round(p0 * m_q, 2)``, where every ``price_changes.period_days``
the multiplier ``m_q`` is redrawn from ``price_changes.grid`` with probability
``price_changes.probability``. Each week a store-SKU runs at most one weekly promotion
(discount, bogo or display), chosen with the configured frequencies; in its slots the charged
price is ``round(regular * price_multiplier, 2)`` and demand gets the promotion ``lift``.
The evening markdown of perishables depends on the stock left and is decided slot by slot in
the engine (:func:`markdown_today`).

Used in: 04_dynamic_features (price band x promotion x slot), 14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import streams
from .world import World


@dataclass
class PriceState:
    """Regular-price multipliers that carry over between days."""

    multiplier: np.ndarray  # (n_series,)


@dataclass(frozen=True)
class Prices:
    """Prices of a block of ``n`` days."""

    regular: np.ndarray  # (n, n_series) regular shelf price
    price: np.ndarray  # (n, n_series, n_slots) price charged per unit
    promo: np.ndarray  # (n, n_series, n_slots) int8 code into world.PROMO_CODES
    lift: np.ndarray  # (n, n_series, n_slots) promotion lift


def initial_state(world: World) -> PriceState:
    """Every store-SKU starts at its base price."""
    return PriceState(multiplier=np.ones(world.n_series))


def simulate_prices(world: World, state: PriceState, first_day: int, n_days: int) -> Prices:
    """Regular prices and weekly promotions of the block; updates ``state``."""
    regular = _regular_prices(world, state, first_day, n_days)
    promo, mult, lift = _weekly_promotions(world, first_day, n_days)
    price = np.round(regular[:, :, None] * mult, 2)
    return Prices(regular=regular, price=price, promo=promo, lift=lift)


def markdown_today(world: World, expiring_left: np.ndarray, acts: np.ndarray) -> np.ndarray:
    """Store-SKUs marked down at the start of a markdown slot: eligible (shelf life short
    enough), still holding units that expire today, and the store acts today (``acts``, true
    with probability ``frequency``). Returns a bool array (n_series,)."""
    md = world.markdown
    if md is None:
        return np.zeros(world.n_series, dtype=bool)
    return md.eligible_series & (expiring_left > 0) & acts


def _regular_prices(world: World, state: PriceState, first_day: int, n_days: int) -> np.ndarray:
    changes = world.config.price_changes
    grid = np.asarray(changes.grid)
    base = np.tile(world.base_price, world.n_stores)
    out = np.empty((n_days, world.n_series))
    mult = state.multiplier
    for t in range(n_days):
        day = first_day + t
        if day > 0 and day % changes.period_days == 0:
            rng = streams.rng(world.config.seed, streams.PRICE, day // changes.period_days)
            change = rng.random(world.n_series) < changes.probability
            mult = np.where(change, grid[rng.integers(len(grid), size=world.n_series)], mult)
        out[t] = mult
    state.multiplier = mult
    return np.round(base * out, 2)


def _weekly_promotions(world: World, first_day: int, n_days: int):
    """Per day, series and slot: promotion code, price multiplier and lift."""
    kinds = world.weekly_promos
    shape = (n_days, world.n_series, world.n_slots)
    if not kinds:
        return np.zeros(shape, dtype=np.int8), np.ones(shape), np.ones(shape)
    week = (first_day + np.arange(n_days)) // 7
    weeks, week_of_day = np.unique(week, return_inverse=True)
    cum = np.cumsum([p.frequency for p in kinds])
    none = len(kinds)  # table row of "no promotion"
    eligible = np.array([p.eligible_series for p in kinds] + [np.ones(world.n_series, bool)])
    chosen = np.empty((len(weeks), world.n_series), dtype=np.intp)
    series = np.arange(world.n_series)
    for row, w in enumerate(weeks):
        rng = streams.rng(world.config.seed, streams.PROMOTION, int(w))
        kind = np.searchsorted(cum, rng.random(world.n_series), side="right")
        chosen[row] = np.where(eligible[kind, series], kind, none)
    masks = np.array([p.slot_mask for p in kinds] + [np.zeros(world.n_slots, bool)])
    code = np.where(masks, np.array([p.code for p in kinds] + [0])[:, None], 0).astype(np.int8)
    mult = np.where(masks, np.array([p.price_multiplier for p in kinds] + [1.0])[:, None], 1.0)
    lift = np.where(masks, np.array([p.lift for p in kinds] + [1.0])[:, None], 1.0)
    per_day = chosen[week_of_day]  # (n_days, n_series)
    return code[per_day], mult[per_day], lift[per_day]
