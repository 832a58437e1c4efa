"""A deterministic LightGBM regressor for small retail data.

Same data + same parameters -> the same model, on any machine with the same library versions:
``deterministic=True`` and ``force_row_wise=True`` fix LightGBM's histogram construction,
``n_jobs=1`` fixes the thread count, and ``random_state`` seeds
any random choice a caller switches on (feature or row subsampling; off by default, so that two
models that differ only in their feature set, as in an ablation, are not also given different
random column samples). The defaults are tuned for 10^2-10^5 rows: shallow trees (15 leaves), at
least 10 rows per leaf, a small learning rate with 300 trees, and the Poisson objective, which
suits non-negative, often-zero unit sales.

Why one thread: on 10^3-10^5 rows a second thread saves little (chapter 01 runs in 16 s instead
of 15 s on 2 cores), while two OpenMP threads on a 2-core machine that is busy with something
else (a test runner, a second notebook) spin against each other: one cell took 60 s instead of 4.

Used in: 01_small_data_retail.
"""

from __future__ import annotations

from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

# fixed for reproducibility; callers may override any other parameter
DETERMINISM: dict[str, Any] = {
    "deterministic": True,
    "force_row_wise": True,
    "n_jobs": 1,
    "verbose": -1,
}

DEFAULTS: dict[str, Any] = {
    "objective": "poisson",
    "n_estimators": 300,
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_child_samples": 10,
    "colsample_bytree": 1.0,
    "reg_lambda": 1.0,
    "random_state": 0,
}


def make_regressor(**params: Any) -> lgb.LGBMRegressor:
    """An unfitted ``LGBMRegressor`` with the course defaults, ``params`` overriding them.

    Overriding a determinism setting (``deterministic``, ``force_row_wise``, ``n_jobs``,
    ``verbose``) is refused with a ``ValueError``, so every chapter's model stays reproducible.

    Used in: 01_small_data_retail.
    """
    fixed = sorted(k for k in params if k in DETERMINISM and params[k] != DETERMINISM[k])
    if fixed:
        raise ValueError(
            f"make_regressor(): {fixed[0]} = {params[fixed[0]]!r}: fixed at "
            f"{DETERMINISM[fixed[0]]!r} for reproducible models"
        )
    return lgb.LGBMRegressor(**{**DEFAULTS, **params, **DETERMINISM})


def fit_regressor(X: pd.DataFrame, y, **params: Any) -> lgb.LGBMRegressor:
    """Fit a course-default LightGBM regressor on features ``X`` and target ``y``.

    Categorical columns of ``X`` (pandas ``category`` dtype) are split on natively. Raises
    ``ValueError`` for empty input, mismatched lengths or a target with missing values.

    Used in: 01_small_data_retail.
    """
    if not isinstance(X, pd.DataFrame):
        raise ValueError(f"fit_regressor(): X must be a pandas DataFrame, got {type(X).__name__}")
    target = np.asarray(y, dtype=float)
    if len(X) == 0:
        raise ValueError("fit_regressor(): X has no rows")
    if len(target) != len(X):
        raise ValueError(f"fit_regressor(): X has {len(X)} rows but y has {len(target)} values")
    if np.isnan(target).any():
        raise ValueError("fit_regressor(): y has missing values")
    model = make_regressor(**params)
    model.fit(X, target)
    return model
