"""What data is worth: time-based evaluation, learning curves, source ablation and the ROI formula.

The chain from a data source to money, written out (chapter 01, section "小数据价值矩阵"):

1. **Accuracy gain.** Fit the same model with and without the source (ablation) on the same
   time-based split; per store-SKU series i, the forecast error is
   sigma_i = sqrt(mean over the series' test rows of (y - y_hat)^2), and the gain is
   Delta sigma_i = sigma_i(without) - sigma_i(with).
2. **Money per period.** Each decision period (a row, or with ``period`` e.g. one SKU-day: the
   rows summed per store, SKU and date) is a newsvendor decision: stock q
   units, sell min(q, D). With under-stocking cost c_u = price - unit cost (lost margin) and
   over-stocking cost c_o (the unit cost if the item expires before the next delivery, else the
   holding cost for one review period), the best quantity is q* = mu + z* sigma with
   z* = Phi^-1(c_u / (c_u + c_o)) (the safety stock z* sigma), and its expected cost is
   k * sigma with k = (c_u + c_o) * phi(z*) (normal forecast errors). Cost is linear in sigma:
   every unit of error removed saves k.
3. **Money per year.** S = sum_i k_i * Delta sigma_i * periods_i, periods_i = decision periods of
   series i per year (test periods per day x 365). In a simulation, where the noise-free
   expectation mu is known, sigma_i^2 = mean((y - mu)^2) + mean((mu - y_hat)^2) removes the
   noise x forecast cross term from the comparison (``annual_savings(y_expected=...)``).
4. **ROI** of collecting the source for a year at cost C: ROI = (S - C) / C.

A source can also be *stock records*: with them, rows where nothing was on the shelf
(stock at slot start <= 0) are known to be censored (zero sales, not zero demand) and are left
out of training (``CENSORING_SOURCE``).

Functions take long-format frames with column names as arguments, so they run on a retailer's
export as well as on the simulator. Used in: 01_small_data_retail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from retailsim.features.demand import SOURCES, demand_features
from retailsim.features.validation import require_columns, require_numeric
from retailsim.models.lgbm import fit_regressor

__all__ = [
    "CENSORING_SOURCE",
    "collection_roi",
    "error_cost_rate",
    "fit_predict",
    "learning_curve",
    "r2",
    "recent_rows",
    "rmse_by_series",
    "annual_savings",
    "source_value",
    "time_split",
]

CENSORING_SOURCE = "stock"
DAYS_PER_YEAR = 365.0


def _dates(values: pd.Series) -> pd.Series:
    return values if pd.api.types.is_datetime64_any_dtype(values) else pd.to_datetime(values)


def time_split(
    frame: pd.DataFrame, date: str = "date", test_days: int = 28
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split by time: the last ``test_days`` distinct dates are the test set, the rest train.

    No row of the test period is ever used for training, as in real forecasting.

    Used in: 01_small_data_retail.
    """
    where = "time_split()"
    require_columns(frame, [date], where=where)
    if not isinstance(test_days, int | np.integer) or test_days < 1:
        raise ValueError(f"{where}: test_days = {test_days!r}: must be an integer >= 1")
    dates = _dates(frame[date])
    days = pd.Series(dates.unique()).sort_values()
    if len(days) <= test_days:
        raise ValueError(
            f"{where}: test_days = {test_days}: the frame has only {len(days)} distinct dates; "
            "need more dates than test days"
        )
    cut = days.iloc[-test_days]
    is_test = dates >= cut
    return frame.loc[~is_test].copy(), frame.loc[is_test].copy()


def recent_rows(frame: pd.DataFrame, n: int, date: str = "date") -> pd.DataFrame:
    """The ``n`` most recent rows (by ``date``, stable order): a history of ``n`` rows.

    Used in: 01_small_data_retail (learning curve).
    """
    where = "recent_rows()"
    require_columns(frame, [date], where=where)
    if not isinstance(n, int | np.integer) or not 1 <= n <= len(frame):
        raise ValueError(f"{where}: n = {n!r}: must be an integer in 1..{len(frame)}")
    order = np.argsort(_dates(frame[date]).to_numpy(), kind="stable")
    return frame.iloc[np.sort(order[-n:])]


def r2(y_true, y_pred) -> float:
    """Coefficient of determination R^2 = 1 - sum (y - y_hat)^2 / sum (y - mean y)^2.

    Used in: 01_small_data_retail.
    """
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_pred, dtype=float)
    if y.shape != p.shape or y.size < 2:
        raise ValueError(f"r2(): need two arrays of equal length >= 2, got {y.shape}, {p.shape}")
    total = float(np.sum((y - y.mean()) ** 2))
    if total == 0.0:
        raise ValueError("r2(): y_true is constant, R^2 is undefined")
    return 1.0 - float(np.sum((y - p) ** 2)) / total


