"""Own- and cross-price elasticities from a long-format sales frame (Poisson GLM + shrinkage).

Input: one or more rows per item, store (optional), period (a day or a week) and slot
(optional: a time of day, e.g. the simulator's 早/午/晚; a retailer's scanner export may have
none). Rows sharing item, store, period and slot are combined first: ``units`` summed,
``price`` and numeric controls averaged, categorical controls turned into the share of rows at
each level. One Poisson GLM with log link (quasi-likelihood) is fitted over all items::

    log E[units_{i,s,t,k}] = a_{i,s,k}                      item-store-slot intercept
                           + e_ii log p_{i,s,t,k}           own price (item-specific slope)
                           + sum_{j in N(i)} e_ij log p_{j,s,t,k}   candidate partners' prices
                           + b' x_{i,s,t,k}                 controls shared by all items
                                                            (display share, weather,
                                                            holiday, log competitor price,
                                                            weekday dummies, trend)

Keeping slots apart matters when prices differ within a day: the evening markdown of fresh
food (30 % off in one slot of three) is a large, frequent price change, but averaged over the
day's slots it becomes a 10 % change applied to the whole day's units, which bends the
estimate towards 0. Chapter 14 measures both on the convenience preset (``slot=None`` gives
the day-level fit).

Log prices are centred within each item-store-slot, so an item whose price never moves has no
slope (NaN) instead of a spurious one. Sharing the controls across items (pooling) keeps the
number of parameters small: with 70 days and ~15 controls a separate fit per item overfits.
Promotions that change the price (discount, buy-one-get-one, markdown) are *not* controls:
they are most of the price variation a small store has; their extra signage lift is not
separated from the price effect (a bias towards more elastic of about
``log(lift) / log(multiplier)`` for those weeks: a 15 % discount with a 10 % lift reads as
about 0.6 more elastic during the discount). Displays (no price change) enter as controls.
Stock-outs censor sales (a bias towards 0): with a ``stock`` column (units on hand at the
start of each row), item-periods where some row sold out (``units >= stock``) are dropped;
their demand is unknown. Dropping them leaves a smaller bias of the other sign (sold-out
periods are the high-demand ones). A censored likelihood would remove both; it is not
implemented. ``symmetric_cross=True`` averages ``e_ij`` and ``e_ji`` (inverse-variance), for
worlds where substitution is symmetric (the simulator's is).

How much a small store can learn (the Poisson Fisher information of the slope)::

    se(e_ii) ~= 1 / sqrt( sum_t mu_t (log p_t - mean log p)^2 )

A SKU selling 100 units in the history with prices spread by 10 % (sd of log price 0.1) has
``se ~= 1 / (0.1 * 10) = 1``: about one unit of elasticity, whatever the estimator. Hence the
shrinkage below, and the chapter's point that price tests (deliberate variation) and more
stores buy more than a cleverer model.

Why a Poisson GLM rather than OLS on ``log(units + 1)``: most item-periods of a small store
sell 0-3 units, where ``log(y + 1)`` bends the curve (its slope in ``log p`` is roughly
``e * y / (y + 1)``, biased towards 0 by a factor near the share of sales in the ``+1``), and
it cannot be undone without a distributional assumption. The Poisson score equation is
unbiased for the log-linear mean whatever the dispersion (negative-binomial demand included),
zeros enter as they are. Standard errors are quasi-Poisson (model-based, scaled by the
Pearson chi^2 / df) to account for overdispersion; the sandwich (HC1) was tried and was
over-confident for rare items (few sales), letting wild estimates pass as precise.

Shrinkage (``shrinkage.shrink_to_groups``; most items have few price changes): each raw own
estimate ``e_i`` (standard error ``s_i``) is pulled towards its category's mean, itself pulled
towards the global mean, by two-level empirical Bayes:
``shrunk_i = B_i mu_g + (1 - B_i) e_i`` with ``B_i = s_i^2 / (s_i^2 + tau^2)``.
An item without price variation has no raw estimate (NaN, ``s_i = inf``) and gets ``mu_g``.

Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from threadpoolctl import threadpool_limits

from retailsim.config import ConfigError
from retailsim.features.validation import require_columns, require_counts

from . import _checks
from .shrinkage import shrink_to_groups

SIMULATOR_CONTROLS = ("weather", "temperature_c", "is_holiday", "competitor_price")
NONPRICE_PROMOS = ("display",)
LOG_CONTROLS = ("competitor_price",)


@dataclass(frozen=True, eq=False)
class ElasticityEstimates:
    """Result of :func:`estimate_elasticities`.

    ``own``: one row per item: item, group, estimate, se, ci_low, ci_high (raw, ``level``
    interval), shrunk, shrunk_se, n_obs, n_sales_periods, n_price_changes.
    ``cross``: one row per estimated (item, price_of) pair: estimate, se, ci_low, ci_high.
    ``tau2``: the between-item variance used for shrinkage.

    Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
    """

    own: pd.DataFrame
    cross: pd.DataFrame
    tau2: float
    level: float

    def own_elasticity(self, shrunk: bool = True) -> pd.Series:
        """Own elasticity per item (the shrunk estimate by default).

        Used in: 14_elasticity_and_turnover.
        """
        return self.own.set_index("item")["shrunk" if shrunk else "estimate"]

    def matrix(self, shrunk: bool = True) -> pd.DataFrame:
        """Item x item DataFrame shaped like ``GroundTruth.elasticity``: row i, column j =
        d log demand_i / d log price_j; own (shrunk) on the diagonal, cross estimates for the
        candidate pairs, 0 elsewhere.

        Used in: 14_elasticity_and_turnover.
        """
        items = pd.Index(self.own["item"], name="sku_id")
        out = pd.DataFrame(0.0, index=items, columns=items.rename("price_of"))
        for k, item in enumerate(items):
            out.iloc[k, k] = self.own_elasticity(shrunk).loc[item]
        for row in self.cross.itertuples(index=False):
            if np.isfinite(row.estimate):
                out.loc[row.item, row.price_of] = row.estimate
        return out


def estimate_elasticities(
    frame: pd.DataFrame,
    *,
    item: str = "sku_id",
    store: str | None = "store_id",
    period: str = "date",
    slot: str | None = "auto",
    units: str = "units_sold",
    price: str = "price",
    controls="auto",
    log_controls=LOG_CONTROLS,
    group: str | None = "category",
    relations=None,
    day_of_week: bool = True,
    trend: bool = True,
    stock: str | None = "auto",
    symmetric_cross: bool = False,
    prior=None,
    level: float = 0.9,
    tau_max: float = 0.3,
) -> ElasticityEstimates:
    """Own- and cross-price elasticities with standard errors and shrinkage (module docstring).

    ``frame`` columns, named by the arguments: ``item``, ``store`` (``None``: one store),
    ``period`` (a date or a week number), ``slot`` (time of day; ``"auto"`` = ``time_slot``
    if present, ``None`` = combine a period's rows), ``units`` (>= 0), ``price`` (> 0), ``group``
    (category used for pooling; ``None``: one pool) and ``controls``: a list of columns
    (numbers, booleans or categories), or ``"auto"`` = those of ``SIMULATOR_CONTROLS``
    present. Controls listed in ``log_controls`` enter as logs. ``relations``: candidate
    cross pairs, a DataFrame with ``sku_a``, ``sku_b`` (both directions are estimated) or a
    list of pairs; ``None`` = every pair within the same ``group``; ``()`` = no cross terms.
    ``day_of_week`` adds weekday dummies (only when ``period`` holds dates); ``trend`` a
    linear time trend (absorbs slow season over a short history). With ``controls="auto"``
    and a ``promo_type`` column, the share of rows on ``display`` is added as a control.
    ``stock``: on-hand column used to drop sold-out periods (``"auto"`` =
    ``stock_on_hand`` if present; ``None`` = keep all). ``symmetric_cross``: average the two
    directions of a pair. ``tau_max``: upper bound on the between-item and between-group sd
    used for shrinkage; ``prior``: optional ``(mean, sd)`` for the global mean (e.g. a
    published average own elasticity), ``None`` = from the data alone; ``level``: the
    confidence level of ``ci_low``/``ci_high``.

    Raises ``ConfigError`` (a ``ValueError``) for a missing column, no rows, negative or
    missing units, or a non-positive or missing price.

    Used in: 03_retail_kpis, 05_sandbox_architecture, 14_elasticity_and_turnover.
    """
    level = float(_checks.probability("level", level))
    slot = _auto_column(frame, slot, "time_slot")
    stock = _auto_column(frame, stock, "stock_on_hand")
    data, ctrl_cols = _prepare(
        frame, item, store, period, slot, units, price, controls, log_controls, group, stock
    )
    data = data[~data["censored"]].drop(columns="censored")
    if len(data) == 0:
        raise ConfigError(stock, "every period is stock-limited (sold out); nothing to fit")
    pairs = _candidate_pairs(relations, data)
    wide_lp = data.pivot_table(
        index=["store", "period", "slot"], columns="item", values="log_price"
    )
    design_base = _calendar(data, day_of_week, trend)
    z = stats.norm.ppf(0.5 + level / 2)
    own_rows, cross_rows = [], []
    partners = {it: sorted(pairs.get(it, ())) for it in sorted(data["item"].unique())}
    fits = _fit_pooled(data, partners, wide_lp, ctrl_cols, design_base)
    for it, part in data.groupby("item", sort=True, observed=True):
        est, se = fits[it]
        own_rows.append(
            {
                "item": it,
                "group": part["group"].iloc[0],
                "estimate": est[0],
                "se": se[0],
                "n_obs": len(part),
                "n_sales_periods": int((part["units"] > 0).sum()),
                "n_price_changes": _n_changes(part),
            }
        )
        for k, j in enumerate(partners[it], start=1):
            cross_rows.append({"item": it, "price_of": j, "estimate": est[k], "se": se[k]})
    own = pd.DataFrame(own_rows)
    own["ci_low"], own["ci_high"] = own["estimate"] - z * own["se"], own["estimate"] + z * own["se"]
    shrunk, shrunk_se, tau2 = shrink_to_groups(
        own["estimate"], own["se"], own["group"], tau_max, prior
    )
    own["shrunk"], own["shrunk_se"] = shrunk, shrunk_se
    cross = pd.DataFrame(cross_rows, columns=["item", "price_of", "estimate", "se"])
    if symmetric_cross:
        cross = _symmetrise(cross)
    cross["ci_low"] = cross["estimate"] - z * cross["se"]
    cross["ci_high"] = cross["estimate"] + z * cross["se"]
    cols = ["item", "group", "estimate", "se", "ci_low", "ci_high", "shrunk", "shrunk_se"]
    own = own[[*cols, "n_obs", "n_sales_periods", "n_price_changes"]]
    return ElasticityEstimates(own=own, cross=cross, tau2=tau2, level=level)


def _auto_column(frame, value, column: str) -> str | None:
    """``value``, or for ``"auto"`` the simulator's ``column`` if the frame has it (else None)."""
    if isinstance(value, str) and value == "auto":
        has = isinstance(frame, pd.DataFrame) and column in frame.columns
        return column if has else None
    return value


def _symmetrise(cross: pd.DataFrame) -> pd.DataFrame:
    """Inverse-variance average of ``e_ij`` and ``e_ji`` for pairs estimated both ways:
    ``e = (e_ij / s_ij^2 + e_ji / s_ji^2) / (1 / s_ij^2 + 1 / s_ji^2)``, ``se = (1 / s_ij^2 +
    1 / s_ji^2) ** -0.5``, written to both directions."""
    out = cross.copy()
    lookup = {(r.item, r.price_of): (r.estimate, r.se) for r in cross.itertuples(index=False)}
    for k, r in enumerate(cross.itertuples(index=False)):
        other = lookup.get((r.price_of, r.item))
        if other is None or not (np.isfinite(r.estimate) and np.isfinite(other[0])):
            continue
        w1, w2 = 1.0 / r.se**2, 1.0 / other[1] ** 2
        out.iloc[k, out.columns.get_loc("estimate")] = (w1 * r.estimate + w2 * other[0]) / (w1 + w2)
        out.iloc[k, out.columns.get_loc("se")] = (w1 + w2) ** -0.5
    return out


def _prepare(frame, item, store, period, slot, units, price, controls, log_controls, group, stock):
    if not isinstance(frame, pd.DataFrame):
        raise ConfigError("frame", "must be a pandas DataFrame", type(frame).__name__)
    if isinstance(controls, str) and controls == "auto":
        controls = [c for c in SIMULATOR_CONTROLS if c in frame.columns]
        if "promo_type" in frame.columns:
            frame = frame.assign(
                **{
                    f"promo_{k}": (frame["promo_type"].astype(str) == k).astype(float)
                    for k in NONPRICE_PROMOS
                }
            )
            controls += [f"promo_{k}" for k in NONPRICE_PROMOS]
    elif isinstance(controls, str):
        raise ConfigError("controls", "must be 'auto' or a list of column names", controls)
    controls = list(controls or ())
    needed = [c for c in (item, store, period, slot, units, price, group, stock) if c is not None]
    require_columns(frame, [*needed, *controls])
    if len(frame) == 0:
        raise ConfigError("frame", "has no rows")
    u = require_counts(frame, units).to_numpy()
    p = pd.to_numeric(frame[price], errors="coerce").to_numpy(dtype=float)
    if not (p > 0).all():  # NaN fails too
        bad = float(p[~(p > 0)][0])
        raise ConfigError(price, "every price must be a number > 0 (no missing values)", bad)
    data = pd.DataFrame(
        {
            "item": frame[item].astype(str).to_numpy(),
            "store": frame[store].astype(str).to_numpy() if store else "store",
            "period": frame[period].to_numpy(),
            "slot": frame[slot].astype(str).to_numpy() if slot else "",
            "units": u,
            "price": p,
            "group": frame[group].astype(str).to_numpy() if group else "all",
        }
    )
    if stock is not None:
        on_hand = pd.to_numeric(frame[stock], errors="coerce").to_numpy(dtype=float)
        data["censored"] = ~(on_hand > u)  # sold out (or no stock): demand unknown
    else:
        data["censored"] = False
    ctrl_cols = []
    for col in controls:
        values = frame[col]
        if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
            v = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
            if col in log_controls:
                if not (v > 0).all():
                    raise ConfigError(col, "must be > 0 to enter as a log control", v[~(v > 0)][0])
                v = np.log(v)
            if not np.isfinite(v).all():
                raise ConfigError(col, "must not have missing values", float("nan"))
            data[f"c:{col}"] = v
            ctrl_cols.append(f"c:{col}")
        else:
            dummies = pd.get_dummies(values.astype(str), prefix=f"c:{col}", dtype=float)
            top = values.astype(str).value_counts().index[0]  # the most common level: baseline
            dummies = dummies.drop(columns=f"c:{col}_{top}")
            for name in dummies.columns:
                data[name] = dummies[name].to_numpy()
            ctrl_cols.extend(dummies.columns)
    agg = {"units": "sum", "price": "mean", "group": "first", "censored": "max"}
    agg.update({c: "mean" for c in ctrl_cols})
    data = data.groupby(["item", "store", "period", "slot"], sort=True, observed=True).agg(agg)
    data = data.reset_index()
    data["log_price"] = np.log(data["price"])
    return data, ctrl_cols


def _candidate_pairs(relations, data) -> dict[str, set[str]]:
    items = set(data["item"])
    pairs: dict[str, set[str]] = {}
    if relations is None:
        groups = data.groupby("group", observed=True)["item"].unique()
        for members in groups:
            for a in members:
                pairs.setdefault(a, set()).update(b for b in members if b != a)
        return pairs
    if isinstance(relations, pd.DataFrame):
        missing = [c for c in ("sku_a", "sku_b") if c not in relations.columns]
        if missing:
            raise ConfigError("relations", f"missing column(s) {missing}; need sku_a, sku_b")
        rows = zip(relations["sku_a"].astype(str), relations["sku_b"].astype(str), strict=True)
    else:
        try:
            rows = [(str(a), str(b)) for a, b in relations]
        except (TypeError, ValueError):
            raise ConfigError(
                "relations", "must be a DataFrame or a list of (a, b) pairs"
            ) from None
    for a, b in rows:
        if a == b:
            raise ConfigError("relations", "a pair must join two different items", (a, b))
        if a in items and b in items:
            pairs.setdefault(a, set()).add(b)
            pairs.setdefault(b, set()).add(a)
    return pairs


def _calendar(data: pd.DataFrame, day_of_week: bool, trend: bool) -> pd.DataFrame:
    out = pd.DataFrame(index=data.index)
    period = data["period"]
    dates = pd.api.types.is_datetime64_any_dtype(period)
    if trend:
        t = (period - period.min()) / pd.Timedelta(days=1) if dates else period.astype(float)
        span = float(np.ptp(t)) or 1.0
        out["trend"] = (t - t.min()) / span
    if day_of_week and dates:
        dow = pd.get_dummies(period.dt.dayofweek, prefix="dow", dtype=float)
        out = out.join(dow.iloc[:, 1:])
    return out


def _fit_pooled(data, partners, wide_lp, ctrl_cols, calendar):
    """One Poisson GLM over every item: item x store intercepts, item-specific own and cross
    price slopes, controls and calendar shared (pooled) across items."""
    keys = pd.MultiIndex.from_frame(data[["store", "period", "slot"]])
    item = data["item"].to_numpy()
    cols = {}
    cell = data["item"].astype(str) + "@" + data["store"].astype(str) + "@" + data["slot"]
    for it in partners:
        mask = (item == it).astype(float)
        cols[f"{it}|own"] = mask * _centred(data["log_price"], cell)
        if partners[it]:
            lp = wide_lp.reindex(index=keys, columns=partners[it]).ffill().bfill()
            for j in partners[it]:
                cols[f"{it}|{j}"] = mask * _centred(pd.Series(lp[j].to_numpy()), cell)
    x = pd.DataFrame(cols, index=data.index)
    x = x.join(data[ctrl_cols]).join(calendar)
    x = x.join(pd.get_dummies(cell, prefix="a", dtype=float))
    x = x.loc[:, (x.abs().sum() > 0) & ((x.nunique() > 1) | x.columns.str.startswith("a_"))]
    x = x.fillna(0.0)
    names = [f"{it}|own" for it in partners]
    names += [f"{it}|{j}" for it in partners for j in partners[it]]
    est, se = _fit(x, data["units"].to_numpy(dtype=float), names)
    found = dict(zip(names, zip(est, se, strict=True), strict=True))
    out = {}
    for it in partners:
        keys_it = [f"{it}|own", *(f"{it}|{j}" for j in partners[it])]
        out[it] = (
            np.array([found[k][0] for k in keys_it]),
            np.array([found[k][1] for k in keys_it]),
        )
    return out


def _centred(values: pd.Series, cell: pd.Series) -> np.ndarray:
    """Values minus their mean within each item-store (a constant price becomes all 0)."""
    v = pd.Series(np.asarray(values, dtype=float), index=cell.index)
    out = (v - v.groupby(cell.to_numpy()).transform("mean")).to_numpy()
    return np.where(np.abs(out) < 1e-12, 0.0, out)


def _fit(x: pd.DataFrame, y: np.ndarray, names: list[str]):
    """Poisson GLM (log link), quasi-Poisson standard errors; NaN / inf where not identified.

    Price columns that are linear combinations of the columns before them (two items whose
    prices always move together, a partner whose price never moves within a cell) are not
    identified: they are dropped before the fit and reported as NaN, rather than given the
    arbitrary minimum-norm split of a rank-deficient design."""
    est = np.full(len(names), np.nan)
    se = np.full(len(names), np.inf)
    price_cols = [n for n in names if n in x.columns]
    x = x[[c for c in x.columns if c not in set(price_cols)] + price_cols]
    x = x.loc[:, _independent_columns(x.to_numpy())]
    present = [n for n in price_cols if n in x.columns]
    if y.sum() == 0 or not present or x.shape[0] <= x.shape[1] + 1:
        return est, se
    # One BLAS thread: on a small design several threads cost more than they save, and on a
    # busy 2-core machine they made a 1 s fit take 10-20 s.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        try:
            fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2", maxiter=100)
        except (np.linalg.LinAlgError, ValueError):
            return est, se
    for k, name in enumerate(names):
        if name in present:
            b, s = float(fit.params[name]), float(fit.bse[name])
            if np.isfinite(b) and np.isfinite(s) and s > 0:
                est[k], se[k] = b, s
    return est, se


def _independent_columns(x: np.ndarray, tol: float = 1e-7) -> np.ndarray:
    """Mask of the columns not in the span of the columns before them (in order): column k
    is dependent when ``|R_kk|`` of the QR decomposition is below ``tol`` times its norm."""
    r = np.linalg.qr(x, mode="r")
    norms = np.linalg.norm(x, axis=0)
    return np.abs(np.diag(r)) > tol * np.maximum(norms, 1e-300)


def _n_changes(part: pd.DataFrame) -> int:
    """Period-to-period changes of the (averaged) price by more than 0.5 %, over stores and
    slots."""
    diffs = part.groupby(["store", "slot"], observed=True)["log_price"].diff().abs()
    return int((diffs > np.log(1.005)).sum())
