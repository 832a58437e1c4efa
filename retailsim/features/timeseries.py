"""Leak-free time-series features: lags, rolling statistics, weekly volatility, seasonal index.

The one rule (no look-ahead): **every feature of a row dated t uses only rows dated before t**
in the same series. Rows dated t itself are excluded too, because the forecast for day t is made
before day t's sales are known (for the intraday slots this means: yesterday, not this
morning). A test alters every sale on or after a random cut date and checks that no feature on
or before the cut changes (tests/test_timeseries_features.py).

Input: the long-format sales frame (one row per series and date; the simulator's observed
frame has one row per store x SKU x time slot x day). Column names are arguments, defaulting
to the simulator's schema:

==========  ===============================================================================
argument    meaning (default)
==========  ===============================================================================
value       the sales column (``units_sold``)
by          the columns identifying one series (``("store_id", "sku_id", "time_slot")``:
            one row per date; pass ``("store_id", "sku_id")`` on a daily frame)
date        the calendar day (``date``)
==========  ===============================================================================

Each series must have at most one row per date (aggregate slots first with ``daily_sales``
to work at the day level). Lags and rolling windows count *rows* of the series in date order,
so a series should have a row for every date (a day without sales is a row with 0).

Every function returns a new frame (or series) with the same index as its input, in the input's
row order, so the result can be joined to ``demand_features`` (calendar, price, promotion...).

Used in: 04_dynamic_features.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns

__all__ = [
    "DEFAULT_BY",
    "ROLLING_STATS",
    "SEASON_PERIODS",
    "daily_sales",
    "deseasonalise",
    "lag_features",
    "rolling_features",
    "seasonal_index",
    "timeseries_features",
    "weekly_sales",
    "weekly_volatility",
]

DEFAULT_BY: tuple[str, ...] = ("store_id", "sku_id", "time_slot")
ROLLING_STATS: tuple[str, ...] = ("mean", "std", "zero_share")
SEASON_PERIODS: dict[str, int] = {"day_of_week": 7, "month": 12}


# ---------------------------------------------------------------- checks
def _positive_ints(name: str, values, where: str) -> tuple[int, ...]:
    items = (values,) if isinstance(values, int | np.integer) else tuple(values)
    if not items:
        raise ConfigError(f"{where}: {name}", "must name at least one integer >= 1", values)
    for v in items:
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 1:
            raise ConfigError(f"{where}: {name}", "every entry must be an integer >= 1", v)
    return tuple(dict.fromkeys(int(v) for v in items))


def _keys(by: str | Iterable[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _prepare(
    frame: pd.DataFrame, value: str, by, date: str, where: str
) -> tuple[pd.DataFrame, list[str]]:
    """A sorted working copy (``_row`` keeps the input position) after checking the input."""
    keys = _keys(by)
    require_columns(frame, [value, date, *keys], where=where)
    values = frame[value]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ConfigError(f"{where}: {value}", f"must be numeric, got dtype {values.dtype}")
    work = frame[[*keys, date, value]].copy()
    work[date] = pd.to_datetime(work[date])
    work[value] = values.astype(float)
    work["_row"] = np.arange(len(work))
    if work.duplicated([*keys, date]).any():
        raise ConfigError(
            f"{where}: by",
            f"{keys} must identify one row per date; found repeated dates in a series "
            "(add the missing key, e.g. 'time_slot', or aggregate with daily_sales())",
            tuple(keys),
        )
    work = work.sort_values([*keys, date], kind="stable")
    return work, keys


def _back(work: pd.DataFrame, out: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """Put columns computed on the sorted copy back into the input's row order and index."""
    out = out.set_axis(work["_row"].to_numpy()).sort_index()
    return out.set_axis(index)


def _grouped(work: pd.DataFrame, keys: list[str], column: str):
    return work.groupby(keys, observed=True, sort=False)[column]


# ---------------------------------------------------------------- aggregation
def daily_sales(
    frame: pd.DataFrame,
    *,
    value: str = "units_sold",
    by: Sequence[str] = ("store_id", "sku_id"),
    date: str = "date",
) -> pd.DataFrame:
    """Sum ``value`` over the rows of each series and day (e.g. the three intraday slots).

    Returns columns ``[*by, date, value]``, sorted by series and date, with a row for every
    date between the frame's first and last date (0 where a series has no row).

    Used in: 04_dynamic_features.
    """
    where = "daily_sales()"
    keys = _keys(by)
    require_columns(frame, [value, date, *keys], where=where)
    work = frame[[*keys, date, value]].copy()
    work[date] = pd.to_datetime(work[date]).dt.normalize()
    days = pd.date_range(work[date].min(), work[date].max(), freq="D", name=date)
    summed = work.groupby([*keys, date], observed=True)[value].sum().astype(float)
    if not keys:
        return summed.reindex(days, fill_value=0.0).reset_index()
    pairs = summed.index.droplevel(date).unique()
    grid = pd.MultiIndex.from_tuples(
        [(*(p if isinstance(p, tuple) else (p,)), d) for p in pairs for d in days],
        names=[*keys, date],
    )
    return summed.reindex(grid, fill_value=0.0).reset_index()