def fit_predict(
    train: pd.DataFrame,
    test: pd.DataFrame,
    sources: Iterable[str],
    *,
    target: str = "units_sold",
    stock: str | None = None,
    **params,
) -> np.ndarray:
    """Fit LightGBM on ``train`` with the features of ``sources``, predict ``test``.

    ``sources`` may include ``"stock"`` (``CENSORING_SOURCE``): training rows whose ``stock``
    column is <= 0 (nothing on the shelf, so a zero is censored) are then dropped.

    Used in: 01_small_data_retail.
    """
    chosen = list(dict.fromkeys([sources] if isinstance(sources, str) else sources))
    censor = CENSORING_SOURCE in chosen
    feature_sources = [s for s in chosen if s != CENSORING_SOURCE]
    require_columns(train, [target], where="fit_predict()")
    if censor:
        if stock is None:
            raise ValueError("fit_predict(): source 'stock' needs the stock column name (stock=)")
        require_columns(train, [stock], where="fit_predict()")
        train = train.loc[require_numeric(train, stock, where="fit_predict()") > 0]
    y = require_numeric(train, target, where="fit_predict()")
    model = fit_regressor(demand_features(train, feature_sources), y, **params)
    return model.predict(demand_features(test, feature_sources))


def rmse_by_series(
    frame: pd.DataFrame, y_true: str, y_pred, series: Sequence[str] = ("store_id", "sku_id")
) -> pd.Series:
    """Forecast error of each series: sigma_i = sqrt(mean over rows of i of (y - y_hat)^2).

    Used in: 01_small_data_retail.
    """
    where = "rmse_by_series()"
    keys = list(series)
    require_columns(frame, [y_true, *keys], where=where)
    pred = np.asarray(y_pred, dtype=float)
    if pred.shape != (len(frame),):
        raise ValueError(f"{where}: y_pred has shape {pred.shape}, expected ({len(frame)},)")
    sq = (require_numeric(frame, y_true, where=where).to_numpy() - pred) ** 2
    grouped = pd.Series(sq, index=frame.index).groupby([frame[k] for k in keys], observed=True)
    return np.sqrt(grouped.mean()).rename("rmse")


def error_cost_rate(
    price,
    unit_cost,
    shelf_life_days,
    *,
    review_days: float = 1.0,
    holding_rate: float = 0.25,
) -> np.ndarray:
    """Money lost per period per unit of forecast error sigma (newsvendor cost rate k).

    c_u = price - unit_cost                      (margin lost per unit short)
    c_o = unit_cost                              if shelf_life_days <= review_days (it expires)
        = unit_cost * holding_rate * review_days / 365   otherwise (held one more period)
    z*  = Phi^-1(c_u / (c_u + c_o)),   k = (c_u + c_o) * phi(z*)

    The newsvendor's expected cost at its best order quantity is k * sigma for normal errors.
    ``holding_rate`` is the annual holding cost as a share of the unit cost.

    Used in: 01_small_data_retail.
    """
    p = np.asarray(price, dtype=float)
    c = np.asarray(unit_cost, dtype=float)
    life = np.asarray(shelf_life_days, dtype=float)
    if np.any(~np.isfinite(p)) or np.any(~np.isfinite(c)) or np.any(c <= 0) or np.any(p <= c):
        raise ValueError("error_cost_rate(): need 0 < unit_cost < price for every item")
    if review_days <= 0 or not 0 < holding_rate <= 10:
        raise ValueError(
            f"error_cost_rate(): review_days = {review_days!r} must be > 0 and "
            f"holding_rate = {holding_rate!r} in (0, 10]"
        )
    under = p - c
    over = np.where(life <= review_days, c, c * holding_rate * review_days / DAYS_PER_YEAR)
    normal = NormalDist()
    ratio = under / (under + over)
    z = np.array([normal.inv_cdf(float(r)) for r in np.ravel(ratio)]).reshape(ratio.shape)
    density = np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
    return (under + over) * density


