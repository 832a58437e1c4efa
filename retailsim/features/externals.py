"""External variables (外部变量): join weather, holiday and competitor tables to sales, and
weights of each variable that change with the season or differ by product segment.

A retailer's export keeps sales in one table and the externals in others: a weather table per
date and region, a holiday calendar per date, a competitor price list per date, store and SKU.
``join_external`` attaches one such table by its keys with checks (unique keys, so no sales row
is duplicated; every sales row matched, or an explicit fill policy). ``external_tables`` cuts
the simulator's observed frame (which already carries the externals) into those tables, so the
join can be shown and tested on simulated data.

Per-segment weights. For the rows r of a segment g (a category, a season...), a Poisson GLM::

    log E[y_r] = alpha_{item(r)} + gamma_{dow(r)}
                 + sum_{h=1..H} (a_h cos(2 pi h doy_r / 365.25) + b_h sin(2 pi h doy_r / 365.25))
                 + sum_c delta_c z_{c,r}                     (optional numeric controls)
                 + sum_k w_{k,g} x_{k,r}                     (the external variables)

``w_{k,g}`` is the weight of external k in segment g: a one-unit change of x_k multiplies the
expected sales by exp(w_{k,g}). The item and weekday effects and the annual harmonics absorb
what the externals do not explain (level, weekly and seasonal pattern), so a temperature weight
is identified by the day-to-day deviations of temperature, not by the summer itself.
Standard errors are quasi-Poisson (Pearson chi^2 / dof scale), since sales are overdispersed.

Used in: 02_small_data_augmentation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns

__all__ = [
    "SEASONS",
    "external_tables",
    "interaction_features",
    "join_external",
    "season_of",
    "segment_weights",
]

SEASONS: tuple[str, ...] = ("春", "夏", "秋", "冬")

# the simulator's columns of each external source and the keys of its table
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "weather": ("date", "region"),
    "holiday": ("date",),
    "competitor": ("date", "store_id", "sku_id"),
}
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "weather": ("weather", "temperature_c"),
    "holiday": ("is_holiday", "holiday_name"),
    "competitor": ("competitor_price",),
}


def season_of(dates) -> pd.Series:
    """Meteorological season of each date (northern hemisphere): 春 Mar-May, 夏 Jun-Aug,
    秋 Sep-Nov, 冬 Dec-Feb; an ordered categorical with the input's index.

    Used in: 02_small_data_augmentation.
    """
    dates = pd.Series(pd.to_datetime(dates))
    code = (dates.dt.month.to_numpy() % 12) // 3  # Dec-Feb 0, Mar-May 1, ...
    names = np.array(("冬", "春", "夏", "秋"))[code]
    return pd.Series(
        pd.Categorical(names, categories=SEASONS, ordered=True), index=dates.index, name="season"
    )


def external_tables(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The observed frame's externals as a retailer's separate tables, one row per key:
    weather (date, region -> weather, temperature_c), holiday (date -> is_holiday,
    holiday_name), competitor (date, store_id, sku_id -> competitor_price).

    Used in: 02_small_data_augmentation.
    """
    tables = {}
    for name, keys in TABLE_KEYS.items():
        columns = [*keys, *TABLE_COLUMNS[name]]
        require_columns(frame, columns, where="external_tables()")
        table = frame[columns].drop_duplicates(list(keys)).reset_index(drop=True)
        tables[name] = table
    return tables


def _key_values(values: pd.Series, is_date: bool) -> pd.Series:
    if is_date:
        return pd.to_datetime(values).dt.normalize()
    if isinstance(values.dtype, pd.CategoricalDtype) or values.dtype == object:
        return values.astype(str)
    return values


