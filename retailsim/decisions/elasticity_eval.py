"""Elasticity estimates against the simulator's truth: own MAE and cross-sign accuracy.

Used in: 14_elasticity_and_turnover (and the benchmarks ``elasticity_mae``,
``cross_elasticity_sign_accuracy``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retailsim.config import ConfigError, preset
from retailsim.simulate import simulate

from .elasticity import ElasticityEstimates, estimate_elasticities


def compare_with_truth(estimates: ElasticityEstimates, truth: pd.DataFrame) -> dict[str, float]:
    """Accuracy against a true elasticity matrix (e.g. ``GroundTruth.elasticity``)::

        own_mae        = mean_i |shrunk_i - e_ii|       (own_mae_raw: raw estimates, items
                                                          with one)
        cross_sign_acc = share of true relations (i, j), e_ij != 0, both directions, whose
                         estimated e_ij has the true sign (pairs not estimated count as wrong)
        cross_coverage = share of true relations that were estimated

    Used in: 14_elasticity_and_turnover.
    """
    if not isinstance(truth, pd.DataFrame) or truth.shape[0] != truth.shape[1]:
        raise ConfigError("truth", "must be a square item x item DataFrame")
    own = estimates.own.set_index("item")
    true_own = pd.Series(np.diag(truth.to_numpy()), index=truth.index.astype(str))
    common = own.index.intersection(true_own.index)
    if len(common) == 0:
        raise ConfigError("truth", "shares no item with the estimates")
    raw = own.loc[common, "estimate"]
    ok = raw.notna()
    cross = estimates.cross.set_index(["item", "price_of"])["estimate"]
    values = truth.to_numpy()
    names = truth.index.astype(str)
    hits = total = covered = 0
    for a, b in zip(*np.nonzero(values - np.diag(np.diag(values))), strict=True):
        total += 1
        key = (names[a], names[b])
        if key in cross.index and np.isfinite(cross.loc[key]):
            covered += 1
            hits += int(np.sign(cross.loc[key]) == np.sign(values[a, b]))
    return {
        "own_mae": float((own.loc[common, "shrunk"] - true_own[common]).abs().mean()),
        "own_mae_raw": float((raw[ok] - true_own[common][ok]).abs().mean()),
        "n_items": float(len(common)),
        "n_items_without_estimate": float((~ok).sum()),
        "cross_sign_accuracy": hits / total if total else float("nan"),
        "cross_coverage": covered / total if total else float("nan"),
        "n_relations": float(total),
    }


def elasticity_accuracy(
    preset_name: str, seeds=(0, 1, 2), rows: int = 5000, *, true_relations: bool = True, **kwargs
) -> pd.DataFrame:
    """``compare_with_truth`` on ``simulate(preset(preset_name, rows, seed))`` for each seed:
    one row per seed (preset, seed and the metrics). ``true_relations``: the candidate cross
    pairs are the true relation pairs (which pairs are related is given, e.g. from a product
    graph; signs and sizes are estimated); ``False`` = every pair within a category.
    ``kwargs`` go to ``estimate_elasticities``.

    Used in: 14_elasticity_and_turnover.
    """
    out = []
    for seed in seeds:
        result = simulate(preset(preset_name, rows=rows, seed=seed))
        relations = result.truth.relations if true_relations else None
        est = estimate_elasticities(result.observed, relations=relations, **kwargs)
        out.append(
            {
                "preset": preset_name,
                "seed": seed,
                **compare_with_truth(est, result.truth.elasticity),
            }
        )
    return pd.DataFrame(out)
