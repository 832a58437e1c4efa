"""Pricing policies inside the inventory simulation, under common random numbers.

``run_pricing`` closes the loop with ``simulate_inventory`` unchanged: starting from constant
prices (multipliers 1), at each review day ``t = start, start + period, ...`` it simulates
the inventory under the price path decided so far, hands the rule the observed state of days
``t - window .. t - 1`` and writes the rule's multipliers into days ``t .. t + period - 1``.
Days before ``t`` do not depend on later prices for any policy that orders from past sales
(rules of thumb, forecasts made in advance); the oracle, which reads future expected demand,
sees the path as decided at each step. Every run draws demand from the same
``PricedDemand`` uniforms, so the constant-price run and the dynamic run face the same
customers.

Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.simulate import SimulationResult

from . import _checks
from .inventory import InventoryParams, InventoryResult, simulate_inventory
from .policies import OrderUpToRS, cost_based_service_level
from .price_scenario import PricedDemand
from .pricing import PricingState
from .slow_movers import slow_mover_rate, slow_mover_share

KPI_COLUMNS = (
    "demand_units",
    "sales_units",
    "fill_rate",
    "revenue",
    "margin",
    "waste_units",
    "total_cost",
    "avg_inventory_value",
    "turnover",
    "turnover_annual",
)


@dataclass(frozen=True, eq=False)
class PricingComparison:
    """Result of :func:`evaluate_pricing`: ``table`` (rows ``constant`` and ``dynamic``, the
    KPI columns, plus ``change`` = dynamic - constant and ``change_pct``), the decided
    ``multipliers`` (n_days, n_series) and both ``InventoryResult``\\ s.

    Used in: 14_elasticity_and_turnover.
    """

    table: pd.DataFrame
    multipliers: np.ndarray
    constant: InventoryResult
    dynamic: InventoryResult


def run_pricing(
    world: PricedDemand,
    rule,
    inventory_policy,
    params: InventoryParams | None = None,
    *,
    warmup_days: int = 28,
) -> tuple[np.ndarray, InventoryResult]:
    """The closed loop of the module docstring; returns ``(multipliers, inventory result)``.

    Used in: 14_elasticity_and_turnover.
    """
    if not isinstance(world, PricedDemand):
        raise ConfigError("world", "must be a PricedDemand", type(world).__name__)
    if not callable(getattr(rule, "multipliers", None)):
        raise ConfigError("rule", "must have a multipliers(state) method", type(rule).__name__)
    period = _checks.integer("rule.period", getattr(rule, "period", 7), ge=1)
    start = _checks.integer("warmup_days", warmup_days, ge=1)
    base = world.base
    n, q = base.demand.shape
    window = int(getattr(rule, "window", 7))
    m = np.ones((n, q))
    inv = simulate_inventory(world.scenario(m), inventory_policy, params, warmup_days=start)
    for t in range(start, n, period):
        lo, hi = max(t - window, start), t
        if hi > lo:
            sales, stock = (
                inv.sales[lo - start : hi - start],
                inv.on_hand_start[lo - start : hi - start],
            )
            waste = inv.waste[lo - start : hi - start]
        else:  # the first review: the store's recorded history, no stock record yet
            sales = base.observed_sales[max(t - window, 0) : t]
            stock, waste = sales.astype(float), np.zeros_like(sales)
        state = PricingState(
            day=t,
            sales=sales,
            on_hand_start=stock,
            waste=waste,
            price=base.price[t],
            unit_cost=base.unit_cost,
            shelf_life=base.shelf_life,
            keys=base.keys,
        )
        step = _checks.bounded("multipliers", rule.multipliers(state), gt=0.0)
        if step.shape != (q,):
            raise ConfigError("multipliers", f"must have shape ({q},)", step.shape)
        m[t : t + period] = step
        inv = simulate_inventory(world.scenario(m), inventory_policy, params, warmup_days=start)
    return m, inv


def evaluate_pricing(
    result: SimulationResult,
    pricing_rule,
    inventory_policy,
    params: InventoryParams | None = None,
    *,
    warmup_days: int = 28,
    seed: int = 0,
) -> PricingComparison:
    """Revenue, margin and inventory KPIs of ``pricing_rule`` vs constant prices, both run
    with ``inventory_policy`` on the same ``PricedDemand(result, seed)`` random numbers.
    ``change_pct = 100 (dynamic - constant) / |constant|``.

    Used in: 05_sandbox_architecture, 14_elasticity_and_turnover.
    """
    world = PricedDemand(result, seed=seed)
    constant = simulate_inventory(
        world.scenario(1.0), inventory_policy, params, warmup_days=warmup_days
    )
    m, dynamic = run_pricing(world, pricing_rule, inventory_policy, params, warmup_days=warmup_days)
    table = pd.DataFrame([_kpis(constant), _kpis(dynamic)], index=["constant", "dynamic"])
    change = table.loc["dynamic"] - table.loc["constant"]
    pct = 100.0 * change / table.loc["constant"].abs().replace(0.0, np.nan)
    table.loc["change"], table.loc["change_pct"] = change, pct
    return PricingComparison(table=table, multipliers=m, constant=constant, dynamic=dynamic)


def price_to_turnover(
    result: SimulationResult,
    multipliers=(0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2),
    *,
    inventory_policy=None,
    params: InventoryParams | None = None,
    elasticity=None,
    warmup_days: int = 28,
    seed: int = 0,
) -> pd.DataFrame:
    """KPIs for uniform price changes: every price of every day times ``m``, for each ``m``
    in ``multipliers`` (> 0), same random numbers throughout. The history the replenishment
    policy learns from is the demand at the new price (``history="demand"``, for every ``m``
    alike). Default policy: ``OrderUpToRS`` over the last 28 days at the newsvendor service
    level ``cost_based_service_level`` (perishables are not stocked to 95 %). One row per
    ``m``: multiplier, price_change_pct, demand_units, sales_units, fill_rate, revenue,
    margin, waste_units, total_cost, avg_inventory_value, turnover, turnover_annual, and
    ``slow_mover_share`` (mean weekly share, ``slow_mover_rate``) when ``elasticity`` (item
    -> own e, or one number) is given.

    Used in: 03_retail_kpis (price-to-turnover slider), 14_elasticity_and_turnover.
    """
    grid = _checks.bounded("multipliers", multipliers, gt=0.0).ravel()
    if grid.size == 0:
        raise ConfigError("multipliers", "needs at least one value")
    world = PricedDemand(result, seed=seed)
    if inventory_policy is None:
        level = cost_based_service_level(world.base, params or InventoryParams())
        inventory_policy = OrderUpToRS(level, window=28)
    rows = []
    for m in grid:
        scenario = world.scenario(m, history="demand")
        inv = simulate_inventory(scenario, inventory_policy, params, warmup_days=warmup_days)
        row = {
            "multiplier": float(m),
            "price_change_pct": round(100.0 * (m - 1.0), 6),
            **_kpis(inv),
        }
        if elasticity is not None:
            table = slow_mover_rate(inv.to_frame(), elasticity)
            row["slow_mover_share"] = float(slow_mover_share(table).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def _kpis(inv: InventoryResult) -> dict[str, float]:
    k = inv.kpis()
    return {c: k[c] for c in KPI_COLUMNS}