# ---------------------------------------------------------------- lags and rolling windows
def lag_features(
    frame: pd.DataFrame,
    lags: int | Iterable[int] = (1, 7),
    *,
    value: str = "units_sold",
    by: str | Sequence[str] = DEFAULT_BY,
    date: str = "date",
) -> pd.DataFrame:
    """Lagged sales: ``{value}_lag{k}`` of row t = ``value`` of the series' row t - k.

    Formula: ``lag_k(t) = y_{t-k}`` within one series (rows in date order); NaN for the first
    ``k`` rows of a series. Every ``k >= 1``, so row t never sees ``y_t`` itself.

    Raises ``ConfigError`` for a lag < 1, an unknown column or repeated dates in a series.

    Used in: 04_dynamic_features.
    """
    where = "lag_features()"
    lags = _positive_ints("lags", lags, where)
    work, keys = _prepare(frame, value, by, date, where)
    g = _grouped(work, keys, value)
    out = pd.DataFrame({f"{value}_lag{k}": g.shift(k) for k in lags}, index=work.index)
    return _back(work, out, frame.index)


def rolling_features(
    frame: pd.DataFrame,
    windows: int | Iterable[int] = (7, 28),
    stats: Iterable[str] = ROLLING_STATS,
    *,
    value: str = "units_sold",
    by: str | Sequence[str] = DEFAULT_BY,
    date: str = "date",
    min_periods: int = 1,
) -> pd.DataFrame:
    """Rolling statistics of the ``w`` rows *before* row t: ``{value}_roll{w}_{stat}``.

    Formulas over the window ``W_t = {y_{t-w}, ..., y_{t-1}}`` (shift by one, then roll):

    - ``mean``: ``(1/|W_t|) * sum(W_t)``;
    - ``std``: sample standard deviation of ``W_t`` (``ddof=1``; NaN for fewer than 2 values);
    - ``zero_share``: share of days without a sale, ``#{y in W_t : y = 0} / |W_t|``.

    ``|W_t| = min(w, rows before t)``; the result is NaN until a series has ``min_periods``
    earlier rows. Identical to pandas' ``s.shift(1).rolling(w, min_periods).mean()`` per series.

    Raises ``ConfigError`` for a window < 1, ``min_periods`` outside 1..min(window), an unknown
    statistic or column.

    Used in: 04_dynamic_features.
    """
    where = "rolling_features()"
    windows = _positive_ints("windows", windows, where)
    stats = (stats,) if isinstance(stats, str) else tuple(dict.fromkeys(stats))
    for stat in stats:
        if stat not in ROLLING_STATS:
            raise ConfigError(f"{where}: stats", f"allowed: {', '.join(ROLLING_STATS)}", stat)
    if not stats:
        raise ConfigError(f"{where}: stats", "must name at least one statistic", stats)
    (min_periods,) = _positive_ints("min_periods", min_periods, where)
    if min_periods > min(windows):
        raise ConfigError(
            f"{where}: min_periods", f"must be <= the smallest window ({min(windows)})", min_periods
        )
    work, keys = _prepare(frame, value, by, date, where)
    work["_past"] = _grouped(work, keys, value).shift(1)  # row t sees only rows < t
    work["_zero"] = (work["_past"] == 0).astype(float).where(work["_past"].notna())
    columns = {}
    for w in windows:
        for stat in stats:
            source = "_zero" if stat == "zero_share" else "_past"
            how = "mean" if stat == "zero_share" else stat
            columns[f"{value}_roll{w}_{stat}"] = _grouped(work, keys, source).transform(
                lambda s, w=w, how=how: getattr(s.rolling(w, min_periods=min_periods), how)()
            )
    return _back(work, pd.DataFrame(columns, index=work.index), frame.index)


# ---------------------------------------------------------------- weekly volatility
def _week_start(dates: pd.Series) -> pd.Series:
    """Monday of each date's calendar week (fixed by the calendar, not by the data)."""
    dates = pd.to_datetime(dates).dt.normalize()
    return dates - pd.to_timedelta(dates.dt.dayofweek, unit="D")


