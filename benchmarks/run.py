"""Measured figures of retailsim: ``python benchmarks/run.py [--quick] [--json PATH]``.

Prints a table (name, value, target, ok) and writes a flat JSON object ``{name: value}``.
Figures come from *groups*: functions registered with ``@figure_group`` that take the
``--quick`` flag and return ``{name: Figure}``. Later work adds groups (models, decisions,
deployment) to ``GROUPS`` the same way.

Timings use one thread for numpy's BLAS/OpenMP (set before numpy is imported) and best-of-3
wall time (best-of-1 for the 5M-row run, which ``--quick`` skips).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from retailsim import preset, simulate  # noqa: E402


@dataclass(frozen=True)
class Figure:
    """A measured value with its target (text) and whether it meets it (None = no target)."""

    value: float | None
    target: str = ""
    ok: bool | None = None


Group = Callable[[bool], dict[str, Figure]]
GROUPS: list[Group] = []


def figure_group(func: Group) -> Group:
    """Register a function ``(quick) -> {name: Figure}`` as a benchmark group."""
    GROUPS.append(func)
    return func


def best_time(func: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


@figure_group
def simulator(quick: bool) -> dict[str, Figure]:
    """Speed, memory and scaling of ``simulate`` on the convenience_store preset."""
    sizes = [5_000, 50_000, 500_000] + ([] if quick else [5_000_000])
    configs = {n: preset("convenience_store", rows=n, seed=0) for n in sizes}
    simulate(configs[5_000])  # warm up imports and caches
    seconds, rows = {}, {}
    for n, cfg in configs.items():
        seconds[n] = best_time(lambda cfg=cfg: simulate(cfg), 1 if n >= 5_000_000 else 3)
        rows[n] = cfg.n_rows
    rate = {n: rows[n] / seconds[n] for n in sizes}
    slope = float(
        np.polyfit(np.log([rows[n] for n in sizes]), np.log([seconds[n] for n in sizes]), 1)[0]
    )
    sup = preset("supermarket", rows=500_000, seed=0)
    sup_rate = sup.n_rows / best_time(lambda: simulate(sup), 3)
    bytes_per_row = _peak_bytes(configs[500_000]) / rows[500_000]
    figures = {
        "simulate_seconds_5k": Figure(seconds[5_000], "< 0.1 s", seconds[5_000] < 0.1),
        "simulate_rows_per_s_5k": Figure(rate[5_000]),
        "simulate_rows_per_s_500k": Figure(rate[500_000], ">= 1,000,000", rate[500_000] >= 1e6),
        "simulate_rows_per_s_5m": Figure(
            rate.get(5_000_000), "(skipped with --quick)" if quick else ""
        ),
        "simulate_rows_per_s_500k_supermarket": Figure(sup_rate, ">= 1,000,000", sup_rate >= 1e6),
        "simulate_bytes_per_row": Figure(bytes_per_row, "peak tracemalloc / rows at 500k"),
        "simulate_scaling_exponent": Figure(slope, "<= 1.1", slope <= 1.1),
    }
    return figures


def _peak_bytes(cfg) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        simulate(cfg)
        return float(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()


FORECAST_HORIZON = 14  # test days at the end of each simulated history


def _forecast_comparison(rows: int, seed: int):
    """One ``compare_forecasters`` run on the convenience store: all methods fitted on observed
    sales, scored against the true (uncensored) daily demand, so the oracle is a real bound."""
    from retailsim.models.baselines import compare_forecasters

    result = simulate(preset("convenience_store", rows=rows, seed=seed))
    truth = result.truth.rows
    frame = result.observed.assign(
        expected_demand=truth["expected_demand"].to_numpy(), demand=truth["demand"].to_numpy()
    )
    n_days = frame["date"].nunique()
    return compare_forecasters(
        frame,
        n_days - FORECAST_HORIZON,
        FORECAST_HORIZON,
        expected="expected_demand",
        actual="demand",
    )


@figure_group
def forecast_baselines(quick: bool) -> dict[str, Figure]:
    """RMSSE (M5) of LightGBM, the classical intermittent-demand methods and the oracle on
    daily store-SKU series, mean and standard deviation over seeds, at 5,000 and 20,000 rows."""
    plans = {"": (5_000, 5 if quick else 10), "_20k": (20_000, 3 if quick else 10)}
    figures: dict[str, Figure] = {}
    for suffix, (rows, n_seeds) in plans.items():
        runs = [_forecast_comparison(rows, seed) for seed in range(n_seeds)]
        table = np.array([[r.summary[m] for m in runs[0].summary.index] for r in runs])
        means = dict(zip(runs[0].summary.index, table.mean(axis=0), strict=True))
        sds = dict(zip(runs[0].summary.index, table.std(axis=0, ddof=1), strict=True))
        classical = [m for m in means if m not in ("LightGBM", "oracle")]
        best = min(classical, key=means.get)
        per_seed = np.array(
            [1 - r.summary["LightGBM"] / r.summary[best] for r in runs], dtype=float
        )
        improvement = 1 - means["LightGBM"] / means[best]
        ceiling = 1 - means["oracle"] / means[best]
        gap = (means[best] - means["LightGBM"]) / (means[best] - means["oracle"])
        size = f"{rows:,} rows, {n_seeds} seeds"
        figures |= {
            f"rmsse_lightgbm{suffix}": Figure(means["LightGBM"], f"mean over {size}"),
            f"rmsse_lightgbm{suffix}_sd": Figure(sds["LightGBM"], "sd over seeds"),
            f"rmsse_best_classical{suffix}": Figure(means[best], f"best: {best}"),
            f"rmsse_best_classical{suffix}_sd": Figure(sds[best], "sd over seeds"),
            f"rmsse_best_classical_method{suffix}": Figure(None, best),
            f"rmsse_seasonal_naive{suffix}": Figure(means["SeasonalNaive"]),
            f"rmsse_oracle{suffix}": Figure(means["oracle"], "true expected demand"),
            f"rmsse_oracle{suffix}_sd": Figure(sds["oracle"], "sd over seeds"),
            f"rmsse_improvement{suffix}": Figure(
                improvement, ">= 0.20 (M5: ~0.22)", improvement >= 0.20
            ),
            f"rmsse_improvement{suffix}_sd": Figure(
                float(per_seed.std(ddof=1)), "sd of per-seed improvement"
            ),
            f"rmsse_oracle_improvement{suffix}": Figure(ceiling, "ceiling: 1 - oracle/best"),
            f"rmsse_gap_closed{suffix}": Figure(gap, "(best - lgbm) / (best - oracle)"),
        }
    return figures


SANDBOX_MEANS = (
    "r2_model",
    "r2_oracle",
    "r2_ratio",
    "cost_traditional",
    "cost_ai",
    "cost_oracle",
    "gap_closed",
    "fill_rate_traditional",
    "fill_rate_ai",
    "slow_mover_rate_traditional",
    "slow_mover_rate_ai",
    "turnover_traditional",
    "turnover_ai",
)


@figure_group
def sandbox(quick: bool) -> dict[str, Figure]:
    """The four-step sandbox (``retailsim.sandbox.run_sandbox``) on the convenience store at
    5,000 rows: wall time, R^2 against the oracle, costs and KPIs of the traditional rule, the
    AI policy and the oracle (mean and sd over seeds), and the elasticity estimates' accuracy
    (``decisions.elasticity_accuracy``, true relation pairs as candidates)."""
    from retailsim.decisions import elasticity_accuracy
    from retailsim.sandbox import run_sandbox

    seeds = range(5 if quick else 10)
    runs, seconds = [], []
    for seed in seeds:
        start = time.perf_counter()
        runs.append(run_sandbox("convenience_store", seed=seed, rows=5000, progress=False))
        seconds.append(time.perf_counter() - start)
    table = {k: np.array([r.figures[k] for r in runs], dtype=float) for k in SANDBOX_MEANS}
    size = f"mean over {len(runs)} seeds"
    secs = float(np.median(seconds))
    mean = {k: float(np.nanmean(v)) for k, v in table.items()}
    sd = {k: float(np.nanstd(v, ddof=1)) for k, v in table.items()}
    # the gap closed on average: a ratio of the mean costs (per-seed ratios have small,
    # noisy denominators); its per-seed median and sd are reported beside it
    gap = (mean["cost_traditional"] - mean["cost_ai"]) / (
        mean["cost_traditional"] - mean["cost_oracle"]
    )
    mean["gap_closed"] = float(gap)
    targets = {
        "r2_ratio": (">= 0.90", mean["r2_ratio"] >= 0.90),
        "gap_closed": (">= 0.5 (ratio of mean costs)", gap >= 0.5),
    }
    figures = {"sandbox_seconds": Figure(secs, "<= 5 s (median per run)", secs <= 5.0)}
    for k in SANDBOX_MEANS:
        target, ok = targets.get(k, (size, None))
        figures[k] = Figure(mean[k], target, ok)
        figures[f"{k}_sd"] = Figure(sd[k], "sd over seeds")
        if k == "gap_closed":
            median = float(np.nanmedian(table[k]))
            figures["gap_closed_median"] = Figure(median, "median of per-seed ratios")
    feasible = float(np.mean([r.figures["service_level_feasible"] for r in runs]))
    figures["sandbox_fill_matched_share"] = Figure(feasible, "runs with fill_ai >= traditional")
    defined = float(np.mean(np.isfinite(table["gap_closed"])))
    figures["sandbox_gap_defined_share"] = Figure(defined, "runs with oracle < traditional")
    acc = elasticity_accuracy("convenience_store", seeds=seeds, rows=5000)
    mae, sign = float(acc["own_mae"].mean()), float(acc["cross_sign_accuracy"].mean())
    figures["elasticity_mae"] = Figure(mae, "<= 0.25", mae <= 0.25)
    figures["elasticity_mae_sd"] = Figure(float(acc["own_mae"].std(ddof=1)), "sd over seeds")
    figures["cross_elasticity_sign_accuracy"] = Figure(sign, ">= 0.8", sign >= 0.8)
    return figures


def _label_frame(n_stores: int, n_skus: int, n_weeks: int, seed: int):
    """A synthetic label set of ``n_stores x n_skus x n_weeks`` keys with about 30 % positives."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    keys = pd.MultiIndex.from_product(
        [
            [f"S{i:03d}" for i in range(n_stores)],
            [f"C{j:03d}" for j in range(n_skus)],
            range(n_weeks),
        ],
        names=["store_id", "sku_id", "week"],
    ).to_frame(index=False)
    keys["is_slow_mover"] = rng.random(len(keys)) < 0.3
    return keys


