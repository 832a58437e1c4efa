"""Step 5 of the sandbox: choose the service level (and the price policy) by simulation.

For a policy family ``P(sl)`` (the AI policy, the oracle) and the grid of service levels, each
``P(sl)`` is simulated on the same demand, giving a cost-fill curve ``(fill(sl), cost(sl))``.
With ``f_T`` the fill rate of the traditional rule::

    sl* = argmin_{sl : fill(sl) >= f_T} cost(sl)        (the highest-fill level if none reaches f_T)

``refine`` adds a few bisection points between the cheapest feasible grid level and the
grid level below it (which misses ``f_T``), so a coarse grid does not force a needlessly high
service level: the smallest level reaching ``f_T`` is found to about ``gap / 2^steps``.

The comparison with the traditional rule at the *same service delivered* reads each family's
refined curve at ``f_T`` (linear interpolation through all its simulated points) and gives::

    gap_closed = (C_traditional - C_ai(f_T)) / (C_traditional - C_oracle(f_T))

Price policy: with the AI policy at ``sl*``, constant prices and ``ElasticityPricing`` (the
estimated own elasticities) are run on the same customers (``decisions.evaluate_pricing``);
the one with the higher margin whose fill rate is still >= ``f_T`` is chosen. In that run
the AI's forecasts follow the rule's prices through the same estimated elasticities
(``ForecastPolicy(elasticity=..., reference_price=...)``), so a markdown raises the orders.

Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from retailsim.decisions import (
    DemandScenario,
    ElasticityPricing,
    InventoryParams,
    PricingComparison,
    cost_on_curve,
    evaluate_pricing,
    gap_closed,
    simulate_inventory,
)
from retailsim.simulate import SimulationResult


def sweep(
    make_policy: Callable[[float], object],
    levels: Sequence[float],
    scenario: DemandScenario,
    *,
    params: InventoryParams,
    warmup_days: int,
) -> pd.DataFrame:
    """The cost-fill curve: one row per service level (service_level, fill_rate,
    total_cost, margin).

    Used in: 12_lab2_four_step_sandbox.
    """
    rows = []
    for level in levels:
        k = simulate_inventory(scenario, make_policy(level), params, warmup_days=warmup_days)
        k = k.kpis()
        rows.append(
            {
                "service_level": level,
                "fill_rate": k["fill_rate"],
                "total_cost": k["total_cost"],
                "margin": k["margin"],
            }
        )
    return pd.DataFrame(rows)


def refine(
    make_policy: Callable[[float], object],
    curve: pd.DataFrame,
    fill_target: float,
    scenario: DemandScenario,
    *,
    params: InventoryParams,
    warmup_days: int,
    steps: int = 4,
) -> pd.DataFrame:
    """The curve with ``steps`` bisection points added below the cheapest feasible level
    (module docstring); unchanged if no level, or the lowest, reaches ``fill_target``.

    Used in: 12_lab2_four_step_sandbox.
    """
    level, feasible = choose_level(curve, fill_target)
    below = curve[(curve["service_level"] < level) & (curve["fill_rate"] < fill_target)]
    if not feasible or below.empty:
        return curve
    lo, hi = float(below["service_level"].max()), level
    added = []
    for _ in range(steps):
        mid = (lo + hi) / 2.0
        point = sweep(make_policy, [mid], scenario, params=params, warmup_days=warmup_days)
        added.append(point)
        if point["fill_rate"].iloc[0] >= fill_target:
            hi = mid
        else:
            lo = mid
    out = pd.concat([curve, *added], ignore_index=True)
    return out.sort_values("service_level", kind="stable").reset_index(drop=True)


def choose_level(curve: pd.DataFrame, fill_target: float) -> tuple[float, bool]:
    """``(sl*, feasible)``: the cheapest level whose fill rate is >= ``fill_target``, or the
    highest-fill level (``feasible = False``) if none reaches it.

    Used in: 12_lab2_four_step_sandbox.
    """
    ok = curve[curve["fill_rate"] >= fill_target - 1e-12]
    if len(ok):
        return float(ok.loc[ok["total_cost"].idxmin(), "service_level"]), True
    return float(curve.loc[curve["fill_rate"].idxmax(), "service_level"]), False


def matched_costs(
    curves: pd.DataFrame, traditional_cost: float, fill_target: float
) -> dict[str, float]:
    """``cost_ai`` and ``cost_oracle`` read off their refined curves (``curves`` with a
    ``family`` column) at the traditional fill rate, and ``gap_closed`` (NaN when the oracle is
    not cheaper than the traditional rule there). Reading only the coarse service-level grid
    would flatter the AI: near ``f_T`` the curves are step-like.

    Used in: 12_lab2_four_step_sandbox.
    """
    ai = cost_on_curve(curves[curves["family"] == "ai"], fill_target)
    oracle = cost_on_curve(curves[curves["family"] == "oracle"], fill_target)
    gap = gap_closed(traditional_cost, ai, oracle) if traditional_cost > oracle else np.nan
    return {
        "cost_traditional": float(traditional_cost),
        "cost_ai": ai,
        "cost_oracle": oracle,
        "gap_closed": float(gap),
    }


def choose_pricing(
    result: SimulationResult,
    elasticity: pd.Series,
    inventory_policy,
    *,
    params: InventoryParams,
    warmup_days: int,
    seed: int,
    fill_target: float,
) -> tuple[str, PricingComparison]:
    """Constant prices vs ``ElasticityPricing`` under ``inventory_policy`` (module
    docstring); returns the chosen policy's name and the comparison.

    Used in: 12_lab2_four_step_sandbox.
    """
    rule = ElasticityPricing(elasticity)
    comparison = evaluate_pricing(
        result, rule, inventory_policy, params, warmup_days=warmup_days, seed=seed
    )
    dyn = comparison.table.loc["dynamic"]
    const = comparison.table.loc["constant"]
    better = dyn["margin"] > const["margin"] and dyn["fill_rate"] >= fill_target - 1e-12
    return ("elasticity" if better else "constant"), comparison
