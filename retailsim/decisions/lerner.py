"""The inverse-elasticity (Lerner) pricing rule: a higher markup where demand is less sensitive.

For a single item with constant own elasticity ``e`` and unit cost ``c``, profit
``(p - c) q(p)`` with ``q ~ p^e`` is maximised where the Lerner index equals the inverse
elasticity::

    (p* - c) / p* = -1 / e      =>   p* = c e / (1 + e)      (only for e < -1)

so the margin-maximising markup over cost, ``p* / c = e / (1 + e)``, is large for
insensitive items (``e = -1.2``: 6x cost) and small for sensitive ones (``e = -3``: 1.5x).
For ``e >= -1`` revenue rises with price without bound; the rule then asks for the upper
bound. As a multiplier on the store's planned price ``p``::

    m* = (c / p) e / (1 + e)        if e < -1,     = upper   otherwise
    m  = clip(1 + step (m* - 1), lower, upper)      move ``step`` of the way, within bounds

``step`` < 1 moves prices gradually (a store does not jump 40 % at once, and the estimate
may be wrong). Cross elasticities are ignored (each item priced alone), and so is the stock:
the rule trades turnover for margin, the opposite of ``ElasticityPricing``'s markdowns; chapter
14 measures both. The rule is a ``PricingRule``.

Used in: 14_elasticity_and_turnover.
"""

from __future__ import annotations

import numpy as np

from retailsim.config import ConfigError

from . import _checks
from .pricing import PricingState, elasticity_of, own_elasticity_series


def lerner_multiplier(elasticity, cost_ratio) -> np.ndarray:
    """``m* = (c / p) e / (1 + e)`` for ``e < -1``, ``inf`` otherwise (module docstring).

    Used in: 14_elasticity_and_turnover.
    """
    e = np.asarray(elasticity, dtype=float)
    ratio = np.asarray(cost_ratio, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e < -1.0, ratio * e / (1.0 + e), np.inf)


class LernerPricing:
    """Prices towards the inverse-elasticity optimum (module docstring).

    ``elasticity``: estimated own elasticities (``ElasticityEstimates``, a Series / mapping
    item -> e, or an estimate table); ``lower`` <= 1 <= ``upper``: multiplier bounds;
    ``step`` in (0, 1]: the share of the way to move at each review; ``period``: days between
    reviews (>= 1).

    Used in: 14_elasticity_and_turnover.
    """

    window = 1

    def __init__(
        self,
        elasticity,
        *,
        lower: float = 0.8,
        upper: float = 1.2,
        step: float = 1.0,
        period: int = 7,
    ) -> None:
        self.elasticity = own_elasticity_series(elasticity)
        self.lower, self.upper = _checks.multiplier_bounds(lower, upper)
        self.step = float(_checks.bounded("step", step, gt=0.0))
        if self.step > 1.0:
            raise ConfigError("step", "must be in (0, 1]", step)
        self.period = _checks.integer("period", period, ge=1)

    def __repr__(self) -> str:
        return (
            f"LernerPricing(lower={self.lower}, upper={self.upper}, step={self.step}, "
            f"items={len(self.elasticity)})"
        )

    def multipliers(self, state: PricingState) -> np.ndarray:
        """Price multipliers per series for the next ``period`` days (module docstring).

        Used in: 14_elasticity_and_turnover.
        """
        e = elasticity_of(self.elasticity, state.keys["sku_id"].astype(str))
        target = lerner_multiplier(e, state.unit_cost / np.asarray(state.price, dtype=float))
        target = np.minimum(target, self.upper)
        return np.clip(1.0 + self.step * (target - 1.0), self.lower, self.upper)
