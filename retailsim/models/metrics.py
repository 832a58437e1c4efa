"""Scale-free forecast errors: the M5 competition's RMSSE.

For one series with training history y_1..y_n, actuals y_{n+1}..y_{n+h} and forecasts
yhat_{n+1}..yhat_{n+h}, the root mean squared scaled error is

    RMSSE = sqrt( (1/h) * sum_{t=n+1}^{n+h} (y_t - yhat_t)^2
                  / ((1/(n-m)) * sum_{t=m+1}^{n} (y_t - y_{t-m})^2) )

with m = ``seasonality`` (the M5 uses m = 1: one-step naive differences). The denominator is
the in-sample mean squared error of the (seasonal) naive forecast, so RMSSE = 1 means "as good
as the naive forecast was on the history" and the figure can be averaged over series of very
different sizes. The M5 weights series by their sales value (WRMSSE); ``mean_rmsse`` is the
unweighted mean, which gives every store-SKU the same vote.

Zero denominator: a training history that never changes (all zeros, or constant) has scale 0
and its RMSSE is undefined. ``rmsse`` returns ``nan`` for such a series (never ``inf``), and
``mean_rmsse`` either skips those series (``zero_scale="skip"``, the default; the number
skipped is reported by ``rmsse_per_series``/``mean_rmsse(..., return_skipped=True)``) or
raises (``zero_scale="raise"``). The M5 avoided the case by starting each series at its first
non-zero sale; a store-SKU that has never sold anything has nothing to be scaled against.

Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["mean_rmsse", "rmsse", "rmsse_per_series", "rmsse_scale"]


def _vector(values, name: str, where: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{where}: {name} must be a non-empty 1-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: {name} has missing or infinite values")
    return arr


def _check_seasonality(seasonality, where: str) -> int:
    if not isinstance(seasonality, int | np.integer) or seasonality < 1:
        raise ValueError(f"{where}: seasonality = {seasonality!r}: must be an integer >= 1")
    return int(seasonality)


def rmsse_scale(y_train, seasonality: int = 1) -> float:
    """The RMSSE denominator: mean((y_t - y_{t-m})^2) over the training series, m = seasonality.

    Raises ``ValueError`` when the history has no more than ``seasonality`` values (no
    difference to average). Returns 0.0 for a constant history (see the module docstring).

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    where = "rmsse_scale()"
    m = _check_seasonality(seasonality, where)
    train = _vector(y_train, "y_train", where)
    if train.size <= m:
        raise ValueError(
            f"{where}: y_train has {train.size} values; need more than seasonality = {m}"
        )
    return float(np.mean((train[m:] - train[:-m]) ** 2))


def rmsse(y_true, y_pred, y_train, seasonality: int = 1) -> float:
    """Root mean squared scaled error of one series (formula in the module docstring).

    RMSSE = sqrt(mean((y - yhat)^2) / mean((y_t - y_{t-m})^2 over y_train)), m = seasonality.
    Returns ``nan`` when the training history is constant (zero denominator).

    Example: y_train = [0, 2, 0, 2] has scale (4 + 4 + 4) / 3 = 4; forecasting [1, 1] for
    actuals [0, 2] gives mean squared error 1 and RMSSE = sqrt(1 / 4) = 0.5.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    where = "rmsse()"
    y = _vector(y_true, "y_true", where)
    p = _vector(y_pred, "y_pred", where)
    if y.shape != p.shape:
        raise ValueError(f"{where}: y_true has {y.size} values but y_pred has {p.size}")
    scale = rmsse_scale(y_train, seasonality)
    if scale == 0.0:
        return float("nan")
    return float(np.sqrt(np.mean((y - p) ** 2) / scale))


def rmsse_per_series(
    y_true: Sequence, y_pred: Sequence, y_train: Sequence, seasonality: int = 1
) -> np.ndarray:
    """RMSSE of each series i from the i-th entries of three equally long sequences of arrays
    (series may differ in length); ``nan`` where the history is constant.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    n = len(y_true)
    if n == 0 or len(y_pred) != n or len(y_train) != n:
        raise ValueError(
            f"rmsse_per_series(): need equally many (>= 1) series, got y_true {n}, "
            f"y_pred {len(y_pred)}, y_train {len(y_train)}"
        )
    return np.array(
        [rmsse(a, p, t, seasonality) for a, p, t in zip(y_true, y_pred, y_train, strict=True)]
    )


def mean_rmsse(
    y_true: Sequence,
    y_pred: Sequence,
    y_train: Sequence,
    seasonality: int = 1,
    *,
    zero_scale: str = "skip",
    return_skipped: bool = False,
):
    """Unweighted mean RMSSE over many series: (1/N) * sum_i RMSSE_i.

    Series whose training history is constant (zero denominator) are left out of the mean
    with ``zero_scale="skip"`` (the default) or make the call raise ``ValueError`` with
    ``zero_scale="raise"``. If every series is skipped the mean is ``nan``. With
    ``return_skipped=True`` returns ``(mean, n_skipped)``.

    Used in: 12_lab2_four_step_sandbox, 15_cross_industry.
    """
    if zero_scale not in ("skip", "raise"):
        raise ValueError(f"mean_rmsse(): zero_scale = {zero_scale!r}: allowed 'skip' or 'raise'")
    scores = rmsse_per_series(y_true, y_pred, y_train, seasonality)
    undefined = np.isnan(scores)
    if zero_scale == "raise" and undefined.any():
        first = int(np.flatnonzero(undefined)[0])
        raise ValueError(
            f"mean_rmsse(): {int(undefined.sum())} series have a constant training history "
            f"(zero RMSSE denominator), the first is series {first}; use zero_scale='skip'"
        )
    mean = float(scores[~undefined].mean()) if (~undefined).any() else float("nan")
    return (mean, int(undefined.sum())) if return_skipped else mean