def join_external(
    sales: pd.DataFrame,
    table: pd.DataFrame,
    keys: Sequence[str] = ("date",),
    *,
    columns: Sequence[str] | None = None,
    fill: str | Mapping[str, object] | None = None,
    date: str = "date",
) -> pd.DataFrame:
    """``sales`` with the ``columns`` of ``table`` attached by ``keys`` (a left join).

    Checks: both frames have the keys; ``table`` has the ``columns`` (default: all but the
    keys) and at most one row per key (else ``ConfigError``: a repeated key would duplicate
    sales rows); no column is already in ``sales``. The ``date`` key is compared as a calendar
    day, category keys as text. A sales row without a matching key raises ``ConfigError``
    naming how many rows and the first missing key, unless ``fill`` says what to do:

    - ``"ffill"``: carry the last known value forward in date order within the other keys
      (e.g. yesterday's weather for a missing day); rows before the first known date still
      raise;
    - a mapping ``{column: value}``: a constant for every unmatched row (e.g.
      ``{"is_holiday": False, "holiday_name": "none"}``).

    Returns a new frame with the index and row order of ``sales`` and the new columns last.

    Used in: 02_small_data_augmentation.
    """
    where = "join_external()"
    keys = [keys] if isinstance(keys, str) else list(keys)
    if not keys:
        raise ConfigError(f"{where}: keys", "name at least one key column", keys)
    require_columns(sales, keys, where=f"{where} sales")
    require_columns(table, keys, where=f"{where} table")
    cols = [c for c in table.columns if c not in keys] if columns is None else list(columns)
    require_columns(table, cols, where=f"{where} table")
    clash = [c for c in cols if c in sales.columns]
    if clash:
        raise ConfigError(
            f"{where}: columns", "already in sales; drop or rename them first", clash[0]
        )
    if fill is not None and fill != "ffill" and not isinstance(fill, Mapping):
        raise ConfigError(f"{where}: fill", "allowed: None, 'ffill' or a {column: value} map", fill)
    if fill == "ffill" and date not in keys:
        raise ConfigError(f"{where}: fill", f"'ffill' needs the date key {date!r} in keys", fill)
    right = table[[*keys, *cols]].copy()
    for c in cols:  # plain values while joining; categories restored at the end
        if isinstance(right[c].dtype, pd.CategoricalDtype):
            right[c] = right[c].astype(object)
    left = pd.DataFrame({k: _key_values(sales[k], k == date) for k in keys})
    for k in keys:
        right[k] = _key_values(right[k], k == date)
    repeated = right.duplicated(keys)
    if repeated.any():
        first = tuple(right.loc[repeated, keys].iloc[0])
        raise ConfigError(
            f"{where}: table",
            f"has {int(repeated.sum())} repeated key row(s) (keys {keys}); each key must "
            "appear once or the join would duplicate sales rows",
            first if len(first) > 1 else first[0],
        )
    left["_row"] = np.arange(len(left))
    merged = left.merge(right.assign(_hit=True), on=keys, how="left", sort=False)
    merged = merged.sort_values("_row", kind="stable")
    missing = merged["_hit"].isna().to_numpy()
    if missing.any() and fill == "ffill":
        merged = _forward_fill(merged, right, keys, cols, date, missing)
        missing = merged["_hit"].isna().to_numpy()
    elif missing.any() and isinstance(fill, Mapping):
        for c, value in fill.items():
            if c not in cols:
                raise ConfigError(f"{where}: fill", "names a column that is not joined", c)
            merged.loc[missing, c] = value
        uncovered = [c for c in cols if c not in fill]
        if uncovered:
            raise ConfigError(
                f"{where}: fill", "must give a value for every joined column", uncovered[0]
            )
        missing[:] = False
    if missing.any():
        first = tuple(merged.loc[missing, keys].iloc[0])
        raise ConfigError(
            f"{where}: table",
            f"has no row for {int(missing.sum())} sales row(s), e.g. key {first}; add the "
            "missing rows or pass fill='ffill' or fill={column: value}",
        )
    out = sales.copy()
    for c in cols:
        values = merged[c].to_numpy()
        if isinstance(table[c].dtype, pd.CategoricalDtype):  # keep the table's categories
            known = list(table[c].cat.categories)
            extra = [v for v in pd.unique(values) if v not in known and not pd.isna(v)]
            out[c] = pd.Categorical(values, categories=known + extra)
        else:
            out[c] = pd.Series(values, index=out.index).infer_objects()
    return out


def _forward_fill(merged, right, keys, cols, date, missing) -> pd.DataFrame:
    """Fill unmatched rows with the table's last row dated before them (same other keys)."""
    others = [k for k in keys if k != date]
    lookup = right.sort_values(date)
    need = merged.loc[missing, [*keys, "_row"]].sort_values(date)
    found = pd.merge_asof(
        need, lookup.assign(_hit=True), on=date, by=others or None, direction="backward"
    ).set_index("_row")
    merged = merged.set_index("_row")
    merged.loc[found.index, [*cols, "_hit"]] = found[[*cols, "_hit"]]
    return merged.reset_index()


