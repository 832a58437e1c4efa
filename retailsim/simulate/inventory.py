"""Stock of every store-SKU: periodic-review order-up-to, lead time, FIFO ages, waste.

Per store-SKU q (vectorised over all q; the engine loops over days only)::

    start of day d:  receive the order due today (placed lead_time days ago)
                     if d % R_q == 0: order = ceil(max(S_q - projected_q, 0) / case_q) * case_q
                         S_q = ceil(cover_q * mu_q / case_q) * case_q,  mu_q = base_demand * size
                         projected_q = max(sellable - max(mu_q * L - unsellable, 0), 0)
                     (lead_time L = 0: the order arrives at once)
    each slot k:     sold = min(demand, stock at the slot's start)   (censoring; lost = rest)
    end of day:      sales leave the oldest units first (FIFO);
                     units aged shelf_life - 1 are wasted; every unit ages one day.

``sellable`` counts the units on hand and on order that will still be within their shelf life
when the new order arrives; ``unsellable`` the others (they expire before, but serve demand in
the meantime). So ``projected`` is the expected sellable stock at arrival, and ``cover_q`` is the
number of days of expected demand the stock should cover after an order arrives (review period
plus safety). For non-perishables this is the textbook order-up-to level ``(L + cover) * mu``
against on hand + on order. Ages are tracked up to the longest perishable shelf life
(<= 60 days); longer-lived SKUs never expire within a run. R_q and cover_q take the fresh
values for SKUs whose shelf life is at most ``inventory.fresh_shelf_life_days``.

Used in: 03_retail_kpis (turnover, safety stock), 12_lab2_four_step_sandbox,
14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .world import MAX_TRACKED_SHELF_LIFE, World


@dataclass(frozen=True)
class Policy:
    """Replenishment parameters per series (store-SKU), compiled from the config."""

    review_period: np.ndarray  # (n_series,) days
    order_up_to: np.ndarray  # (n_series,) units, a multiple of the case pack
    case_pack: np.ndarray  # (n_series,)
    lead_demand: np.ndarray  # (n_series,) mu * lead_time
    lead_time: int
    waste_mask: np.ndarray  # (n_series, n_ages) True at age shelf_life - 1 of perishables
    sellable_mask: np.ndarray  # (n_series, n_ages) still sellable when an order arrives
    pipeline_sellable: np.ndarray  # (n_series, n_pipeline) the same for units on order
    initial_stock: np.ndarray  # (n_series,)


@dataclass
class InventoryState:
    """Stock by age (column a = units received a days ago) and the order pipeline."""

    stock: np.ndarray  # (n_series, n_ages) int64
    pipeline: np.ndarray  # (n_series, max(lead_time, 1)) int64; column j arrives in j+1 days


def compile_policy(world: World) -> Policy:
    """Order-up-to levels, review periods and age masks of ``world``."""
    cfg = world.config
    inv = cfg.inventory
    shelf = np.array([s.shelf_life_days for s in cfg.skus])
    fresh = shelf <= inv.fresh_shelf_life_days
    perishable = shelf <= MAX_TRACKED_SHELF_LIFE
    n_ages = int(shelf[perishable].max()) if perishable.any() else 1
    mu = world.base_rate.sum(axis=2).reshape(-1)  # expected units/day at base price
    case = np.tile([s.case_pack for s in cfg.skus], world.n_stores)
    cover = np.tile(np.where(fresh, inv.fresh_cover_days, inv.cover_days), world.n_stores)
    order_up_to = (np.ceil(cover * mu / case) * case).astype(np.int64)
    ages = np.arange(n_ages)
    shelf_q = np.tile(shelf, world.n_stores)[:, None]
    perishable_q = np.tile(perishable, world.n_stores)[:, None]
    lead = inv.lead_time_days
    age_at_arrival = lead - 1 - np.arange(max(lead, 1))  # pipeline column j arrives in j+1 days
    return Policy(
        review_period=np.tile(
            np.where(fresh, inv.fresh_review_period_days, inv.review_period_days), world.n_stores
        ),
        order_up_to=order_up_to,
        case_pack=case,
        lead_demand=mu * lead,
        lead_time=lead,
        waste_mask=perishable_q & (ages[None, :] == shelf_q - 1),
        sellable_mask=~perishable_q | (ages[None, :] + lead < shelf_q),
        pipeline_sellable=~perishable_q | (age_at_arrival[None, :] < shelf_q),
        initial_stock=np.round(inv.initial_stock_factor * order_up_to).astype(np.int64),
    )


def initial_state(policy: Policy) -> InventoryState:
    """Initial stock (all fresh, age 0) and an empty pipeline."""
    n_series, n_ages = policy.waste_mask.shape
    stock = np.zeros((n_series, n_ages), dtype=np.int64)
    stock[:, 0] = policy.initial_stock
    return InventoryState(stock, np.zeros((n_series, max(policy.lead_time, 1)), dtype=np.int64))


def start_of_day(state: InventoryState, policy: Policy, day: int) -> np.ndarray:
    """Receive today's deliveries and place today's orders; returns units received today."""
    pipeline = state.pipeline
    received = pipeline[:, 0].copy()
    pipeline[:, :-1] = pipeline[:, 1:]
    pipeline[:, -1] = 0
    stock = state.stock
    stock[:, 0] += received
    due = day % policy.review_period == 0
    if due.any():
        sellable = (stock * policy.sellable_mask).sum(axis=1)
        sellable += (pipeline * policy.pipeline_sellable).sum(axis=1)
        unsellable = stock.sum(axis=1) + pipeline.sum(axis=1) - sellable
        projected = np.maximum(sellable - np.maximum(policy.lead_demand - unsellable, 0), 0)
        short = np.ceil(np.maximum(policy.order_up_to - projected, 0)).astype(np.int64)
        order = np.where(due, -(-short // policy.case_pack) * policy.case_pack, 0)
        if policy.lead_time == 0:
            stock[:, 0] += order
            received += order
        else:
            pipeline[:, policy.lead_time - 1] += order
    return received


def end_of_day(state: InventoryState, policy: Policy, sold: np.ndarray) -> np.ndarray:
    """Remove ``sold`` units FIFO, waste expiring units, age the rest; returns units wasted."""
    stock = state.stock
    if stock.shape[1] > 1:
        oldest_first = np.cumsum(stock[:, ::-1], axis=1)
        left = np.maximum(oldest_first - sold[:, None], 0)
        left[:, 1:] -= left[:, :-1].copy()
        stock[:, :] = left[:, ::-1]
    else:
        stock[:, 0] -= sold
    wasted = (stock * policy.waste_mask).sum(axis=1)
    stock[policy.waste_mask] = 0
    if stock.shape[1] > 1:
        last = stock[:, -1].copy()
        stock[:, 1:] = stock[:, :-1].copy()
        stock[:, 0] = 0
        stock[:, -1] += last
    return wasted


def expiring(state: InventoryState, policy: Policy) -> np.ndarray:
    """Units that expire at the end of today unless sold (n_series,)."""
    return (state.stock * policy.waste_mask).sum(axis=1)
