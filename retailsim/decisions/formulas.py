"""Textbook inventory formulas: safety stock, reorder point, order-up-to level, newsvendor,
turnover, fill rate and days of cover.

Every helper accepts scalars or numpy arrays (broadcasting) and returns a ``float`` for scalar
input. Invalid input raises ``ConfigError`` (a ``ValueError``) naming the parameter, the value
and what is allowed. Notation: ``mu`` mean daily demand, ``sigma`` standard deviation of daily
demand, ``L`` lead time (days), ``R`` review period (days), ``z = Phi^-1(service level)``.

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox, 14_elasticity_and_turnover.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from retailsim.config import ConfigError

from ._checks import bounded, probability, scalar_or_array


def z_value(service_level) -> float | np.ndarray:
    """Safety factor ``z = Phi^-1(service_level)`` (cycle service level, standard normal).

    ``z_value(0.95) = 1.645``. Used in: 03_retail_kpis.
    """
    return scalar_or_array(stats.norm.ppf(probability("service_level", service_level)))


def _z(z, service_level) -> np.ndarray:
    if (z is None) == (service_level is None):
        raise ConfigError("z", "give exactly one of z or service_level")
    if z is not None:
        return bounded("z", z, ge=0.0)
    return np.asarray(z_value(service_level))


def safety_stock(
    sigma_daily, lead_time, *, service_level=None, z=None, review_period=0
) -> float | np.ndarray:
    """Safety stock ``SS = z * sigma * sqrt(L + R)``.

    Protects against demand variability over the risk period: the lead time ``L`` for a
    continuous-review (s, Q) system, ``R + L`` for a periodic-review (R, S) system (pass
    ``review_period``). Give ``z`` directly or a cycle ``service_level`` in (0, 1).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    zz = _z(z, service_level)
    sigma = bounded("sigma_daily", sigma_daily, ge=0.0)
    lead = bounded("lead_time", lead_time, ge=0.0)
    review = bounded("review_period", review_period, ge=0.0)
    return scalar_or_array(zz * sigma * np.sqrt(lead + review))


def reorder_point(
    mean_daily, sigma_daily, lead_time, *, service_level=None, z=None
) -> float | np.ndarray:
    """Reorder point ``s = mu * L + z * sigma * sqrt(L)``: order when the inventory position
    falls to ``s`` (continuous review).

    Used in: 03_retail_kpis.
    """
    mu = bounded("mean_daily", mean_daily, ge=0.0)
    lead = bounded("lead_time", lead_time, ge=0.0)
    ss = safety_stock(sigma_daily, lead, service_level=service_level, z=z)
    return scalar_or_array(mu * lead + ss)


def order_up_to_level(
    mean_daily, sigma_daily, lead_time, review_period, *, service_level=None, z=None
) -> float | np.ndarray:
    """Order-up-to level of an (R, S) policy ``S = mu * (R + L) + z * sigma * sqrt(R + L)``.

    Every ``R`` days order ``S - inventory position`` (on hand + on order).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    mu = bounded("mean_daily", mean_daily, ge=0.0)
    lead = bounded("lead_time", lead_time, ge=0.0)
    review = bounded("review_period", review_period, gt=0.0)
    ss = safety_stock(sigma_daily, lead, service_level=service_level, z=z, review_period=review)
    return scalar_or_array(mu * (review + lead) + ss)


def critical_ratio(underage_cost, overage_cost) -> float | np.ndarray:
    """Newsvendor critical ratio ``CR = Cu / (Cu + Co)``: the optimal probability of not
    running out. ``Cu`` = cost of one unit short (lost margin ``p - c``), ``Co`` = cost of one
    unit left over (``c`` minus salvage for a perishable).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    cu = bounded("underage_cost", underage_cost, gt=0.0)
    co = bounded("overage_cost", overage_cost, gt=0.0)
    return scalar_or_array(cu / (cu + co))


def newsvendor_normal(mean, sigma, ratio) -> float | np.ndarray:
    """Newsvendor quantity for normal demand ``q* = mu + sigma * Phi^-1(CR)``.

    Used in: 03_retail_kpis.
    """
    mu = bounded("mean", mean, ge=0.0)
    sd = bounded("sigma", sigma, ge=0.0)
    return scalar_or_array(mu + sd * stats.norm.ppf(probability("ratio", ratio)))


def newsvendor_empirical(samples, ratio) -> float:
    """Newsvendor quantity from observed demand ``q* = min{q : F_n(q) >= CR}``, ``F_n`` the
    empirical CDF of ``samples`` (the order statistic ``x_(ceil(n * CR))``).

    Used in: 03_retail_kpis.
    """
    x = np.sort(bounded("samples", samples, ge=0.0).ravel())
    if x.size == 0:
        raise ConfigError("samples", "must hold at least one demand observation")
    cr = float(probability("ratio", ratio))
    return float(x[int(np.ceil(x.size * cr)) - 1])


def newsvendor_negbin(mean, dispersion, ratio) -> float | np.ndarray:
    """Newsvendor quantity for negative-binomial demand (the simulator's noise):
    ``q* = min{q : F(q) >= CR}`` with ``F`` the NegBin CDF of mean ``mu`` and shape ``r``
    (``p = r / (r + mu)``, variance ``mu + mu^2 / r``).

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    mu = bounded("mean", mean, ge=0.0)
    r = bounded("dispersion", dispersion, gt=0.0)
    return scalar_or_array(stats.nbinom.ppf(probability("ratio", ratio), r, r / (r + mu)))


def inventory_turnover(cogs, average_inventory_value) -> float | np.ndarray:
    """Inventory turnover ``= COGS / average inventory value`` (both at cost, same period).

    Used in: 03_retail_kpis, 14_elasticity_and_turnover.
    """
    cogs = bounded("cogs", cogs, ge=0.0)
    inv = bounded("average_inventory_value", average_inventory_value, gt=0.0)
    return scalar_or_array(cogs / inv)


def fill_rate(units_sold, units_demanded) -> float | np.ndarray:
    """Fill rate (unit service level, beta) ``= units sold / units demanded``; 1 where nothing
    was demanded.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    sold = bounded("units_sold", units_sold, ge=0.0)
    demand = bounded("units_demanded", units_demanded, ge=0.0)
    if np.any(sold > demand):
        raise ConfigError("units_sold", "must not exceed units_demanded", _over(sold, demand))
    safe = np.where(demand > 0, demand, 1.0)
    return scalar_or_array(np.where(demand > 0, sold / safe, 1.0))


def _over(sold: np.ndarray, demand: np.ndarray) -> float:
    return float(np.broadcast_to(sold, np.broadcast(sold, demand).shape)[sold > demand].flat[0])


def days_of_cover(on_hand, mean_daily_demand) -> float | np.ndarray:
    """Days of cover ``= on hand / mean daily demand`` (``inf`` where demand is 0 and stock
    is positive, 0 where both are 0).

    Used in: 03_retail_kpis, 14_elasticity_and_turnover.
    """
    stock = bounded("on_hand", on_hand, ge=0.0)
    mu = bounded("mean_daily_demand", mean_daily_demand, ge=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(mu > 0, stock / np.where(mu > 0, mu, 1.0), np.where(stock > 0, np.inf, 0))
    return scalar_or_array(out)
