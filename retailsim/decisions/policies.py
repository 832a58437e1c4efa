"""Replenishment policies: rules of thumb, the AI (forecast-driven) policy and the oracle.

All return ``Target(S, mu_L)`` per series for an (R, S) review (see ``protocol``). With
``mu`` mean daily demand, ``sigma`` its standard deviation, ``z = Phi^-1(service level)``:

* ``WeeksOfCover(w)``:   ``S = 7 w * mu``                       (mu = recent average sales)
* ``OrderUpToRS(sl)``:   ``S = mu (R + L) + z sigma sqrt(R + L)`` (mu, sigma of daily sales)
* ``ForecastPolicy``:    ``S = sum_{d=t}^{t+R+L-1} mu_d + z sqrt(sum_d sigma_d^2)``
  with per-day forecasts ``mu_d`` and forecast uncertainty ``sigma_d`` (e.g. from quantile
  LightGBM, ``sigma_d = (q_tau,d - mu_d) / Phi^-1(tau)``): the safety stock widens and narrows
  with the forecast's confidence, day by day and item by item;
* ``OraclePolicy(sl)``:  the same with the true expected demand and the true negative-binomial
  variance ``lambda + lambda^2 / r`` (the bound; it reads the scenario's truth).

``ForecastPolicy`` and ``OraclePolicy`` take the quantile of the risk-period demand (mean
``M = sum mu_d``, variance ``V = sum sigma_d^2``) from a normal distribution
(``distribution="normal"``: ``M + z sqrt(V)``, the formulas above) or, by default, from the
moment-matched negative binomial (``"negbin"``: ``r = M^2 / (V - M)``), which suits small,
often-zero counts; for items whose shelf life is <= L the risk period is the R days after the
order arrives (see ``_path_target``). ``OrderUpToRS`` stays the textbook normal formula.

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from retailsim.config import ConfigError

from . import _checks
from .formulas import z_value
from .protocol import PolicyContext, Target


def _window(history: np.ndarray, window: int | None) -> np.ndarray:
    if history.shape[0] == 0:
        raise ConfigError("history", "policies need at least one day of sales history")
    return history if window is None else history[-window:]


def _window_arg(window) -> int | None:
    return None if window is None else _checks.integer("window", window, ge=2)


class WeeksOfCover:
    """Rule of thumb: keep ``weeks`` weeks of average daily sales on hand and on order,
    ``S = 7 * weeks * mu``, ``mu`` = mean daily sales over the last ``window`` days.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    def __init__(self, weeks: float = 1.0, window: int | None = 28) -> None:
        self.weeks = float(_checks.bounded("weeks", weeks, gt=0.0))
        self.window = _window_arg(window)

    def order_up_to(self, day: int, history: np.ndarray, context: PolicyContext) -> Target:
        mu = _window(history, self.window).mean(axis=0)
        return Target(7.0 * self.weeks * mu, mu * context.params.lead_time)