def weekly_sales(
    frame: pd.DataFrame,
    *,
    value: str = "units_sold",
    by: str | Sequence[str] = ("store_id", "sku_id"),
    date: str = "date",
) -> pd.DataFrame:
    """Sales per series and calendar week (Monday to Sunday): columns ``[*by, week_start,
    value, days]`` where ``days`` counts the distinct dates seen in that week.

    Used in: 04_dynamic_features.
    """
    where = "weekly_sales()"
    keys = _keys(by)
    require_columns(frame, [value, date, *keys], where=where)
    work = frame[[*keys, date, value]].copy()
    work["week_start"] = _week_start(work[date])
    work[date] = pd.to_datetime(work[date]).dt.normalize()
    grouped = work.groupby([*keys, "week_start"], observed=True, sort=True)
    out = grouped.agg(**{value: (value, "sum"), "days": (date, "nunique")})
    out[value] = out[value].astype(float)
    return out.reset_index()


def weekly_volatility(
    frame: pd.DataFrame,
    window: int = 4,
    *,
    value: str = "units_sold",
    by: str | Sequence[str] = ("store_id", "sku_id"),
    date: str = "date",
    min_weeks: int = 2,
) -> pd.DataFrame:
    """Rolling volatility of weekly sales, from *completed* calendar weeks before row t's week.

    For a row in calendar week ``w`` (Monday-Sunday) of a series with weekly sales
    ``Y_{w-window}, ..., Y_{w-1}`` (the sums of ``value`` over the series' rows, e.g. over all
    slots of a store-SKU):

    - ``weekly_mean_{window}w`` = mean of those weeks, ``mu``;
    - ``weekly_std_{window}w`` = their sample standard deviation ``sigma`` (``ddof=1``);
    - ``weekly_cv_{window}w`` = ``sigma / mu``, the coefficient of variation (NaN when
      ``mu = 0``).

    The current week is excluded even for a Sunday row, so the feature is the same on all
    seven days of a week and never uses the week's own sales. NaN until ``min_weeks`` earlier
    weeks exist. Unlike ``rolling_features`` several rows per date are allowed (they are
    summed), so the default ``by`` is the store-SKU.
    A partial week (fewer than 7 dates, e.g. the first week of a frame starting mid-week)
    counts as it is; ``weekly_sales(...)["days"]`` shows how many dates each week has.

    Raises ``ConfigError`` for ``window < 2``, ``min_weeks`` outside 2..window or an unknown
    column.

    Used in: 04_dynamic_features.
    """
    where = "weekly_volatility()"
    (window,) = _positive_ints("window", window, where)
    if window < 2:
        raise ConfigError(
            f"{where}: window", "must be an integer >= 2 (a std needs 2 weeks)", window
        )
    (min_weeks,) = _positive_ints("min_weeks", min_weeks, where)
    if not 2 <= min_weeks <= window:
        raise ConfigError(f"{where}: min_weeks", f"must be in 2..{window}", min_weeks)
    keys = _keys(by)
    require_columns(frame, [value, date, *keys], where=where)
    if not keys:  # one series: the whole frame
        frame, keys = frame.assign(_all=0), ["_all"]
    weeks = weekly_sales(frame, value=value, by=keys, date=date)
    weeks["_past"] = weeks.groupby(keys, observed=True, sort=False)[value].shift(1)

    def roll(how: str) -> pd.Series:
        return weeks.groupby(keys, observed=True, sort=False)["_past"].transform(
            lambda s: getattr(s.rolling(window, min_periods=min_weeks), how)()
        )

    mean, std = roll("mean"), roll("std")
    names = [f"weekly_mean_{window}w", f"weekly_std_{window}w", f"weekly_cv_{window}w"]
    weeks[names[0]] = mean
    weeks[names[1]] = std
    weeks[names[2]] = (std / mean).where(mean > 0)
    rows = frame[keys].copy()
    rows["week_start"] = _week_start(frame[date])
    out = rows.merge(weeks[[*keys, "week_start", *names]], on=[*keys, "week_start"], how="left")
    return out[names].set_axis(frame.index)


# ---------------------------------------------------------------- seasonal index
def _season(dates: pd.Series, period: str) -> pd.Series:
    return dates.dt.dayofweek if period == "day_of_week" else dates.dt.month


