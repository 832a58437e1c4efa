"""``retailsim`` command line: generate data, dump a preset as YAML, list presets.

    retailsim generate --preset convenience_store --rows 5000 --seed 7 --out sales.csv \\
                       [--truth-out DIR] [--config cfg.yml]
    retailsim config --preset supermarket --out cfg.yml
    retailsim presets
    retailsim sandbox --preset convenience_store --seed 7 [--rows 5000] [--json out.json] \\
                      [--no-progress]

The output format follows the suffix of ``--out`` (.csv or .parquet). A user mistake (bad
flag or value, invalid config, unknown preset, unwritable path) prints one line
``retailsim: error: ...`` to stderr and exits with status 2, never a traceback.

``sandbox`` runs the four-step engine (``retailsim.sandbox.run_sandbox``), prints one KPI row
per policy and writes the flat figures as JSON; its progress bar goes to stderr and only when
stderr is a terminal.

Used in: 05_sandbox_architecture (configuration by file and CLI), 07_lab1_environment,
12_lab2_four_step_sandbox.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retailsim.config import PRESETS, ConfigError, RetailConfig, preset
from retailsim.simulate import simulate
from retailsim.simulate.io import table_format, write_table

PROG = "retailsim"
USER_ERRORS = (ConfigError, ValueError, OSError)


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line on stderr and exit status 2."""

    def error(self, message: str):  # type: ignore[override]
        """Report a usage error as one line and exit with status 2."""
        fail(message)


