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
