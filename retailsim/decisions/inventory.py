"""Periodic-review inventory simulation over every series at once (the loop is over days).

From day ``start = warmup_days`` on, the policy controls the stock; days before are history
(the policy sees the scenario's ``observed_sales`` for them). Each day ``t``::

    1. receive the order placed on day t - L (L = 0: the same morning's order)
    2. if (t - start) % R == 0: Target(S, mu_L) = policy.order_up_to(t, history[:t])
         sellable   = on hand + on order still within shelf life when the new order arrives
         unsellable = on hand + on order - sellable (expires before, but sells meanwhile)
         projected  = max(sellable - max(mu_L - unsellable, 0), 0)   stock expected at arrival
         order      = ceil(max(S - mu_L - projected, 0) / case_pack) * case_pack
       (for non-perishables: order = S - (on hand + on order), the textbook (R, S) rule)
    3. sell min(demand, on hand), oldest units first (FIFO); the rest is lost (no backorders)
    4. units aged shelf_life - 1 expire (waste); every unit ages one day

Costs (per series, summed in ``kpis``): holding ``h * c * (on hand at start + at end) / 2``
per day, ordering ``K`` per order placed, shortage = lost margin ``(p - c)`` per unit lost,
waste = ``c`` per unit expired. Initial stock on day ``start`` = the first order's
``S - mu_L`` (all fresh), the level an order placed L days earlier would have restored.

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from retailsim.config import ConfigError

from . import _checks
from .protocol import Policy, PolicyContext, Target
from .scenario import DemandScenario


@dataclass(frozen=True)
class InventoryParams:
    """Replenishment and cost parameters shared by all series.

    ``lead_time`` L (days, >= 0), ``review_period`` R (days, >= 1), ``holding_rate`` h (cost of
    holding one unit one day as a share of its unit cost, >= 0; 0.001 ~ 36.5 % a year),
    ``order_cost`` K (fixed cost per order placed, >= 0), ``round_to_case`` (orders in whole
    case packs).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
    """

    lead_time: int = 1
    review_period: int = 1
    holding_rate: float = 0.001
    order_cost: float = 1.0
    round_to_case: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "lead_time", _checks.integer("lead_time", self.lead_time, ge=0))
        review = _checks.integer("review_period", self.review_period, ge=1)
        object.__setattr__(self, "review_period", review)
        for name in ("holding_rate", "order_cost"):
            value = float(_checks.bounded(name, getattr(self, name), ge=0.0))
            object.__setattr__(self, name, value)
        if not isinstance(self.round_to_case, bool):
            raise ConfigError("round_to_case", "must be True or False", self.round_to_case)


@dataclass(frozen=True, eq=False, repr=False)
class InventoryResult:
    """Day x series arrays of the simulated days (``scenario.dates[start:]``).

    ``on_hand_start`` after receipts, ``on_hand`` at the day's end (after waste); ``orders``
    placed, ``receipts``, ``demand``, ``sales``, ``lost`` (unmet demand), ``waste`` (expired).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
    """

    scenario: DemandScenario
    params: InventoryParams
    start: int
    on_hand_start: np.ndarray
    on_hand: np.ndarray
    orders: np.ndarray
    receipts: np.ndarray
    demand: np.ndarray
    sales: np.ndarray
    lost: np.ndarray
    waste: np.ndarray

    def __repr__(self) -> str:
        k = self.kpis()
        return (
            f"InventoryResult({self.sales.shape[0]} days x {self.sales.shape[1]} series, "
            f"total_cost={k['total_cost']:.1f}, fill_rate={k['fill_rate']:.3f}, "
            f"turnover={k['turnover']:.2f})"
        )

    @property
    def price(self) -> np.ndarray:
        """Price per unit on the simulated days."""
        return self.scenario.price[self.start :]

    def kpis(self) -> dict[str, float]:
        """Turnover, fill rate, stock-outs, waste and costs (see ``kpis.inventory_kpis``)."""
        from .kpis import inventory_kpis

        return inventory_kpis(self)

    def kpis_by_series(self) -> pd.DataFrame:
        """The same KPIs per series (one row per store-SKU; see ``kpis.kpis_by_series``)."""
        from .kpis import kpis_by_series

        return kpis_by_series(self)

    def to_frame(self) -> pd.DataFrame:
        """The simulated days as a long frame in the observed schema's names: date, store_id,
        sku_id, price, unit_cost, shelf_life_days, stock_on_hand (morning, after receipts),
        units_received, units_ordered, units_sold, units_lost, units_wasted. Feeds
        ``slow_mover_rate`` and any function that takes observed sales.

        Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
        """
        sc = self.scenario
        m, q = self.sales.shape
        frame = pd.DataFrame(
            {
                "date": np.repeat(sc.dates[self.start :], q),
                "store_id": np.tile(sc.keys["store_id"].astype(str).to_numpy(), m),
                "sku_id": np.tile(sc.keys["sku_id"].astype(str).to_numpy(), m),
                "price": self.price.ravel(),
                "unit_cost": np.tile(sc.unit_cost, m),
                "shelf_life_days": np.tile(sc.shelf_life, m),
                "stock_on_hand": self.on_hand_start.ravel(),
                "units_received": self.receipts.ravel(),
                "units_ordered": self.orders.ravel(),
                "units_sold": self.sales.ravel(),
                "units_lost": self.lost.ravel(),
                "units_wasted": self.waste.ravel(),
            }
        )
        return frame


def simulate_inventory(
    scenario: DemandScenario,
    policy: Policy,
    params: InventoryParams | None = None,
    *,
    warmup_days: int = 28,
) -> InventoryResult:
    """Run ``policy`` on ``scenario`` from day ``warmup_days`` to the end (module docstring).

    Deterministic: the demand is the scenario's (common random numbers for every policy).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    if not isinstance(scenario, DemandScenario):
        raise ConfigError("scenario", "must be a DemandScenario", type(scenario).__name__)
    params = InventoryParams() if params is None else params
    if not isinstance(params, InventoryParams):
        raise ConfigError("params", "must be an InventoryParams", type(params).__name__)
    if not callable(getattr(policy, "order_up_to", None)):
        raise ConfigError(
            "policy",
            "must have an order_up_to(day, history, context) method",
            type(policy).__name__,
        )
    start = _checks.integer("warmup_days", warmup_days, ge=1)
    n, q = scenario.demand.shape
    if start >= n:
        raise ConfigError("warmup_days", f"must be < the scenario's {n} days", warmup_days)
    lead, review = params.lead_time, params.review_period
    context = PolicyContext(params, scenario)
    life = scenario.shelf_life
    n_ages = int(min(life.max(), n - start + 1))
    ages = np.arange(n_ages)
    waste_mask = ages[None, :] == (life[:, None] - 1)
    sellable_mask = ages[None, :] + lead <= life[:, None] - 1
    pipe_sellable = (lead - 1 - np.arange(lead))[None, :] <= life[:, None] - 1
    case = scenario.case_pack if params.round_to_case else np.ones(q, dtype=np.int64)

    history = np.zeros((n, q), dtype=np.int64)
    history[:start] = scenario.observed_sales[:start]
    stock = np.zeros((q, n_ages), dtype=np.int64)
    pipeline = np.zeros((q, lead), dtype=np.int64)
    first = _target(policy, start, history, context, q)
    stock[:, 0] = _round_up(np.maximum(first.level - first.lead_demand, 0), case)

    m = n - start
    out = {
        k: np.zeros((m, q), dtype=np.int64)
        for k in ("on_hand_start", "on_hand", "orders", "receipts", "sales", "lost", "waste")
    }
    for i, t in enumerate(range(start, n)):
        if lead:
            arrive = pipeline[:, 0].copy()
            pipeline[:, :-1] = pipeline[:, 1:]
            pipeline[:, -1] = 0
            stock[:, 0] += arrive
            out["receipts"][i] = arrive
        if i % review == 0:
            target = first if i == 0 else _target(policy, t, history, context, q)
            order = _order(stock, pipeline, target, sellable_mask, pipe_sellable, case)
            out["orders"][i] = order
            if lead:
                pipeline[:, -1] += order
            else:
                stock[:, 0] += order
                out["receipts"][i] += order
        on_hand = stock.sum(axis=1)
        out["on_hand_start"][i] = on_hand
        demand = scenario.demand[t]
        sold = np.minimum(demand, on_hand)
        _remove_fifo(stock, sold)
        wasted = (stock * waste_mask).sum(axis=1)
        stock[waste_mask] = 0
        if n_ages > 1:
            oldest = stock[:, -1].copy()
            stock[:, 1:] = stock[:, :-1].copy()
            stock[:, 0] = 0
            stock[:, -1] += oldest
        history[t] = sold
        out["sales"][i], out["lost"][i], out["waste"][i] = sold, demand - sold, wasted
        out["on_hand"][i] = stock.sum(axis=1)
    return InventoryResult(scenario, params, start, demand=scenario.demand[start:], **out)


