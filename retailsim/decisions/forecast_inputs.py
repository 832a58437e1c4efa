"""Forecast inputs for the AI policy: daily mean and uncertainty from LightGBM on observed sales.

``lightgbm_forecasts`` aggregates a long-format sales frame to days, fits on the first
``train_days`` days only (observed, stock-censored sales; never the truth) and predicts every
scenario day from features known in advance (item, store, day of week, price and its ratio to
the item's usual price, and the optional columns ``features``, e.g. promotion, holiday,
weather). Uncertainty, ``uncertainty=``:

* ``"quantile"``: a second LightGBM with the pinball loss at level ``tau`` gives ``q_tau``;
  ``ForecastPolicy(mean, upper=q_tau, upper_level=tau)`` turns it into
  ``sigma = (q_tau - mu) / Phi^-1(tau)``;
* ``"residual"``: the negative-binomial variance ``sigma^2 = mu + mu^2 / r`` with ``1 / r``
  fitted to the training residuals by moments, ``1/r = sum((y - mu)^2 - mu) / sum(mu^2)``.

Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns
from retailsim.models.lgbm import make_regressor

from . import _checks
from .formulas import z_value
from .scenario import DemandScenario

# stronger regularisation than the course defaults: a few hundred daily rows to learn from
FORECAST_DEFAULTS = {"n_estimators": 100, "min_child_samples": 30}
DEFAULT_FEATURES = ("promo_type", "is_holiday", "weather", "temperature_c", "competitor_price")


class Forecasts(NamedTuple):
    """Per-day, per-series forecasts aligned with a scenario: ``mean``, ``sigma`` (both
    ``(n_days, n_series)``) and, for quantile models, ``upper`` at ``upper_level``.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """

    mean: np.ndarray
    sigma: np.ndarray
    upper: np.ndarray | None
    upper_level: float | None


def daily_features(
    frame: pd.DataFrame,
    *,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    price: str = "price",
    features: tuple[str, ...] = DEFAULT_FEATURES,
) -> pd.DataFrame:
    """One row per date x store x item: ``units`` summed, ``price`` and numeric ``features``
    averaged, other features taken from the day's first row; plus ``day_of_week``.

    Used in: 12_lab2_four_step_sandbox.
    """
    needed = [item, store, date, units, price, *features]
    require_columns(frame, needed)
    keys = [date, store, item]
    agg = {units: "sum", price: "mean"}
    for col in features:
        numeric = pd.api.types.is_numeric_dtype(frame[col]) and frame[col].dtype != bool
        agg[col] = "mean" if numeric else "first"
    daily = frame.groupby(keys, observed=True, sort=True).agg(agg).reset_index()
    daily[date] = pd.to_datetime(daily[date])
    daily["day_of_week"] = daily[date].dt.dayofweek
    for col in (store, item, *features):
        if not pd.api.types.is_numeric_dtype(daily[col]) or daily[col].dtype == bool:
            daily[col] = daily[col].astype(str).astype("category")
    return daily


def lightgbm_forecasts(
    frame: pd.DataFrame,
    scenario: DemandScenario,
    *,
    train_days: int,
    uncertainty: str = "quantile",
    quantile: float = 0.9,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    price: str = "price",
    features: tuple[str, ...] = DEFAULT_FEATURES,
    **params,
) -> Forecasts:
    """Fit LightGBM on the first ``train_days`` days of ``frame`` and forecast every scenario
    day (module docstring). ``params`` override ``FORECAST_DEFAULTS`` and the
    ``retailsim.models.lgbm`` defaults.

    Used in: 03_retail_kpis, 12_lab2_four_step_sandbox.
    """
    if uncertainty not in ("quantile", "residual"):
        raise ConfigError("uncertainty", "must be 'quantile' or 'residual'", uncertainty)
    train_days = _checks.integer("train_days", train_days, ge=7)
    tau = float(_checks.probability("quantile", quantile))
    daily = daily_features(
        frame, item=item, store=store, date=date, units=units, price=price, features=features
    )
    row = ((daily[date] - scenario.dates[0]) // pd.Timedelta(days=1)).to_numpy()
    keys = pd.MultiIndex.from_frame(scenario.keys.astype(str))
    col = keys.get_indexer(
        pd.MultiIndex.from_arrays([daily[store].astype(str), daily[item].astype(str)])
    )
    ok = (row >= 0) & (row < scenario.n_days) & (col >= 0)
    daily, row, col = daily[ok], row[ok], col[ok]
    train = row < train_days
    usual = daily[train].groupby(item, observed=True)[price].median()
    daily = daily.assign(price_ratio=daily[price] / daily[item].map(usual).astype(float))
    X = daily[[store, item, "day_of_week", price, "price_ratio", *features]]
    y = daily[units].to_numpy(dtype=float)
    params = {**FORECAST_DEFAULTS, **params}
    mean_model = make_regressor(**params).fit(X[train], y[train])
    mu = np.maximum(mean_model.predict(X), 0.0)
    mean = _grid(scenario, row, col, mu)
    if uncertainty == "quantile":
        q_params = {**params, "objective": "quantile", "alpha": tau}
        upper_pred = make_regressor(**q_params).fit(X[train], y[train]).predict(X)
        upper = _grid(scenario, row, col, np.maximum(upper_pred, mu))
        sigma = np.maximum(upper - mean, 0.0) / float(z_value(tau))
        return Forecasts(mean, sigma, upper, tau)
    fit = mu[train]
    inv_r = max(float(((y[train] - fit) ** 2 - fit).sum() / max((fit**2).sum(), 1e-12)), 0.0)
    return Forecasts(mean, np.sqrt(mean + inv_r * mean**2), None, None)


def _grid(scenario: DemandScenario, row, col, values) -> np.ndarray:
    out = np.zeros(scenario.demand.shape)
    out[row, col] = values
    return out