@figure_group
def label_store(quick: bool) -> dict[str, Figure]:
    """The Git-style label store (``retailsim.labels.LabelStore``) on 5,000 labels (10 stores x
    50 SKUs x 10 weeks): commit (validate, canonical CSV, sha256, three atomic fsynced writes),
    checkout (read, verify the hash, parse) and diff against a version with 5 % flipped, best of
    5 in a temporary folder."""
    import tempfile

    from retailsim.labels import LabelStore

    labels = _label_frame(10, 50, 10, seed=0)
    flipped = labels.copy()
    rows = np.random.default_rng(1).choice(len(labels), size=len(labels) // 20, replace=False)
    flipped.loc[rows, "is_slow_mover"] = ~flipped.loc[rows, "is_slow_mover"]
    repeat = 5
    with tempfile.TemporaryDirectory() as tmp:
        stores = iter([LabelStore.init(Path(tmp) / f"s{i}") for i in range(repeat + 1)])
        commit = best_time(
            lambda: next(stores).commit(labels, rule="bench", message="5k labels"), repeat
        )
        store = next(stores)
        first = store.commit(labels, rule="bench", message="5k labels")
        store.commit(flipped, rule="bench", message="5 % flipped")
        checkout = best_time(lambda: store.checkout(first), repeat)
        diff = best_time(lambda: store.diff(first, "HEAD"), repeat)
        share = store.drift(first, "HEAD").flipped_share
    commit_ms, checkout_ms, diff_ms = 1000 * commit, 1000 * checkout, 1000 * diff
    return {
        "label_store_commit_ms": Figure(commit_ms, "<= 200 ms (5,000 labels)", commit_ms <= 200),
        "label_store_checkout_ms": Figure(
            checkout_ms, "<= 100 ms (5,000 labels)", checkout_ms <= 100
        ),
        "label_store_diff_ms": Figure(diff_ms, "<= 200 ms (5,000 labels)", diff_ms <= 200),
        "label_store_drift_share": Figure(share, "= 0.05 (5 % flipped)", abs(share - 0.05) < 1e-9),
    }


@figure_group
def labels_rules(quick: bool) -> dict[str, Figure]:
    """The dynamic slow-mover rule (``retailsim.labels.is_slow_mover``: weekly sales below the
    store-SKU's own 25th percentile of the earlier weeks, at least 4 of them) against the true
    slow movers (``truth.slow_movers``) on ``preset("convenience_store", rows=20000)`` (1 store
    x 24 SKUs x 40 weeks), Cohen's kappa and F1 averaged over 10 seeds (5 with ``--quick``);
    ``_noise_free`` applies the same rule to the true expected demand (no sampling noise)."""
    from retailsim.labels import is_slow_mover, slow_mover_agreement

    kappa, f1, noise_free = [], [], []
    for seed in range(5 if quick else 10):
        result = simulate(preset("convenience_store", rows=20_000, seed=seed))
        truth = result.truth.slow_movers
        m = slow_mover_agreement(is_slow_mover(result.observed), truth)
        kappa.append(m["kappa"])
        f1.append(m["f1"])
        expected = result.truth.rows["expected_demand"].to_numpy()
        clean = is_slow_mover(result.observed.assign(units_sold=expected))
        noise_free.append(slow_mover_agreement(clean, truth)["kappa"])
    return {
        "slow_mover_rule_agreement": Figure(float(np.mean(kappa)), "Cohen's kappa vs truth"),
        "slow_mover_rule_agreement_sd": Figure(float(np.std(kappa, ddof=1)), "sd over seeds"),
        "slow_mover_rule_f1": Figure(float(np.mean(f1)), "F1 vs truth"),
        "slow_mover_rule_kappa_noise_free": Figure(
            float(np.mean(noise_free)), "same rule on expected demand"
        ),
    }


@figure_group
def weak_supervision(quick: bool) -> dict[str, Figure]:
    """Weak supervision and active learning for slow movers (``retailsim.labels.weak``,
    ``retailsim.labels.active``; chapter 10) on ``preset("supermarket", rows=60000)`` (2 stores
    x 36 SKUs x 60 weeks = 4,320 store-SKU-weeks), mean over 3 worlds (seeds 0-2; 2 with
    ``--quick``). F1 of the SLOW class against ``truth.slow_movers`` on every week: the seven
    ``DEFAULT_LFS`` combined by majority vote and by Snorkel's ``LabelModel`` (class balance
    0.75/0.25, the quartile definition); the 25th-percentile rule alone for reference. Active
    learning: logistic regression on ``classifier_features``, pool = 3,020 weeks, test = 1,300,
    20 random labels then batches of 10 up to 120, uncertainty vs random sampling over 3
    sampling seeds; ``labels_saved`` on the mean accuracy curves."""
    from retailsim.labels import active, weak

    lm, mv, pruned, rule, saved, gain = [], [], [], [], [], []
    for seed in range(2 if quick else 3):
        result = simulate(preset("supermarket", rows=60_000, seed=seed))
        weekly = weak.weekly_frame(result.observed)
        y = result.truth.slow_movers["is_slow_mover"].to_numpy().astype(int)
        table = weak.label_model_vs_majority(
            weak.apply_lfs(weekly), y, class_balance=[0.75, 0.25], seed=0
        )
        lm.append(table.loc["label_model", "f1"])
        mv.append(table.loc["majority_vote", "f1"])
        L6 = weak.apply_lfs(weekly).drop(columns="price_cut_no_response")
        six = weak.label_model_vs_majority(L6, y, class_balance=[0.75, 0.25], seed=0)
        pruned.append(six.loc["label_model", "f1"])
        rule.append(weak.label_scores(y, weekly["below_q25"].fillna(False).astype(int))["f1"])
        X = weak.classifier_features(weekly).to_numpy()
        order = np.random.default_rng(0).permutation(len(y))
        test, pool = order[:1300], order[1300:]
        runs = active.compare_sampling(
            X[pool], y[pool], X[test], y[test], seeds=range(3), initial=20, batch=10, budget=120
        )
        curve = runs.groupby(["n_labels", "strategy"])["accuracy"].mean().unstack()
        saved.append(active.labels_saved(curve.index, curve["uncertainty"], curve["random"]))
        gain.append(curve["uncertainty"].iloc[-1] - curve["random"].iloc[-1])
    return {
        "labelmodel_f1": Figure(float(np.mean(lm)), "F1 vs truth (7 LFs)"),
        "majority_vote_f1": Figure(float(np.mean(mv)), "F1 vs truth (same LFs)"),
        "labelmodel_minus_majority_f1": Figure(
            float(np.mean(lm) - np.mean(mv)), ">= 0", bool(np.mean(lm) >= np.mean(mv))
        ),
        "labelmodel_f1_without_price_cut": Figure(
            float(np.mean(pruned)), "F1 vs truth (6 LFs, the misleading one dropped)"
        ),
        "q25_rule_f1": Figure(float(np.mean(rule)), "F1 vs truth (rule alone)"),
        "active_learning_labels_saved": Figure(
            float(np.mean(saved)), "> 0 labels (accuracy)", bool(np.mean(saved) > 0)
        ),
        "active_learning_accuracy_gain_120": Figure(
            float(np.mean(gain)), "uncertainty - random at 120 labels"
        ),
    }


@figure_group
def label_loop(quick: bool) -> dict[str, Figure]:
    """The weekly label-model loop (``retailsim.models.label_model_loop``; chapter 13) on
    ``preset("convenience_store", rows=60000, n_stores=3)`` (3 stores x 24 SKUs x 39 weeks;
    loop weeks 12-34, horizon 4), mean over seeds 0-2 (0-1 with ``--quick``). Auto-labels:
    predicted slow-mover rate (share of the next 4 weeks the p25 rule flags) > 0.3; precision
    against ``truth.slow_movers`` (truly slow in > 30 % of those weeks), pooled over the loop
    weeks; baseline: the rule's rate over the last 4 weeks > 0.3. AUC: against next week's
    rule label, mean over loop weeks."""
    import tempfile

    from retailsim.models import label_model_loop

    runs = []
    for seed in range(2 if quick else 3):
        result = simulate(preset("convenience_store", rows=60_000, seed=seed, n_stores=3))
        with tempfile.TemporaryDirectory() as tmp:
            loop = label_model_loop(
                result.observed, Path(tmp) / "labels", truth=result.truth.slow_movers
            )
        runs.append(loop.summary())
    mean = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    gap = mean["precision"] - mean["baseline_precision"]
    return {
        "auto_label_precision": Figure(
            mean["precision"], "> base rate (vs truth)", mean["precision"] > mean["base_rate"]
        ),
        "auto_label_precision_baseline": Figure(
            mean["baseline_precision"], "last-4-weeks rule rate > 0.3 (vs truth)"
        ),
        "auto_label_precision_minus_baseline": Figure(gap, ">= 0", gap >= 0),
        "auto_label_base_rate": Figure(mean["base_rate"], "share truly slow (flag everything)"),
        "auto_labels_per_week": Figure(mean["n_auto"] / mean["weeks"], "of 72 store-SKUs"),
        "label_loop_auc": Figure(mean["auc"], "next week's rule label"),
        "label_loop_auc_baseline": Figure(mean["baseline_auc"], "last-4-weeks rule rate"),
    }


@figure_group
def augment(quick: bool) -> dict[str, Figure]:
    """Resampling for the weekly slow-mover label (``retailsim.augment``): a logistic regression
    on ``slow_mover_weeks`` of ``preset("convenience_store", n_days=728)`` (1 store x 24 SKUs x
    104 weeks; train on the first 78 weeks, test on the last 26, never resampled), minority
    (slow) F1 on the test weeks without resampling, with balanced class weights and with
    SMOTE-ENN (imbalanced-learn ``Pipeline``), mean over 5 seeds (3 with ``--quick``); the seed
    sets both the simulation and the resampler."""
    from sklearn.linear_model import LogisticRegression

    from retailsim.augment import LABEL, resampling_runs, slow_mover_weeks, time_split_weeks

    def logistic(seed, class_weight):
        return LogisticRegression(class_weight=class_weight, max_iter=2000)

    runs = []
    for seed in range(3 if quick else 5):
        table, features = slow_mover_weeks(
            simulate(preset("convenience_store", n_days=728, seed=seed)).observed
        )
        train, test = time_split_weeks(table, 26)
        runs.append(
            resampling_runs(
                train[features], train[LABEL], test[features], test[LABEL], logistic,
                methods=("none", "class_weight", "smoteenn"), seeds=(seed,),
            )
        )  # fmt: skip
    import pandas as pd

    mean = pd.concat(runs).groupby("method")[["f1", "recall", "pr_auc"]].mean()
    se, cw, base = mean.loc["smoteenn"], mean.loc["class_weight"], mean.loc["none"]
    return {
        "smoteenn_minority_f1": Figure(float(se["f1"]), "> baseline", bool(se["f1"] > base["f1"])),
        "class_weight_minority_f1": Figure(
            float(cw["f1"]), "> baseline", bool(cw["f1"] > base["f1"])
        ),
        "baseline_minority_f1": Figure(float(base["f1"]), "no resampling, threshold 0.5"),
        "smoteenn_minus_class_weight_f1": Figure(float(se["f1"] - cw["f1"]), "measured (~0)"),
        "smoteenn_minority_recall": Figure(
            float(se["recall"]), "> class weights' recall", bool(se["recall"] > cw["recall"])
        ),
        "smoteenn_pr_auc_minus_baseline": Figure(
            float(se["pr_auc"] - base["pr_auc"]), "measured (~0: ranking unchanged)"
        ),
    }


def format_value(value: float | None) -> str:
    """Readable number: thousands separators for big values, 4 significant digits otherwise."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def main(argv: list[str] | None = None) -> int:
    """Run every registered group, print the table and write the JSON (always exit 0: the
    figures are measurements to read, not a pass/fail test)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the slowest measurements")
    parser.add_argument("--json", type=Path, help="write {name: value} to this file")
    args = parser.parse_args(argv)
    figures: dict[str, Figure] = {}
    for group in GROUPS:
        figures.update(group(args.quick))
    width = max(map(len, figures))
    print(f"{'name':<{width}}  {'value':>14}  {'target':<32}  ok")
    for name, fig in figures.items():
        ok = "" if fig.ok is None else ("yes" if fig.ok else "NO")
        print(f"{name:<{width}}  {format_value(fig.value):>14}  {fig.target:<32}  {ok}")
    if args.json is not None:
        flat = {
            k: (None if f.value is None or math.isnan(f.value) else f.value)
            for k, f in figures.items()
        }
        args.json.write_text(json.dumps(flat, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