def _target(policy: Policy, day: int, history: np.ndarray, context: PolicyContext, q: int):
    target = policy.order_up_to(day, history[:day], context)
    level = np.broadcast_to(np.asarray(target.level, dtype=float), (q,))
    lead = np.broadcast_to(np.asarray(target.lead_demand, dtype=float), (q,))
    if not (np.isfinite(level).all() and np.isfinite(lead).all()):
        raise ValueError(f"{type(policy).__name__}.order_up_to(day={day}) returned NaN or inf")
    return Target(level, lead)


def _round_up(units: np.ndarray, case: np.ndarray) -> np.ndarray:
    """Round up to whole case packs: ``ceil(units / case) * case`` (tiny float noise ignored)."""
    return (np.ceil(np.round(units / case, 9)) * case).astype(np.int64)


def _order(stock, pipeline, target, sellable_mask, pipe_sellable, case) -> np.ndarray:
    sellable = (stock * sellable_mask).sum(axis=1) + (pipeline * pipe_sellable).sum(axis=1)
    unsellable = stock.sum(axis=1) + pipeline.sum(axis=1) - sellable
    projected = np.maximum(sellable - np.maximum(target.lead_demand - unsellable, 0), 0)
    return _round_up(np.maximum(target.level - target.lead_demand - projected, 0), case)


def _remove_fifo(stock: np.ndarray, sold: np.ndarray) -> None:
    """Take ``sold`` units per series from the oldest age buckets first (in place)."""
    oldest_first = np.cumsum(stock[:, ::-1], axis=1)
    left = np.maximum(oldest_first - sold[:, None], 0)
    left[:, 1:] -= left[:, :-1].copy()
    stock[:, :] = left[:, ::-1]
