"""The demand model: expected demand (log-linear in prices) and negative-binomial noise.

For row (date d, store s, SKU i, slot k)::

    lambda = base_demand_i * size_s * slot_share[cat_i, k]           (base rate)
             * weekly[dow] * season_cat(d) * holiday_cat(d) * weather_cat(d, s)
             * (c_{d,s,i} / p0_i) ** g_i                              (externals)
             * promo_lift                                             (signage, display)
             * prod_j (p_j / p0_j) ** e_ij                            (own and cross prices)

    demand ~ NegBin(mean = lambda, shape = r)    (Gamma-Poisson; variance lambda + lambda^2 / r)

``p`` is the price actually charged in that store and slot, ``p0`` the base price, ``e`` the
true elasticity matrix (diagonal = own elasticities < 0; off-diagonal = cross elasticities,
> 0 for substitutes, < 0 for complements), ``c`` the competitor price and ``g`` the SKU's
competitor sensitivity. Units sold are demand censored by the stock available at the slot's
start (see ``inventory``).

Used in: 01_small_data_retail (sparsity and noise), 09_shap (marginal effect of price),
14_elasticity_and_turnover (true elasticities vs estimates).
"""

from __future__ import annotations

import numpy as np


def price_factor(log_price_ratio: np.ndarray, elasticity: np.ndarray) -> np.ndarray:
    """``prod_j (p_j / p0_j) ** e_ij`` = ``exp(E @ log(p / p0))`` over the SKU axis.

    ``log_price_ratio`` has shape ``(..., n_skus, n_slots)``; ``elasticity`` is ``(n_skus,
    n_skus)`` with ``[i, j]`` the effect of log price j on log demand i.
    """
    return np.exp(np.matmul(elasticity, log_price_ratio))


def expected_demand(
    base_rate: np.ndarray,
    price: np.ndarray,
    base_price: np.ndarray,
    elasticity: np.ndarray,
    *,
    multiplier: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Expected demand ``lambda = base_rate * multiplier * prod_j (p_j / p0_j) ** e_ij``.

    Shapes: ``base_rate`` and ``price`` ``(..., n_skus, n_slots)`` (or anything broadcasting to
    it), ``base_price`` ``(n_skus,)``, ``elasticity`` ``(n_skus, n_skus)``; ``multiplier``
    carries externals and promotion lift. With one SKU and one slot this is
    ``base_rate * multiplier * (p / p0) ** e`` — falling in the own price when ``e < 0``.

    Used in: 03_retail_kpis (price-turnover sandbox), 14_elasticity_and_turnover.
    """
    price = np.asarray(price, dtype=float)
    if np.any(price <= 0):
        raise ValueError("price: every price must be > 0")
    log_ratio = np.log(price) - np.log(np.asarray(base_price, dtype=float))[:, None]
    return base_rate * multiplier * price_factor(log_ratio, np.asarray(elasticity, dtype=float))


def draw_demand(
    rng: np.random.Generator,
    mean: np.ndarray,
    dispersion: float,
    gamma: np.ndarray | None = None,
) -> np.ndarray:
    """Negative-binomial demand with the given ``mean`` and shape ``dispersion`` (r).

    Drawn as Gamma-Poisson: ``demand ~ Poisson(mean * G / r)`` with ``G ~ Gamma(r, 1)``
    (pass ``gamma`` to reuse pre-drawn ``G`` of the same shape as ``mean``).
    ``P(demand = 0) = (r / (r + lambda)) ** r``: small ``r`` means more zeros and heavier tails.
    """
    if gamma is None:
        gamma = rng.standard_gamma(dispersion, size=np.shape(mean))
    return rng.poisson(mean * gamma * (1.0 / dispersion))