def seasonal_index(
    frame: pd.DataFrame,
    period: str = "day_of_week",
    *,
    value: str = "units_sold",
    by: str | Sequence[str] = (),
    date: str = "date",
    shrinkage: float = 0.0,
    min_days: int = 1,
) -> pd.Series:
    """Expanding ratio-to-mean seasonal index, estimated only from days before t.

    Sales are first summed per group and day, ``D_d`` (``by=()`` pools the whole frame, e.g.
    all SKUs of a store: per-SKU indices are too noisy on small data). For a row dated ``t``
    with season ``s = s(t)`` (day of week 0-6 or month 1-12)::

        mean_all(t) = mean{ D_d : d < t }
        mean_s(t)   = mean{ D_d : d < t, s(d) = s }         over n_s(t) days
        SI(t)       = (n_s * mean_s + k * mean_all) / (n_s + k) / mean_all

    with ``k = shrinkage`` pseudo-days pulling the index towards 1 (k = 0: the plain ratio to
    the mean, as in classical decomposition, but without the centred moving average that would
    look ahead). ``SI = 1`` (neutral) until the season has been seen on ``min_days`` earlier
    days or while ``mean_all`` is 0. A value of 1.2 reads "this season sells 20% above an
    average day".

    Returns a float ``Series`` named ``seasonal_index_{period}`` with the frame's index.
    Raises ``ConfigError`` for an unknown ``period``, a negative ``shrinkage``, ``min_days < 1``
    or an unknown column.

    Used in: 04_dynamic_features.
    """
    where = "seasonal_index()"
    if period not in SEASON_PERIODS:
        raise ConfigError(f"{where}: period", f"allowed: {', '.join(SEASON_PERIODS)}", period)
    if not isinstance(shrinkage, int | float | np.number) or not shrinkage >= 0:
        raise ConfigError(f"{where}: shrinkage", "must be a number >= 0", shrinkage)
    (min_days,) = _positive_ints("min_days", min_days, where)
    keys = _keys(by)
    require_columns(frame, [value, date, *keys], where=where)
    if not keys:  # pool the whole frame
        frame, keys = frame.assign(_all=0), ["_all"]
    days = daily_sales(frame, value=value, by=keys, date=date)
    days["_season"] = _season(days[date], period)
    group = days.groupby(keys, observed=True, sort=False)
    total = group[value].cumsum() - days[value]  # sum over the days before d
    count = group.cumcount()
    seas = days.groupby([*keys, "_season"], observed=True, sort=False)[value]
    s_total = seas.cumsum() - days[value]
    s_count = seas.cumcount()
    mean_all = (total / count).where(count > 0)
    mean_s = (s_total / s_count).where(s_count > 0, 0.0)
    index = (s_count * mean_s + shrinkage * mean_all) / (s_count + shrinkage) / mean_all
    ok = (s_count >= min_days) & (mean_all > 0)
    days["_index"] = index.where(ok, 1.0).astype(float)
    rows = frame[keys].copy()
    rows[date] = pd.to_datetime(frame[date]).dt.normalize()
    merged = rows.merge(days[[*keys, date, "_index"]], on=[*keys, date], how="left")
    return merged["_index"].set_axis(frame.index).rename(f"seasonal_index_{period}")


def deseasonalise(values, index) -> pd.Series:
    """Seasonally corrected values ``y_t / SI_t`` (multiplicative seasonality).

    ``index`` must be positive where it is used; a non-positive or missing index raises
    ``ConfigError``. Returns a float Series aligned like ``values``.

    Used in: 04_dynamic_features.
    """
    y = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values
    si = pd.Series(np.asarray(index, dtype=float), index=y.index)
    if len(si) != len(y):
        raise ConfigError("deseasonalise(): index", f"needs {len(y)} values", len(si))
    if si.isna().any() or (si <= 0).any():
        bad = si[si.isna() | (si <= 0)].iloc[0]
        raise ConfigError("deseasonalise(): index", "every seasonal index must be > 0", bad)
    return (y.astype(float) / si).rename(y.name)


# ---------------------------------------------------------------- all together
def timeseries_features(
    frame: pd.DataFrame,
    *,
    value: str = "units_sold",
    by: Sequence[str] = DEFAULT_BY,
    item_keys: Sequence[str] = ("store_id", "sku_id"),
    store_keys: Sequence[str] = ("store_id",),
    date: str = "date",
    lags: Iterable[int] = (1, 7),
    windows: Iterable[int] = (7, 28),
    volatility_window: int = 4,
) -> pd.DataFrame:
    """The chapter's leak-free feature block: lags and rolling statistics per series (``by``),
    weekly volatility per item (``item_keys``), and the day-of-week seasonal index of the
    store's total sales (``store_keys``, shrunk by 2 pseudo-days).

    Used in: 04_dynamic_features.
    """
    parts = [
        lag_features(frame, lags, value=value, by=by, date=date),
        rolling_features(frame, windows, value=value, by=by, date=date),
        weekly_volatility(frame, volatility_window, value=value, by=item_keys, date=date),
        seasonal_index(frame, value=value, by=store_keys, date=date, shrinkage=2.0).to_frame(),
    ]
    return pd.concat(parts, axis=1)