def annual_savings(
    test: pd.DataFrame,
    pred_before,
    pred_after,
    *,
    y_true: str,
    y_expected: str | None = None,
    series: Sequence[str] = ("store_id", "sku_id"),
    period: Sequence[str] | None = None,
    date: str = "date",
    price: str = "base_price",
    unit_cost: str = "unit_cost",
    shelf_life: str = "shelf_life_days",
    review_days: float = 1.0,
    holding_rate: float = 0.25,
) -> float:
    """Money saved per year when forecasts ``pred_before`` are replaced by ``pred_after``.

    S = sum_i k_i * (sigma_i(before) - sigma_i(after)) * periods_i

    One decision period is one row of ``test``, or, with ``period`` (keys that include the
    ``series`` keys, e.g. ``("date", "store_id", "sku_id")`` for a daily order), the sum of the
    rows sharing those keys: actuals and forecasts are summed per period first. sigma_i is the
    RMSE of series i over its periods (``rmse_by_series``), k_i the newsvendor cost rate
    (``error_cost_rate``, from the series' first price, cost and shelf life) and
    periods_i = periods of series i in ``test`` / distinct test days * 365.
    Negative when the new forecast is worse.

    In a simulation the noise-free expectation mu of each row is known (``y_expected``). Then
    sigma_i^2 is estimated as mean((y - mu)^2) + mean((mu - y_hat)^2): the same expectation as
    mean((y - y_hat)^2), because the test noise y - mu is independent of a forecast made from
    training data, but without the noise x forecast cross term, so the comparison of two
    forecasts on one test period is far less noisy.

    Used in: 01_small_data_retail.
    """
    where = "annual_savings()"
    keys = list(series)
    period_keys = list(period) if period is not None else []
    extra = [y_expected] if y_expected is not None else []
    require_columns(
        test,
        [y_true, *extra, date, price, unit_cost, shelf_life, *keys, *period_keys],
        where=where,
    )
    missing = [k for k in keys if period_keys and k not in period_keys]
    if missing:
        raise ValueError(f"{where}: period keys must include the series key {missing[0]!r}")
    frame = test[[*dict.fromkeys([*keys, *period_keys, date, price, unit_cost, shelf_life])]]
    frame = frame.assign(
        _y=require_numeric(test, y_true, where=where).to_numpy(),
        _mu=require_numeric(test, y_expected or y_true, where=where).to_numpy(),
        _before=np.asarray(pred_before, dtype=float),
        _after=np.asarray(pred_after, dtype=float),
    )
    if period_keys:
        frame = frame.groupby(period_keys, observed=True, sort=False).agg(
            {
                **{
                    c: "first" for c in (date, price, unit_cost, shelf_life) if c not in period_keys
                },
                "_y": "sum",
                "_mu": "sum",
                "_before": "sum",
                "_after": "sum",
            }
        )
        frame = frame.reset_index()
    noise = rmse_by_series(frame, "_y", frame["_mu"], keys) ** 2  # 0 without y_expected
    before = np.sqrt(noise + rmse_by_series(frame, "_mu", frame["_before"], keys) ** 2)
    after = np.sqrt(noise + rmse_by_series(frame, "_mu", frame["_after"], keys) ** 2)
    grouped = frame.groupby(keys, observed=True)
    first = grouped[[price, unit_cost, shelf_life]].first().loc[before.index]
    rate = error_cost_rate(
        first[price],
        first[unit_cost],
        first[shelf_life],
        review_days=review_days,
        holding_rate=holding_rate,
    )
    n_days = test[date].nunique()
    periods = grouped.size().loc[before.index].to_numpy() / n_days * DAYS_PER_YEAR
    return float(np.sum(rate * (before.to_numpy() - after.to_numpy()) * periods))


def collection_roi(annual_saving, annual_cost):
    """Return on investment of collecting a data source for one year.

    ROI = (S - C) / C,  S = money saved per year (``annual_savings``), C = collection cost per
    year (subscriptions, staff time, one-off integration spread over its years of use).
    ROI > 0: the source pays for itself; ROI = 1: every yuan spent returns two.

    Works on scalars and arrays. Used in: 01_small_data_retail.
    """
    saving = np.asarray(annual_saving, dtype=float)
    cost = np.asarray(annual_cost, dtype=float)
    if np.any(~np.isfinite(cost)) or np.any(cost <= 0):
        raise ValueError(f"collection_roi(): annual_cost = {annual_cost!r}: must be > 0")
    if np.any(~np.isfinite(saving)):
        raise ValueError(f"collection_roi(): annual_saving = {annual_saving!r}: must be finite")
    result = (saving - cost) / cost
    return float(result) if result.ndim == 0 else result


