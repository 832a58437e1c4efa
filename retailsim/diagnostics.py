"""Small-data diagnostics of a long-format sales frame: sparsity, class imbalance, signal-to-noise.

Every function takes a plain pandas DataFrame and the names of the columns to use, so the same
code runs on the simulator's observed frame, on its ground truth, or on a retailer's own export
(one row per item x store x date [x time slot], a units column, optional labels). Bad input
raises ``ValueError`` naming the offending column and listing the columns that are present.

Definitions (all computed, never assumed):

* sparsity = #{rows with units == 0} / #rows, optionally after summing units over ``by`` keys
  (e.g. SKU-slot rows summed to SKU-days);
* imbalance ratio = n_majority / n_minority of a label column (1.0 = perfectly balanced);
* signal-to-noise ratio SNR = Var(signal) / Var(observed - signal), where ``signal`` is the
  noise-free expected value (only known in a simulation) and ``observed`` the realised value.
  With noise independent of the signal, the best possible R^2 of any model is SNR / (1 + SNR).

Used in: 01_small_data_retail.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from retailsim.features.validation import require_columns, require_numeric

__all__ = [
    "imbalance_ratio",
    "r2_ceiling",
    "signal_to_noise",
    "sparsity",
    "zero_share_by",
]


def _keys(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def sparsity(frame: pd.DataFrame, units: str = "units_sold", by: str | Sequence[str] | None = None):
    """Share of zero-sale rows.

    sparsity = #{rows: units == 0} / #rows

    With ``by`` (e.g. ``["date", "store_id", "sku_id"]``) units are first summed per key, so
    SKU-slot rows become SKU-days and the result is the share of SKU-days without a sale.

    Used in: 01_small_data_retail.
    """
    where = "sparsity()"
    keys = _keys(by)
    require_columns(frame, [units, *keys], where=where)
    if len(frame) == 0:
        raise ValueError(f"{where}: the frame has no rows")
    values = require_numeric(frame, units, where=where)
    if (values < 0).any():
        raise ValueError(f"{where}: column {units!r} has negative values; units must be >= 0")
    if keys:
        values = values.groupby([frame[k] for k in keys], observed=True, sort=False).sum()
    return float((values == 0).mean())


def zero_share_by(
    frame: pd.DataFrame, units: str = "units_sold", by: str | Sequence[str] = "sku_id"
) -> pd.Series:
    """Share of zero-sale rows within each group of ``by`` (e.g. per SKU), sorted descending.

    zero_share(g) = #{rows of g: units == 0} / #rows of g

    Used in: 01_small_data_retail.
    """
    where = "zero_share_by()"
    keys = _keys(by)
    if not keys:
        raise ValueError(f"{where}: give at least one grouping column in 'by'")
    require_columns(frame, [units, *keys], where=where)
    if len(frame) == 0:
        raise ValueError(f"{where}: the frame has no rows")
    values = require_numeric(frame, units, where=where)
    zero = (values == 0).astype(float)
    shares = zero.groupby([frame[k] for k in keys], observed=True).mean()
    return shares.rename("zero_share").sort_values(ascending=False)


def imbalance_ratio(frame: pd.DataFrame, label: str) -> float:
    """Imbalance ratio of a label column: count of the largest class / count of the smallest.

    IR = n_majority / n_minority   (IR = 1 for a balanced label; IR = 3 means 3 : 1)

    Works for boolean, integer or string labels; needs at least two classes.

    Used in: 01_small_data_retail.
    """
    where = "imbalance_ratio()"
    require_columns(frame, [label], where=where)
    values = frame[label]
    if values.isna().any():
        raise ValueError(f"{where}: column {label!r} has {int(values.isna().sum())} missing values")
    counts = values.value_counts()
    counts = counts[counts > 0]
    if len(counts) < 2:
        found = ", ".join(map(str, counts.index)) or "(no rows)"
        raise ValueError(
            f"{where}: column {label!r} needs at least two classes to measure imbalance; "
            f"found: {found}"
        )
    return float(counts.max() / counts.min())


def signal_to_noise(
    frame: pd.DataFrame,
    signal: str = "expected_demand",
    observed: str = "demand",
    by: str | Sequence[str] | None = None,
) -> float:
    """Signal-to-noise ratio of a realised quantity around its noise-free expectation.

    SNR = Var(signal) / Var(observed - signal)

    ``signal`` is the expected value (e.g. the simulator's true expected demand) and ``observed``
    the realisation (e.g. the true uncensored demand). With ``by``, both columns are first summed
    per key (e.g. slots -> days, days -> weeks): aggregation averages noise away and raises SNR.
    In decibels: 10 * log10(SNR).

    Used in: 01_small_data_retail.
    """
    where = "signal_to_noise()"
    keys = _keys(by)
    require_columns(frame, [signal, observed, *keys], where=where)
    if len(frame) < 2:
        raise ValueError(f"{where}: need at least 2 rows, got {len(frame)}")
    s = require_numeric(frame, signal, where=where)
    y = require_numeric(frame, observed, where=where)
    if keys:
        groups = [frame[k] for k in keys]
        s = s.groupby(groups, observed=True, sort=False).sum()
        y = y.groupby(groups, observed=True, sort=False).sum()
    noise_var = float(np.var(y.to_numpy() - s.to_numpy()))
    if noise_var == 0.0:
        raise ValueError(
            f"{where}: {observed!r} equals {signal!r} on every row, the noise variance is 0"
        )
    return float(np.var(s.to_numpy())) / noise_var


def r2_ceiling(snr: float) -> float:
    """Best achievable R^2 given a signal-to-noise ratio: R^2_max = SNR / (1 + SNR).

    Holds when the noise is independent of the signal: a perfect model predicts the signal and
    still misses the noise, so R^2 = Var(signal) / (Var(signal) + Var(noise)).

    Used in: 01_small_data_retail.
    """
    if not np.isfinite(snr) or snr < 0:
        raise ValueError(f"r2_ceiling(): snr = {snr!r}: must be a finite number >= 0")
    return float(snr / (1.0 + snr))