class OrderUpToRS:
    """Classical (R, S): ``S = mu (R + L) + z sigma sqrt(R + L)`` with ``mu``, ``sigma`` the
    mean and standard deviation of daily sales over the last ``window`` days (all if None).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    def __init__(self, service_level=0.95, window: int | None = None) -> None:
        self.service_level = _checks.probability("service_level", service_level)
        self.window = _window_arg(window)

    def order_up_to(self, day: int, history: np.ndarray, context: PolicyContext) -> Target:
        sales = _window(history, self.window).astype(float)
        mu = sales.mean(axis=0)
        sigma = sales.std(axis=0, ddof=1) if sales.shape[0] > 1 else np.sqrt(mu)
        p = context.params
        horizon = p.review_period + p.lead_time
        z = np.asarray(z_value(self.service_level))
        return Target(mu * horizon + z * sigma * np.sqrt(horizon), mu * p.lead_time)


DISTRIBUTIONS = ("normal", "negbin")


def _path_target(mean, var, day, context, service_level, distribution) -> Target:
    """Order-up-to level from per-day means and variances over the ``R + L`` days from ``day``
    (the last row repeats beyond the horizon).

    ``S = Q_sl(D)``, ``D`` = demand over the risk period with mean ``M = sum mu_d`` and variance
    ``V = sum var_d``; for a series whose shelf life is <= L (nothing on hand survives until the
    order arrives) the lead-time days are certain to be served by the old stock or lost, so
    ``S = mu_L + Q_sl(D over the R days after arrival)``. ``Q`` is the normal quantile
    ``M + z sqrt(V)`` or the moment-matched negative binomial (``r = M^2 / (V - M)``; Poisson
    when ``V <= M``).
    """
    p = context.params
    idx = np.minimum(np.arange(day, day + p.review_period + p.lead_time), mean.shape[0] - 1)
    m, v = mean[idx], var[idx]
    lead_mean = m[: p.lead_time].sum(axis=0)
    fresh = context.scenario.shelf_life <= p.lead_time
    base = np.where(fresh, lead_mean, 0.0)
    total_m = m.sum(axis=0) - base
    total_v = v.sum(axis=0) - np.where(fresh, v[: p.lead_time].sum(axis=0), 0.0)
    return Target(base + _quantile(total_m, total_v, service_level, distribution), lead_mean)


def _quantile(mean, var, level, distribution) -> np.ndarray:
    if distribution == "normal":
        return mean + np.asarray(z_value(level)) * np.sqrt(var)
    level = np.broadcast_to(level, mean.shape)
    over = var > mean * (1 + 1e-9)
    r = np.where(over, mean**2 / np.where(over, var - mean, 1.0), 1.0)
    nb = stats.nbinom.ppf(level, np.maximum(r, 1e-9), r / (r + np.maximum(mean, 1e-12)))
    out = np.where(over, nb, stats.poisson.ppf(level, mean))
    return np.where(mean > 0, out, 0.0)


def _distribution(value: str) -> str:
    if value not in DISTRIBUTIONS:
        raise ConfigError("distribution", f"must be one of {DISTRIBUTIONS}", value)
    return value


class ForecastPolicy:
    """The AI policy: order up to the forecast demand over ``R + L`` days plus a safety stock
    from the forecast's own uncertainty, ``S = sum mu_d + z sqrt(sum sigma_d^2)``.

    ``mean`` (n_days, n_series): forecast mean daily demand for every scenario day (only days
    from the simulation start on are used). Uncertainty: either ``sigma`` (same shape, the
    forecast standard deviation) or ``upper`` with its level ``upper_level`` (an upper quantile
    forecast, e.g. quantile LightGBM at 0.9), converted with
    ``sigma_d = max(upper_d - mu_d, 0) / Phi^-1(upper_level)``. ``distribution``: ``"negbin"``
    (default) or ``"normal"`` quantile of the risk-period demand (module docstring).

    Prices that differ from the ones the forecast assumed: with ``elasticity`` (own elasticity
    per series, ``(n_series,)``) and ``reference_price`` (the prices the forecast was made
    for, ``(n_days, n_series)``), the forecast follows the scenario's prices through the
    elasticity model, ``mu_d' = mu_d (p_d / p_ref_d) ** e`` and ``sigma_d' = sigma_d (p_d /
    p_ref_d) ** e``, so a pricing rule's markdowns and markups reach the orders.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    def __init__(
        self,
        mean,
        sigma=None,
        *,
        upper=None,
        upper_level=None,
        service_level=0.95,
        distribution: str = "negbin",
        elasticity=None,
        reference_price=None,
    ):
        self.distribution = _distribution(distribution)
        self.mean = _checks.bounded("mean", mean, ge=0.0)
        if self.mean.ndim != 2:
            raise ConfigError("mean", "must be a 2-d array (n_days, n_series)", self.mean.shape)
        if (sigma is None) == (upper is None):
            raise ConfigError("sigma", "give exactly one of sigma or upper (with upper_level)")
        if sigma is not None:
            self.sigma = _checks.bounded("sigma", sigma, ge=0.0)
        else:
            if upper_level is None:
                raise ConfigError("upper_level", "is required with upper (e.g. 0.9)")
            level = _checks.probability("upper_level", upper_level)
            if np.any(level <= 0.5):
                raise ConfigError("upper_level", "must be > 0.5 (an upper quantile)", upper_level)
            up = _checks.array("upper", upper)
            self.sigma = np.maximum(up - self.mean, 0.0) / np.asarray(z_value(level))
        if self.sigma.shape != self.mean.shape:
            raise ConfigError(
                "sigma", f"must have the shape of mean {self.mean.shape}", self.sigma.shape
            )
        self.service_level = _checks.probability("service_level", service_level)
        if (elasticity is None) != (reference_price is None):
            raise ConfigError("elasticity", "give both elasticity and reference_price, or neither")
        self.elasticity = self.reference_price = None
        if elasticity is not None:
            self.elasticity = _checks.array("elasticity", elasticity).ravel()
            if self.elasticity.shape != (self.mean.shape[1],):
                raise ConfigError(
                    "elasticity", f"must have one value per series ({self.mean.shape[1]})"
                )
            self.reference_price = _checks.bounded("reference_price", reference_price, gt=0.0)
            if self.reference_price.shape != self.mean.shape:
                raise ConfigError(
                    "reference_price",
                    f"must have the shape of mean {self.mean.shape}",
                    self.reference_price.shape,
                )

    def order_up_to(self, day: int, history: np.ndarray, context: PolicyContext) -> Target:
        if self.mean.shape != context.scenario.demand.shape:
            raise ConfigError(
                "mean",
                f"must have the scenario's shape {context.scenario.demand.shape}",
                self.mean.shape,
            )
        mean, sigma = self.mean, self.sigma
        if self.elasticity is not None:
            factor = (context.scenario.price / self.reference_price) ** self.elasticity
            mean, sigma = mean * factor, sigma * factor
        return _path_target(mean, sigma**2, day, context, self.service_level, self.distribution)


