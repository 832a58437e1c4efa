"""A dynamic pricing rule driven by estimated own-price elasticities.

``ElasticityPricing`` sets, every ``period`` days, a price multiplier ``m`` per store-SKU on
top of the store's planned price, from the *estimated* own elasticity ``e`` (never the truth)
and what the store observed over the last ``window`` days (``q0`` mean daily sales, ``S``
mean morning stock, ``W`` mean daily waste; ``p`` planned price, ``c`` unit cost)::

    H       = min(shelf_life, horizon)                days a unit has left to sell
    w0      = max(W, max(S - q0 H, 0) / H)            units a day that will not sell in time
    slow    = w0 > slow_share * q0                    slow-moving / overstocked
    elastic   = e < -1 - band                         |e| > 1: demand responds more than price
    inelastic = e > -1 + band                         |e| < 1: demand responds less than price

    markdown d, lift = (1 - d) ** e                   estimated demand response
    gain    = (p (1 - d) - c) q0 lift - c max(w0 - q0 (lift - 1), 0)   margin a day, marked
            - ((p - c) q0 - c w0)                                       down vs. not
    m = 1 - d          if elastic and slow and gain > 0   clear stock where demand responds
      = 1 + markup     if inelastic                       revenue p q ~ p^(1+e) and margin
                                                          both rise with p when |e| < 1
      = 1              otherwise
    m = clip(m, lower, upper);  m >= unit_cost * (1 + min_margin) / price   (never below cost)

The gain test keeps markdowns where the extra units come out of stock that would expire: a
markdown on an elastic item raises revenue (``(1 - d)^(1 + e) > 1``) but at a 40 % margin
and ``e = -1.8`` it lowers the margin unless it saves waste (the Lerner optimum
``(p - c) / p = -1 / e`` would ask for a higher price, not a lower one). The test takes the
stock as given; a replenishment policy that reorders to the higher sales keeps the waste, so
the measured saving is smaller. Items in the band around ``e = -1`` keep their price: the
estimate cannot tell which side they are on. The rule is a ``PricingRule``: anything with
``multipliers(state) -> (n_series,)`` and a ``period``.

Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np
import pandas as pd

from retailsim.config import ConfigError

from . import _checks


class PricingState(NamedTuple):
    """What a pricing rule may see at the start of ``day`` (observed data only): the last
    ``window`` days (rows) of ``sales``, ``on_hand_start`` (morning stock after deliveries)
    and ``waste``; today's planned ``price``; per series ``unit_cost``, ``shelf_life``
    and the ``keys`` frame (store_id, sku_id).

    Used in: 14_elasticity_and_turnover.
    """

    day: int
    sales: np.ndarray
    on_hand_start: np.ndarray
    waste: np.ndarray
    price: np.ndarray
    unit_cost: np.ndarray
    shelf_life: np.ndarray
    keys: pd.DataFrame


class PricingRule(Protocol):
    """A pricing policy: per-series price multipliers for the next ``period`` days.

    Used in: 14_elasticity_and_turnover.
    """

    period: int

    def multipliers(self, state: PricingState) -> np.ndarray:
        """Multipliers ``(n_series,)`` (> 0) on the planned price."""
        ...


class ElasticityPricing:
    """Markdowns for slow, price-sensitive items; a margin increase for insensitive ones.

    ``elasticity``: the estimated own elasticity per item: an ``ElasticityEstimates`` (its
    shrunk estimates), a Series / mapping item -> e, or a DataFrame with ``item`` and
    ``shrunk`` (or ``estimate``) columns. Parameters (module docstring): ``markdown`` in
    (0, 1), ``markup`` >= 0, ``band`` >= 0, ``slow_share`` >= 0, ``horizon`` (days, >= 1),
    ``lower`` <= 1 <= ``upper`` (multiplier bounds), ``min_margin`` >= 0, ``period`` (days
    between price reviews, >= 1), ``window`` (days of history, >= 1).

    Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
    """

    def __init__(
        self,
        elasticity,
        *,
        markdown: float = 0.15,
        markup: float = 0.08,
        band: float = 0.1,
        slow_share: float = 0.1,
        horizon: int = 28,
        lower: float = 0.7,
        upper: float = 1.15,
        min_margin: float = 0.0,
        period: int = 7,
        window: int = 7,
    ) -> None:
        self.elasticity = own_elasticity_series(elasticity)
        self.markdown = float(_checks.bounded("markdown", markdown, gt=0.0, lt=1.0))
        self.markup = float(_checks.bounded("markup", markup, ge=0.0))
        self.band = float(_checks.bounded("band", band, ge=0.0))
        self.slow_share = float(_checks.bounded("slow_share", slow_share, ge=0.0))
        self.horizon = _checks.integer("horizon", horizon, ge=1)
        self.lower, self.upper = _checks.multiplier_bounds(lower, upper)
        self.min_margin = float(_checks.bounded("min_margin", min_margin, ge=0.0))
        self.period = _checks.integer("period", period, ge=1)
        self.window = _checks.integer("window", window, ge=1)

    def __repr__(self) -> str:
        return (
            f"ElasticityPricing(markdown={self.markdown}, markup={self.markup}, "
            f"band={self.band}, items={len(self.elasticity)})"
        )

    def classify(self, items) -> pd.Series:
        """``"elastic"``, ``"inelastic"`` or ``"neutral"`` per item (by the estimate).

        Used in: 14_elasticity_and_turnover.
        """
        e = self._e(items)
        kind = np.where(e < -1 - self.band, "elastic", "neutral")
        kind = np.where(e > -1 + self.band, "inelastic", kind)
        return pd.Series(kind, index=pd.Index(items, name="sku_id"))

    def multipliers(self, state: PricingState) -> np.ndarray:
        """Price multipliers per series for the next ``period`` days (module docstring).

        Used in: 14_elasticity_and_turnover.
        """
        e = self._e(state.keys["sku_id"].astype(str))
        p, c = np.asarray(state.price, dtype=float), state.unit_cost
        q0 = state.sales[-self.window :].mean(axis=0)
        stock = state.on_hand_start[-self.window :].mean(axis=0)
        life = np.minimum(state.shelf_life, self.horizon)
        w0 = np.maximum(
            state.waste[-self.window :].mean(axis=0), np.maximum(stock - q0 * life, 0) / life
        )
        slow = w0 > self.slow_share * np.maximum(q0, 1.0 / self.window)
        md = 1.0 - self.markdown
        lift = md**e
        gain = (p * md - c) * q0 * lift - c * np.maximum(w0 - q0 * (lift - 1), 0.0)
        gain -= (p - c) * q0 - c * w0
        m = np.ones(len(e))
        m = np.where((e < -1 - self.band) & slow & (gain > 0), md, m)
        m = np.where(e > -1 + self.band, 1.0 + self.markup, m)
        m = np.clip(m, self.lower, self.upper)
        floor = c * (1.0 + self.min_margin) / p
        return np.maximum(m, np.minimum(floor, 1.0))

    def _e(self, items) -> np.ndarray:
        return elasticity_of(self.elasticity, items)


def elasticity_of(elasticity: pd.Series, items) -> np.ndarray:
    """The own elasticity of each of ``items`` (ConfigError naming the items without one)."""
    items = pd.Index(pd.Series(items).astype(str))
    values = elasticity.reindex(items)
    if values.isna().any():
        absent = sorted(set(items[values.isna().to_numpy()]))
        raise ConfigError("elasticity", f"no estimate for item(s) {absent[:5]}")
    return values.to_numpy(dtype=float)


def own_elasticity_series(elasticity) -> pd.Series:
    """Item -> own elasticity from estimates, a Series/dict or an estimate table."""
    own = getattr(elasticity, "own_elasticity", None)
    if callable(own):
        series = own(True)
    elif isinstance(elasticity, pd.DataFrame):
        column = "shrunk" if "shrunk" in elasticity.columns else "estimate"
        if "item" not in elasticity.columns or column not in elasticity.columns:
            raise ConfigError(
                "elasticity", "a DataFrame needs columns item and shrunk (or estimate)"
            )
        series = elasticity.set_index("item")[column]
    elif isinstance(elasticity, (pd.Series, dict)):
        series = pd.Series(elasticity)
    else:
        raise ConfigError(
            "elasticity",
            "must be ElasticityEstimates, a Series/dict item -> e or an estimate table",
            type(elasticity).__name__,
        )
    series = pd.Series(
        _checks.array("elasticity", series.to_numpy(dtype=float)),
        index=series.index.astype(str),
    )
    if len(series) == 0:
        raise ConfigError("elasticity", "has no items")
    return series
