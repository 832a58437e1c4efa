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