def fail(message: str):
    """Print ``retailsim: error: <message>`` (one line) to stderr and exit with status 2."""
    line = " ".join(str(message).split())
    sys.stderr.write(f"{PROG}: error: {line}\n")
    raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``retailsim`` command."""
    parser = _Parser(prog=PROG, description="Small retail data simulator (retailsim).")
    sub = parser.add_subparsers(
        dest="command", metavar="{generate,config,presets,sandbox}", parser_class=_Parser
    )
    gen = sub.add_parser(
        "generate", help="simulate sales and write them to a .csv or .parquet file"
    )
    gen.add_argument(
        "--preset", help="preset name (default convenience_store; see `retailsim presets`)"
    )
    gen.add_argument(
        "--config", type=Path, help="YAML config (from `retailsim config`) instead of a preset"
    )
    gen.add_argument(
        "--rows", type=int, help="target number of rows (rounded up to whole days; default 5000)"
    )
    gen.add_argument("--seed", type=int, help="random seed (default 0, or the config file's seed)")
    gen.add_argument("--out", type=Path, required=True, help="output file, .csv or .parquet")
    gen.add_argument("--truth-out", type=Path, help="directory for the ground-truth tables")
    cfg = sub.add_parser("config", help="write a preset as an editable YAML config")
    cfg.add_argument("--preset", default="convenience_store", help="preset name")
    cfg.add_argument("--rows", type=int, default=5000, help="target number of rows (default 5000)")
    cfg.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    cfg.add_argument("--out", type=Path, required=True, help="output YAML file")
    sub.add_parser("presets", help="list the presets")
    box = sub.add_parser(
        "sandbox", help="run the four-step sandbox and print one KPI row per policy"
    )
    box.add_argument("--preset", default="convenience_store", help="preset name")
    box.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    box.add_argument("--rows", type=int, default=5000, help="observed rows (default 5000)")
    box.add_argument("--lead-time", type=int, help="lead time in days (default: the preset's)")
    box.add_argument("--json", type=Path, help="write the flat figures to this JSON file")
    box.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``retailsim`` command; returns 0 on success, exits with 2 on a user error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("a command is required: generate, config or presets")
    try:
        commands = {
            "generate": _generate,
            "config": _config,
            "presets": _presets,
            "sandbox": _sandbox,
        }
        return commands[args.command](args)
    except USER_ERRORS as err:
        fail(_describe(err))


def _generate(args: argparse.Namespace) -> int:
    table_format(args.out)  # reject a bad suffix before simulating
    if args.config is not None and args.preset is not None:
        fail("use either --preset or --config, not both")
    if args.config is not None:
        cfg = RetailConfig.from_yaml(args.config)
        changes = {k: v for k, v in (("seed", args.seed), ("rows", args.rows)) if v is not None}
        cfg = cfg.replace(**changes) if changes else cfg
    else:
        rows = 5000 if args.rows is None else args.rows
        cfg = preset(args.preset or "convenience_store", rows=rows, seed=args.seed or 0)
    result = simulate(cfg)
    _write(lambda: write_table(result.observed, args.out), args.out)
    where = str(args.out)
    if args.truth_out is not None:
        fmt = table_format(args.out)
        _write(lambda: result.truth.save(args.truth_out, fmt), args.truth_out)
        where += f"; truth in {args.truth_out}"
    print(f"{result.summary()} -> {where}")
    return 0


def _config(args: argparse.Namespace) -> int:
    cfg = preset(args.preset, rows=args.rows, seed=args.seed)
    _write(lambda: cfg.to_yaml(args.out), args.out)
    print(
        f"{args.preset}: {cfg.n_rows} rows, {cfg.n_days} days, {cfg.n_stores} stores, "
        f"{cfg.n_skus} SKUs -> {args.out}"
    )
    return 0


def _presets(args: argparse.Namespace) -> int:
    width = max(map(len, PRESETS))
    for name, info in PRESETS.items():
        low, high = info.sparsity_range
        print(f"{name:<{width}}  {info.description} (zero-sale rows {low:.2f}-{high:.2f})")
    return 0


SANDBOX_COLUMNS = {
    "service_level": ("service", "{:.3f}"),
    "fill_rate": ("fill", "{:.3f}"),
    "stock_out_share": ("stockout", "{:.3f}"),
    "waste_units": ("waste", "{:.0f}"),
    "total_cost": ("cost", "{:,.0f}"),
    "revenue": ("revenue", "{:,.0f}"),
    "margin": ("margin", "{:,.0f}"),
    "turnover": ("turnover", "{:.2f}"),
    "slow_mover_rate": ("slow", "{:.3f}"),
}


def _sandbox(args: argparse.Namespace) -> int:
    import json

    from retailsim.sandbox import run_sandbox

    progress = not args.no_progress and sys.stderr.isatty()
    result = run_sandbox(
        args.preset, seed=args.seed, rows=args.rows, lead_time=args.lead_time, progress=progress
    )
    table = result.kpis[list(SANDBOX_COLUMNS)].copy()
    for col, (_, fmt) in SANDBOX_COLUMNS.items():
        table[col] = [("-" if v != v else fmt.format(v)) for v in table[col]]
    table.columns = [label for label, _ in SANDBOX_COLUMNS.values()]
    print(table.to_string())
    f = result.to_dict()
    print(
        f"R2 model {_num(f['r2_model'])} / oracle {_num(f['r2_oracle'])} = "
        f"{_num(f['r2_ratio'])} ({result.r2_level}); gap closed {_num(f['gap_closed'])} at "
        f"fill rate {_num(f['fill_rate_traditional'])}; chosen service level "
        f"{_num(f['chosen_service_level'])}, price policy {f['price_policy']}; "
        f"{f['seconds_total']:.1f} s"
    )
    if args.json is not None:
        text = json.dumps(f, indent=2) + "\n"
        _write(lambda: args.json.write_text(text, encoding="utf-8"), args.json)
        print(f"figures -> {args.json}")
    return 0


def _num(value) -> str:
    """A figure with 3 decimals, ``n/a`` for a missing one (e.g. an undefined gap closed)."""
    return "n/a" if value is None else f"{value:.3f}"


def _write(action, path: Path) -> None:
    """Run a write action, creating parent directories; errors name the path."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        action()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise OSError(f"cannot write {path}: {reason}") from None


def _describe(err: Exception) -> str:
    if isinstance(err, OSError) and err.filename is not None:
        return f"{err.filename}: {err.strerror}"
    return str(err)