def interaction_features(frame: pd.DataFrame, columns: Sequence[str], by: str) -> pd.DataFrame:
    """External x segment crosses for a linear model: ``{x}_x_{g} = x * 1[frame[by] == g]``
    for every column x and every level g of ``by``, so a model can learn one weight of x per
    segment (a tree model finds such interactions itself).

    Used in: 02_small_data_augmentation.
    """
    require_columns(frame, [*columns, by], where="interaction_features()")
    levels = frame[by].astype("category").cat.categories
    out = {}
    for x in columns:
        values = frame[x].astype(float).to_numpy()
        for g in levels:
            out[f"{x}_x_{g}"] = values * (frame[by] == g).to_numpy()
    return pd.DataFrame(out, index=frame.index)


def segment_weights(
    frame: pd.DataFrame,
    columns: Sequence[str],
    by: str | Sequence[str] = ("category",),
    *,
    units: str = "units_sold",
    item: str | Sequence[str] = ("sku_id",),
    date: str = "date",
    controls: Sequence[str] = (),
    harmonics: int = 2,
    min_rows: int = 50,
) -> pd.DataFrame:
    """Weight ``w_{k,g}`` of each external column k in each segment g (module docstring GLM).

    ``frame``: long format, one row per item (``item`` keys, e.g. SKU or SKU x time slot)
    and ``date``, numeric ``units`` >= 0 and numeric ``columns`` (encode a weather state as
    0/1 columns first); ``by``: the segment columns (e.g. ``"category"`` or ``"season"``, see
    ``season_of``); ``controls``: further numeric regressors (e.g. log price index) whose
    coefficients are not reported; ``harmonics``: H annual cos/sin pairs (0 = none).

    Returns one row per segment and column: the ``by`` columns, variable, weight, se,
    ci_low, ci_high (95 %, normal), n_rows. A column constant within a segment (e.g. no holiday
    in summer) has weight NaN; a segment with fewer than ``min_rows`` rows is left out.

    Used in: 02_small_data_augmentation.
    """
    import statsmodels.api as sm
    from threadpoolctl import threadpool_limits

    where = "segment_weights()"
    by = [by] if isinstance(by, str) else list(by)
    items = [item] if isinstance(item, str) else list(item)
    columns, controls = list(columns), list(controls)
    if not columns:
        raise ConfigError(f"{where}: columns", "name at least one external column", columns)
    require_columns(frame, [units, date, *by, *items, *columns, *controls], where=where)
    for c in [units, *columns, *controls]:
        values = frame[c]
        if not pd.api.types.is_numeric_dtype(values) or values.isna().any():
            raise ConfigError(
                f"{where}: {c}", "must be numeric without missing values", str(values.dtype)
            )
    if (frame[units] < 0).any():
        raise ConfigError(f"{where}: {units}", "must be >= 0")
    if isinstance(harmonics, bool) or not isinstance(harmonics, int) or harmonics < 0:
        raise ConfigError(f"{where}: harmonics", "must be an integer >= 0", harmonics)
    days = pd.to_datetime(frame[date])
    angle = 2 * np.pi * days.dt.dayofyear.to_numpy() / 365.25
    base = {}
    for h in range(1, harmonics + 1):
        base[f"_cos{h}"], base[f"_sin{h}"] = np.cos(h * angle), np.sin(h * angle)
    base = pd.DataFrame(base, index=frame.index)
    series = pd.Series(frame.groupby(items, observed=True, sort=True).ngroup(), index=frame.index)
    weekday = days.dt.dayofweek.astype(str)
    rows = []
    with threadpool_limits(limits=1):  # small fits: a second BLAS thread only adds contention
        for segment, part in frame.groupby(by, observed=True, sort=True):
            if len(part) < min_rows:
                continue
            idx = part.index
            fixed = pd.get_dummies(series.loc[idx], prefix="_i", dtype=float)
            dow = pd.get_dummies(weekday.loc[idx], prefix="_d", drop_first=True, dtype=float)
            varying = [c for c in columns if part[c].nunique() > 1]
            X = pd.concat(
                [fixed, dow, base.loc[idx], part[controls].astype(float),
                 part[varying].astype(float)], axis=1,
            )  # fmt: skip
            fit = sm.GLM(part[units].astype(float), X, family=sm.families.Poisson()).fit(scale="X2")
            key = segment if isinstance(segment, tuple) else (segment,)
            for c in columns:
                w = float(fit.params[c]) if c in varying else np.nan
                se = float(fit.bse[c]) if c in varying else np.nan
                rows.append(
                    {
                        **dict(zip(by, key, strict=True)),
                        "variable": c,
                        "weight": w,
                        "se": se,
                        "ci_low": w - 1.96 * se,
                        "ci_high": w + 1.96 * se,
                        "n_rows": len(part),
                    }
                )
    return pd.DataFrame(rows)
