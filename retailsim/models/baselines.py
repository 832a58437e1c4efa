"""Classical peer baselines for daily store-SKU forecasts, and LightGBM measured against them.

The question a retailer (and chapter 12) should ask of any machine-learning forecast: is it
better than the established statistical methods for intermittent demand? This module builds
daily series from a long-format sales frame and scores, on one time split, with the M5's RMSSE
(``retailsim.models.metrics``):

* **classical methods** (statsforecast; one model per series, fitted on its own history):
  ``CrostonClassic`` (Croston 1972: exponential smoothing, alpha = 0.1, of the non-zero sizes
  z and of the intervals p between them; forecast z / p), ``CrostonSBA`` (Syntetos-Boylan:
  the same times (1 - alpha / 2) = 0.95, removing Croston's upward bias), ``TSB``
  (Teunter-Syntetos-Babai: smooths the demand size z with ``alpha_d`` and the *probability* of
  a sale d with ``alpha_p`` every period, forecast d * z; the probability decays through runs of
  zeros, so obsolete items fade out), ``ADIDA`` (aggregate the series into buckets of the mean
  inter-demand interval, forecast the buckets with simple exponential smoothing, spread the
  forecast back evenly) and ``SeasonalNaive`` (yhat_{T+k} = y_{T+k-7j}, the last value of the
  same weekday);
* **LightGBM** (``lightgbm_daily_forecasts``): one pooled model over all series, on features
  known when the forecast is made (see below);
* **the oracle** (optional): the true expected demand of each day, where a simulator provides
  it; it bounds what any forecast can reach, since the rest of the error is noise.

Daily series: rows (e.g. the simulator's time slots) are summed per store, item and date; a
day with no row in the frame is a day with zero sales. The calendar runs from the frame's first
to its last date for every series.

No leakage in the LightGBM forecast. The forecast origin T is the last training day; the test
days are T+1..T+H (H = ``horizon``). Features of day t are (a) facts of day t known in
advance: store, item, day of week, weekend flag, and the ``known`` columns (shelf price, its
ratio to the list price, the promotion plan, the holiday calendar, the weather forecast, the
competitor's price), and (b) sales lags that reach back at least H days: the same weekday
L1 = 7 * ceil(H / 7) and L1 + 7 days before, and the mean of the 7 and 28 days ending H days
before t. For a test day t <= T + H every lag looks at a day <= T, so one model serves the
whole horizon, with no recursion and no look-ahead. Sales after T are blanked (``nan``) before
the lags are computed, so an accidental look-ahead would surface as missing values rather than
as a too-good score.

Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from retailsim.features.validation import require_columns
from retailsim.models.lgbm import make_regressor
from retailsim.models.metrics import rmsse_scale

__all__ = [
    "CLASSICAL_METHODS",
    "FORECAST_PARAMS",
    "KNOWN_FEATURES",
    "TSB_ALPHA_D",
    "TSB_ALPHA_P",
    "ForecastComparison",
    "classical_forecasts",
    "compare_forecasters",
    "daily_series",
    "lightgbm_daily_forecasts",
]

CLASSICAL_METHODS: tuple[str, ...] = (
    "CrostonClassic",
    "CrostonSBA",
    "TSB",
    "ADIDA",
    "SeasonalNaive",
)
# TSB smoothing constants: 0.1 for both, the middle of the 0.05-0.3 range Teunter, Syntetos
# and Babai (2011) searched; small values suit short, noisy daily histories.
TSB_ALPHA_D = 0.1
TSB_ALPHA_P = 0.1
# columns of the forecast day known in advance (the simulator's observed schema)
KNOWN_FEATURES: tuple[str, ...] = (
    "price",
    "base_price",
    "promo_type",
    "is_holiday",
    "weather",
    "temperature_c",
    "competitor_price",
)
# 10^3-10^4 noisy daily rows to learn from: smaller trees (7 leaves, >= 40 days per leaf) and a
# slower learning rate than the course defaults. On seeds 10-19 of the convenience store (not
# the benchmark's 0-9) this cut mean RMSSE from 0.760 to 0.747 at 5,000 rows and was level
# (0.677 vs 0.679) at 20,000 rows.
FORECAST_PARAMS: dict[str, Any] = {
    "n_estimators": 300,
    "learning_rate": 0.03,
    "num_leaves": 7,
    "min_child_samples": 40,
}


def _positive_int(name: str, value, where: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{where}: {name} = {value!r}: must be an integer >= {minimum}")
    return int(value)


def daily_series(
    frame: pd.DataFrame,
    *,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    extra: Sequence[str] = (),
    sums: Sequence[str] = (),
    where: str = "daily_series()",
) -> pd.DataFrame:
    """One row per store x item x calendar day: ``units`` (and the numeric ``sums`` columns,
    e.g. a simulator's expected demand) summed over the day's rows.

    Every series gets every date from the frame's first to its last date; a missing day has
    ``units`` (and ``sums``) = 0. ``extra`` columns are aggregated too: numeric ones averaged,
    booleans as "any" (0/1), others the day's first value; on a missing day they are carried
    forward from the series' previous day (backward at the start). Sorted by store, item,
    date. Raises ``ValueError`` naming every missing column.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    summed = list(dict.fromkeys([units, *sums]))
    extra = [c for c in dict.fromkeys(extra) if c not in summed]
    require_columns(frame, [item, store, date, *summed, *extra], where=where)
    if len(frame) == 0:
        raise ValueError(f"{where}: the frame has no rows")
    for col in summed:
        values = frame[col]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ValueError(f"{where}: column {col!r} must be numeric, got dtype {values.dtype}")
        if values.isna().any() or (values < 0).any():
            raise ValueError(f"{where}: column {col!r} must have no missing or negative values")
    work = frame[[store, item, date, *summed, *extra]].copy()
    work[date] = pd.to_datetime(work[date]).dt.normalize()
    agg: dict[str, str] = dict.fromkeys(summed, "sum")
    for col in extra:
        if pd.api.types.is_bool_dtype(work[col]):
            work[col] = work[col].astype(int)
            agg[col] = "max"
        elif pd.api.types.is_numeric_dtype(work[col]):
            agg[col] = "mean"
        else:
            agg[col] = "first"
    keys = [store, item, date]
    daily = work.groupby(keys, observed=True, sort=True).agg(agg)
    days = pd.date_range(work[date].min(), work[date].max(), freq="D", name=date)
    pairs = daily.index.droplevel(date).unique()
    grid = pd.MultiIndex.from_tuples(
        [(s, i, d) for s, i in pairs for d in days], names=keys
    )  # series order of the sorted groupby, then dates
    daily = daily.reindex(grid)
    daily[summed] = daily[summed].fillna(0.0).astype(float)
    if extra:
        filled = daily[list(extra)].groupby(level=[0, 1], observed=True, sort=False)
        daily[list(extra)] = filled.ffill()
        daily[list(extra)] = daily[list(extra)].groupby(level=[0, 1], sort=False).bfill()
    return daily.reset_index()


def _wide(daily: pd.DataFrame, store: str, item: str, date: str, units: str) -> pd.DataFrame:
    """Series x dates matrix of ``units`` from a ``daily_series`` frame."""
    return daily.pivot(index=[store, item], columns=date, values=units)


def classical_forecasts(
    frame: pd.DataFrame,
    *,
    horizon: int,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    season_length: int = 7,
    alpha_d: float = TSB_ALPHA_D,
    alpha_p: float = TSB_ALPHA_P,
) -> pd.DataFrame:
    """Forecast every store-SKU series ``horizon`` days past the frame's last date with the
    classical intermittent-demand methods (module docstring; ``CLASSICAL_METHODS``).

    The whole frame is the history (use ``compare_forecasters`` for a train/test split).
    TSB smooths the demand size with ``alpha_d`` and the probability of a sale with ``alpha_p``
    (both in (0, 1]); ``SeasonalNaive`` repeats the last ``season_length`` days. Returns a long
    frame: store, item, date, then one forecast column per method. Raises ``ValueError`` for a
    frame missing columns (naming them) or invalid parameters.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    where = "classical_forecasts()"
    horizon = _positive_int("horizon", horizon, where)
    season_length = _positive_int("season_length", season_length, where)
    for name, value in (("alpha_d", alpha_d), ("alpha_p", alpha_p)):
        if not (isinstance(value, int | float) and 0 < value <= 1):
            raise ValueError(f"{where}: {name} = {value!r}: must be a number in (0, 1]")
    daily = daily_series(frame, item=item, store=store, date=date, units=units, where=where)
    return _classical(
        _wide(daily, store, item, date, units), horizon, season_length, alpha_d, alpha_p
    )


def _classical(
    wide: pd.DataFrame, horizon: int, season_length: int, alpha_d: float, alpha_p: float
) -> pd.DataFrame:
    from statsforecast import StatsForecast  # heavy import (numba), only when used
    from statsforecast.models import ADIDA, TSB, CrostonClassic, CrostonSBA, SeasonalNaive

    n_series, n_days = wide.shape
    if n_days < season_length:
        raise ValueError(
            f"classical_forecasts(): the history has {n_days} days; SeasonalNaive needs at "
            f"least season_length = {season_length}"
        )
    long = pd.DataFrame(
        {
            "unique_id": np.repeat(np.arange(n_series), n_days),
            "ds": np.tile(wide.columns.to_numpy(), n_series),
            "y": wide.to_numpy(dtype=float).ravel(),
        }
    )
    models = [
        CrostonClassic(),
        CrostonSBA(),
        TSB(alpha_d=float(alpha_d), alpha_p=float(alpha_p)),
        ADIDA(),
        SeasonalNaive(season_length=season_length),
    ]
    fc = StatsForecast(models=models, freq="D", n_jobs=1).forecast(df=long, h=horizon)
    fc = fc.sort_values(["unique_id", "ds"], kind="stable").reset_index(drop=True)
    keys = wide.index.to_frame(index=False).iloc[fc["unique_id"].to_numpy()].reset_index(drop=True)
    date = wide.columns.name
    out = keys.assign(**{date: fc["ds"].to_numpy()})
    for method in CLASSICAL_METHODS:  # an all-zero history can give nan: forecast 0
        out[method] = np.nan_to_num(fc[method].to_numpy(dtype=float), nan=0.0).clip(min=0.0)
    return out


def _lag_features(y: pd.DataFrame, horizon: int) -> dict[str, pd.DataFrame]:
    """Series x dates matrices of lag features that look back at least ``horizon`` days."""
    first = 7 * math.ceil(horizon / 7)
    shifted = y.T.shift(horizon)  # dates x series
    return {
        f"lag_{first}": y.T.shift(first).T,
        f"lag_{first + 7}": y.T.shift(first + 7).T,
        f"mean_7_lag_{horizon}": shifted.rolling(7, min_periods=1).mean().T,
        f"mean_28_lag_{horizon}": shifted.rolling(28, min_periods=7).mean().T,
    }


def lightgbm_daily_forecasts(
    frame: pd.DataFrame,
    *,
    train_days: int,
    horizon: int,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    known: Sequence[str] = KNOWN_FEATURES,
    **params: Any,
) -> pd.DataFrame:
    """Daily LightGBM forecasts for days ``train_days + 1 .. train_days + horizon`` of the
    frame's calendar, trained on the first ``train_days`` days (module docstring: features and
    the no-leakage rule).

    ``frame`` must contain the rows of the test days for their ``known`` columns (price,
    promotion plan, ...); their ``units`` are never read. ``params`` override
    ``FORECAST_PARAMS`` and the course defaults of ``make_regressor`` (Poisson objective,
    deterministic, one thread). Returns store, item, date, ``LightGBM``; forecasts are >= 0.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    where = "lightgbm_daily_forecasts()"
    train_days = _positive_int("train_days", train_days, where, minimum=7)
    horizon = _positive_int("horizon", horizon, where)
    known = list(dict.fromkeys(known))
    daily = daily_series(
        frame, item=item, store=store, date=date, units=units, extra=known, where=where
    )
    days = np.sort(daily[date].unique())
    if len(days) < train_days + horizon:
        raise ValueError(
            f"{where}: the frame spans {len(days)} days; need train_days + horizon = "
            f"{train_days + horizon}"
        )
    daily = daily[daily[date] <= days[train_days + horizon - 1]].reset_index(drop=True)
    origin = days[train_days - 1]
    is_train = (daily[date] <= origin).to_numpy()
    # blank the future: lags below cannot see a test day's sales even by mistake
    y_wide = _wide(daily.assign(**{units: daily[units].where(is_train)}), store, item, date, units)
    X = pd.DataFrame(
        {
            store: daily[store].astype(str).astype("category"),
            item: daily[item].astype(str).astype("category"),
            "day_of_week": daily[date].dt.dayofweek.astype(int),
            "is_weekend": (daily[date].dt.dayofweek >= 5).astype(int),
        }
    )
    for col in known:
        values = daily[col]
        X[col] = (
            values.astype(float)
            if pd.api.types.is_numeric_dtype(values)
            else values.astype(str).astype("category")
        )
    if "price" in known and "base_price" in known:
        X["price_index"] = X["price"] / X["base_price"]
    index = pd.MultiIndex.from_frame(daily[[store, item, date]])
    for name, matrix in _lag_features(y_wide, horizon).items():
        X[name] = matrix.stack(future_stack=True).reindex(index).to_numpy()
    model = make_regressor(**{**FORECAST_PARAMS, **params})
    model.fit(X[is_train], daily.loc[is_train, units].to_numpy(dtype=float))
    test = daily.loc[~is_train, [store, item, date]].reset_index(drop=True)
    return test.assign(LightGBM=np.maximum(model.predict(X[~is_train]), 0.0))