def source_value(
    train: pd.DataFrame,
    test: pd.DataFrame,
    candidates: Iterable[str],
    *,
    base: Iterable[str] = ("calendar", "price"),
    mode: str = "add",
    target: str = "units_sold",
    y_true: str | None = None,
    y_expected: str | None = None,
    stock: str | None = "stock_on_hand",
    series: Sequence[str] = ("store_id", "sku_id"),
    model_params: dict | None = None,
    **money,
) -> pd.DataFrame:
    """Accuracy gain and money value of each candidate data source, by ablation.

    mode "add":  compare ``base`` with ``base + source`` (what collecting it first is worth);
    mode "drop": compare all ``candidates + base`` without the source with all of them
                 (what it adds on top of everything else).

    Returns one row per candidate, in the order given, with columns
    source, rmse_without, rmse_with, rmse_gain (= without - with), rmse_gain_pct, r2_without,
    r2_with, annual_saving (``annual_savings``; ``money`` passes period, review_days,
    holding_rate and column names through). ``y_true`` is the evaluation column of ``test``
    (default ``target``; in a simulation use the true demand so censored zeros do not reward a
    biased model). With ``y_expected`` (the simulator's expected demand mu) the money estimate is
    less noisy (see ``annual_savings``) and one more column is added: model_error_gain_pct =
    1 - RMSE(mu, with) / RMSE(mu, without), the share of the *learnable* error (the error
    against the noise-free expectation) that the source removes. ``model_params`` override the
    LightGBM defaults of ``make_regressor`` (e.g. fewer trees for a quick ablation).

    Used in: 01_small_data_retail.
    """
    if mode not in ("add", "drop"):
        raise ValueError(f"source_value(): mode = {mode!r}: allowed 'add' or 'drop'")
    allowed = (*SOURCES, CENSORING_SOURCE)
    cands = list(dict.fromkeys(candidates))
    base_list = list(dict.fromkeys(base))
    for name in [*cands, *base_list]:
        if name not in allowed:
            raise ValueError(
                f"source_value(): unknown source {name!r}; allowed: {', '.join(allowed)}"
            )
    if not cands:
        raise ValueError("source_value(): give at least one candidate source")
    truth = y_true or target
    require_columns(test, [truth], where="source_value()")
    y = require_numeric(test, truth, where="source_value()").to_numpy()
    if y_expected is not None:
        require_columns(test, [y_expected], where="source_value()")
        mu = require_numeric(test, y_expected, where="source_value()").to_numpy()

    def predict(sources: list[str]) -> np.ndarray:
        return fit_predict(train, test, sources, target=target, stock=stock, **(model_params or {}))

    everything = base_list + [c for c in cands if c not in base_list]
    reference = predict(base_list if mode == "add" else everything)
    rows = []
    for source in cands:
        if mode == "add":
            without, with_ = reference, predict(base_list + [source])
        else:
            without, with_ = predict([s for s in everything if s != source]), reference
        rmse_without = float(np.sqrt(np.mean((y - without) ** 2)))
        rmse_with = float(np.sqrt(np.mean((y - with_) ** 2)))
        learnable = {}
        if y_expected is not None:
            err_without = np.sqrt(np.mean((mu - without) ** 2))
            learnable["model_error_gain_pct"] = float(
                1.0 - np.sqrt(np.mean((mu - with_) ** 2)) / err_without
            )
        rows.append(
            {
                "source": source,
                "rmse_without": rmse_without,
                "rmse_with": rmse_with,
                "rmse_gain": rmse_without - rmse_with,
                "rmse_gain_pct": (rmse_without - rmse_with) / rmse_without,
                "r2_without": r2(y, without),
                "r2_with": r2(y, with_),
                "annual_saving": annual_savings(
                    test,
                    without,
                    with_,
                    y_true=truth,
                    y_expected=y_expected,
                    series=series,
                    **money,
                ),
                **learnable,
            }
        )
    return pd.DataFrame(rows)


def learning_curve(
    train: pd.DataFrame,
    test: pd.DataFrame,
    sizes: Iterable[int],
    *,
    sources: Iterable[str] = SOURCES,
    target: str = "units_sold",
    y_true: str | None = None,
    date: str = "date",
    window: str = "recent",
    seed: int = 0,
    model_params: dict | None = None,
) -> pd.DataFrame:
    """Test R^2 and RMSE of the model trained on ``n`` rows of ``train``, for each n in ``sizes``.

    window "recent": the ``n`` most recent rows (a history of n rows, ``recent_rows``);
    window "random": ``n`` rows drawn at random (seeded) from the whole training period, so every
    size sees every season and the curve isolates the number of rows from the history length.
    The test set is the same for every size and lies after the training period.
    ``model_params`` override the LightGBM defaults of ``make_regressor``.

    Used in: 01_small_data_retail.
    """
    if window not in ("recent", "random"):
        raise ValueError(f"learning_curve(): window = {window!r}: allowed 'recent' or 'random'")
    truth = y_true or target
    require_columns(test, [truth], where="learning_curve()")
    y = require_numeric(test, truth, where="learning_curve()").to_numpy()
    chosen = list(sources)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(train))
    rows = []
    for n in sizes:
        if window == "recent":
            subset = recent_rows(train, int(n), date=date)
        else:
            if not 1 <= int(n) <= len(train):
                raise ValueError(f"learning_curve(): size {n} outside 1..{len(train)}")
            subset = train.iloc[np.sort(order[: int(n)])]
        pred = fit_predict(subset, test, chosen, target=target, **(model_params or {}))
        rmse = float(np.sqrt(np.mean((y - pred) ** 2)))
        rows.append({"n_rows": int(n), "r2": r2(y, pred), "rmse": rmse})
    return pd.DataFrame(rows)
