"""``PricedDemand``: the simulator's world model with price-dependent demand and common random
numbers, so pricing policies can be compared fairly with ``simulate_inventory`` unchanged.

From a ``SimulationResult`` (its truth: expected demand at the observed prices, the true
elasticity matrix ``E`` and the dispersion ``r``). For day ``t`` and store-SKU series ``q =
(s, i)``, with daily price multipliers ``m`` applied to every slot price of the day::

    lambda'_{t,q} = lambda_{t,q} * prod_j m_{t,(s,j)} ** E_ij      (exact: the slot model is
                                                                   log-linear in each price)
    r_eff_{t,q}   = r (sum_k lambda_k)^2 / sum_k lambda_k^2       (slots k of the day; the
                                                                   moment-matched negative
                                                                   binomial of a sum of slot
                                                                   NBs, the same for every m)
    demand'_{t,q} = F^-1(U_{t,q}; NB(mean lambda'_{t,q}, shape r_eff_{t,q}))

``U`` are fixed uniforms, one per day and series, shared by every price path (common random
numbers): the randomised probability-integral transform of the simulator's realised daily
demand, ``U = F(d - 1) + V (F(d) - F(d - 1))`` with ``V ~ Uniform(0, 1)`` from ``seed``, so
``m = 1`` reproduces the realised demand (up to float rounding) and a dearer price turns the
same "customer luck" into fewer units. The true elasticities live only here (the world's
physics); pricing policies get estimates.

Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from retailsim.config import ConfigError
from retailsim.simulate import SimulationResult

from . import _checks
from .scenario import DemandScenario

_EPS = 1e-12


class PricedDemand:
    """Price-responsive daily demand of a simulated world (module docstring).

    ``scenario(multipliers)`` returns the ``DemandScenario`` for a price path; ``base`` is the
    scenario at observed prices (``DemandScenario.from_simulation``).

    Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
    """

    def __init__(self, result: SimulationResult, seed: int = 0) -> None:
        if not isinstance(result, SimulationResult):
            raise ConfigError("result", "must be a SimulationResult", type(result).__name__)
        seed = _checks.integer("seed", seed, ge=0)
        self.base = DemandScenario.from_simulation(result)
        cfg = result.config
        self.n_stores, self.n_skus = cfg.n_stores, cfg.n_skus
        order = {sku: k for k, sku in enumerate(cfg.sku_ids)}
        store_order = {st: k for k, st in enumerate(cfg.store_ids)}
        keys = self.base.keys
        self._store = keys["store_id"].map(store_order).to_numpy(dtype=int)
        self._sku = keys["sku_id"].map(order).to_numpy(dtype=int)
        self.elasticity = result.truth.elasticity.to_numpy(dtype=float)
        lam = self.base.expected
        r = float(cfg.dispersion)
        sq = _daily_sum_of_squares(result, self.base)
        self._r_eff = np.where(sq > 0, r * lam**2 / np.where(sq > 0, sq, 1.0), r)
        d = self.base.demand
        upper = self._cdf(d, lam)
        lower = np.where(d > 0, self._cdf(d - 1, lam), 0.0)
        v = np.random.default_rng(seed).random(d.shape)
        self.uniforms = np.clip(lower + v * (upper - lower), _EPS, 1 - 1e-9)

    def __repr__(self) -> str:
        return f"PricedDemand({self.base.n_days} days x {self.base.n_series} series)"

    @property
    def dispersion(self) -> np.ndarray:
        """``r_eff`` per day and series: the daily negative-binomial shape (module docstring).

        Used in: 14_elasticity_and_turnover.
        """
        return self._r_eff

    def _cdf(self, k, mean):
        r = self._r_eff
        return stats.nbinom.cdf(k, r, r / (r + np.maximum(mean, _EPS)))

    def demand_factor(self, multipliers) -> np.ndarray:
        """``prod_j m_(s,j) ** E_ij`` per day and series for multipliers ``(n_days,
        n_series)`` (or anything broadcasting to it), within each store.

        Used in: 14_elasticity_and_turnover.
        """
        m = self._multipliers(multipliers)
        log_m = np.log(m)
        out = np.zeros_like(log_m)
        for s in range(self.n_stores):
            cols = np.flatnonzero(self._store == s)
            e = self.elasticity[np.ix_(self._sku[cols], self._sku[cols])]
            out[:, cols] = log_m[:, cols] @ e.T
        return np.exp(out)

    def scenario(self, multipliers=1.0, history: str = "recorded") -> DemandScenario:
        """The ``DemandScenario`` under prices ``base.price * multipliers``: demand redrawn
        from the fixed uniforms, expected demand and NB variance ``lambda' + lambda'^2 /
        r_eff`` updated. ``observed_sales`` (the history a policy learns from) keeps the
        recorded sales on days with all multipliers 1 and is the new (uncensored) demand on
        days where some price moved.

        Used in: 03_retail_kpis, 14_elasticity_and_turnover.
        """
        m = self._multipliers(multipliers)
        base = self.base
        lam = base.expected * self.demand_factor(m)
        r = self._r_eff
        demand = stats.nbinom.ppf(self.uniforms, r, r / (r + np.maximum(lam, _EPS)))
        demand = np.where(lam > 0, demand, 0).astype(np.int64)
        if history not in ("recorded", "demand"):
            raise ConfigError("history", "must be 'recorded' or 'demand'", history)
        moved = np.any(m != 1.0, axis=1)[:, None] | (history == "demand")
        return DemandScenario(
            dates=base.dates,
            keys=base.keys,
            demand=demand,
            observed_sales=np.where(moved, demand, base.observed_sales),
            price=base.price * m,
            unit_cost=base.unit_cost,
            shelf_life=base.shelf_life,
            case_pack=base.case_pack,
            expected=lam,
            variance=lam + lam**2 / r,
        )

    def _multipliers(self, multipliers) -> np.ndarray:
        shape = self.base.demand.shape
        m = _checks.bounded("multipliers", multipliers, gt=0.0)
        try:
            return np.broadcast_to(m, shape).astype(float)
        except ValueError:
            raise ConfigError(
                "multipliers", f"must broadcast to (n_days, n_series) = {shape}", m.shape
            ) from None


def _daily_sum_of_squares(result: SimulationResult, base: DemandScenario) -> np.ndarray:
    """``sum_k lambda_k^2`` over the slots of each day and series, as a day x series array."""
    rows = result.truth.rows
    day = ((rows["date"] - base.dates[0]) // np.timedelta64(1, "D")).to_numpy()
    series = pd.MultiIndex.from_frame(base.keys.astype(str))
    col = series.get_indexer(
        pd.MultiIndex.from_arrays(
            [rows["store_id"].astype(str).to_numpy(), rows["sku_id"].astype(str).to_numpy()]
        )
    )
    out = np.zeros(base.demand.shape)
    np.add.at(out, (day, col), rows["expected_demand"].to_numpy() ** 2)
    return out
