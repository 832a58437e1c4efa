"""``retailsim`` command line: generate data, dump a preset as YAML, list presets.

    retailsim generate --preset convenience_store --rows 5000 --seed 7 --out sales.csv \\
                       [--truth-out DIR] [--config cfg.yml]
    retailsim config --preset supermarket --out cfg.yml
    retailsim presets

The output format follows the suffix of ``--out`` (.csv or .parquet). A user mistake (bad
flag or value, invalid config, unknown preset, unwritable path) prints one line
``retailsim: error: ...`` to stderr and exits with status 2, never a traceback.

Used in: 05_sandbox_architecture (configuration by file and CLI), 07_lab1_environment.
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
        dest="command", metavar="{generate,config,presets}", parser_class=_Parser
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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``retailsim`` command; returns 0 on success, exits with 2 on a user error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("a command is required: generate, config or presets")
    try:
        return {"generate": _generate, "config": _config, "presets": _presets}[args.command](args)
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