class OraclePolicy:
    """The clairvoyant bound: the (R, S) level from the true expected daily demand and the true
    negative-binomial variance of the scenario, ``S = sum lambda_d + z sqrt(sum var_d)``.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    def __init__(self, service_level=0.95, distribution: str = "negbin") -> None:
        self.service_level = _checks.probability("service_level", service_level)
        self.distribution = _distribution(distribution)

    def order_up_to(self, day: int, history: np.ndarray, context: PolicyContext) -> Target:
        sc = context.scenario
        if sc.expected is None or sc.variance is None:
            raise ConfigError(
                "scenario",
                "the oracle needs the truth (expected, variance): "
                "build it with DemandScenario.from_simulation",
            )
        return _path_target(
            sc.expected, sc.variance, day, context, self.service_level, self.distribution
        )


def cost_based_service_level(scenario, params, cap: float = 0.99) -> np.ndarray:
    """Per-series newsvendor service level ``CR = Cu / (Cu + Co)`` with ``Cu = p - c`` (lost
    margin) and ``Co = c`` for perishables that expire within ``R + L + 1`` days (a leftover
    is waste) or ``Co = h c (R + L)`` otherwise (a leftover is held one more cycle), capped at
    ``cap``.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    cap = float(_checks.probability("cap", cap))
    price = scenario.price.mean(axis=0)
    cost = scenario.unit_cost
    horizon = params.review_period + params.lead_time
    perishable = scenario.shelf_life <= horizon + 1
    over = np.where(perishable, cost, np.maximum(params.holding_rate * cost * horizon, 1e-9))
    under = np.maximum(price - cost, 1e-9)
    return np.clip(under / (under + over), 1 - cap, cap)