@dataclass(frozen=True)
class ForecastComparison:
    """Result of ``compare_forecasters``.

    ``scores``: RMSSE per series (rows: store, item) and method (columns);
    ``summary``: mean RMSSE per method over the series with a defined RMSSE, best first;
    ``forecasts``: the long test frame (store, item, date, actual, one column per method);
    ``best_classical``: the classical method with the lowest mean RMSSE;
    ``improvement``: 1 - RMSSE(LightGBM) / RMSSE(best classical) (> 0: LightGBM is better;
    ``nan`` if the best classical method is perfect);
    ``n_skipped``: series left out of the means for a constant training history.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """

    scores: pd.DataFrame
    summary: pd.Series
    forecasts: pd.DataFrame
    best_classical: str
    improvement: float
    n_skipped: int

    @property
    def rmsse_lightgbm(self) -> float:
        return float(self.summary["LightGBM"])

    @property
    def rmsse_best_classical(self) -> float:
        return float(self.summary[self.best_classical])

    @property
    def rmsse_oracle(self) -> float:
        return float(self.summary.get("oracle", np.nan))


def compare_forecasters(
    frame: pd.DataFrame,
    train_days: int,
    horizon: int,
    *,
    item: str = "sku_id",
    store: str = "store_id",
    date: str = "date",
    units: str = "units_sold",
    expected: str | None = None,
    actual: str | None = None,
    known: Sequence[str] = KNOWN_FEATURES,
    season_length: int = 7,
    seasonality: int = 1,
    lgbm_params: dict[str, Any] | None = None,
) -> ForecastComparison:
    """RMSSE of the classical methods, LightGBM and (with ``expected``) the oracle on one split.

    The first ``train_days`` days of the frame's calendar are the history, the next ``horizon``
    days the test period (later days are ignored). Per series i and method f:

        RMSSE_i(f) = sqrt( mean_test (y - yhat_f)^2 / mean_train (y_t - y_{t-m})^2 ),

    m = ``seasonality`` (1, as in the M5), y the daily ``actual`` (default ``units``). The
    summary is the unweighted mean over series; a series with a constant training history
    (e.g. never sold) has no defined RMSSE and is left out of every method's mean alike
    (counted in ``n_skipped``).
    ``expected``: a column with each row's true expected demand (a simulator's lambda); summed
    per day it is the ``oracle`` forecast. ``actual``: the column the forecasts are scored
    against, default ``units`` (what was sold). Every method is fitted on ``units`` only; in a
    simulation, scoring against the uncensored demand (``actual="demand"``) is fairer to the
    oracle, because sales are capped by the stock on the shelf and the expected demand is not.
    The RMSSE scale then comes from the ``actual`` history too. improvement = 1 -
    RMSSE(LightGBM) / RMSSE(best classical).

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    where = "compare_forecasters()"
    train_days = _positive_int("train_days", train_days, where, minimum=max(7, season_length))
    horizon = _positive_int("horizon", horizon, where)
    known = list(dict.fromkeys(known))
    extra = [c for c in (expected, actual) if c is not None and c != units]
    require_columns(frame, [item, store, date, units, *known, *extra], where=where)
    daily = daily_series(
        frame, item=item, store=store, date=date, units=units, sums=extra, where=where
    )
    wide = _wide(daily, store, item, date, units)
    if wide.shape[1] < train_days + horizon:
        raise ValueError(
            f"{where}: the frame spans {wide.shape[1]} days; need train_days + horizon = "
            f"{train_days + horizon}"
        )
    history = wide.iloc[:, :train_days]
    truth = _wide(daily, store, item, date, actual or units)
    truth_history, future = truth.iloc[:, :train_days], truth.iloc[:, train_days:]
    future = future.iloc[:, :horizon]
    forecasts = _classical(history, horizon, season_length, TSB_ALPHA_D, TSB_ALPHA_P)
    test = future.stack().rename("actual").reset_index()
    forecasts = test.merge(forecasts, on=[store, item, date], how="left", validate="1:1")
    lgbm = lightgbm_daily_forecasts(
        frame,
        train_days=train_days,
        horizon=horizon,
        item=item,
        store=store,
        date=date,
        units=units,
        known=known,
        **(lgbm_params or {}),
    )
    forecasts = forecasts.merge(lgbm, on=[store, item, date], how="left", validate="1:1")
    methods = [*CLASSICAL_METHODS, "LightGBM"]
    if expected is not None:
        oracle = _wide(daily, store, item, date, expected)
        oracle = (
            oracle.iloc[:, train_days : train_days + horizon].stack().rename("oracle").reset_index()
        )
        forecasts = forecasts.merge(oracle, on=[store, item, date], how="left", validate="1:1")
        methods.append("oracle")
    if forecasts[methods].isna().any().any():
        raise RuntimeError(f"{where}: a method left test days unforecast")  # a bug, not input
    scale = np.array([rmsse_scale(r, seasonality) for r in truth_history.to_numpy(dtype=float)])
    scale = pd.Series(np.where(scale > 0, scale, np.nan), index=truth_history.index)
    sq = forecasts[methods].sub(forecasts["actual"], axis=0) ** 2
    mse = sq.groupby([forecasts[store], forecasts[item]], observed=True, sort=True).mean()
    scores = np.sqrt(mse.div(scale.reindex(mse.index), axis=0))
    summary = scores.mean(skipna=True).sort_values(kind="stable")
    best = min(CLASSICAL_METHODS, key=lambda m: summary[m])
    return ForecastComparison(
        scores=scores,
        summary=summary.rename("rmsse"),
        forecasts=forecasts,
        best_classical=best,
        improvement=float(1.0 - summary["LightGBM"] / summary[best])
        if summary[best] > 0
        else float("nan"),
        n_skipped=int(scale.isna().sum()),
    )
