"""``retailsim`` command line: generate data, dump a preset as YAML, list presets.

    retailsim generate --preset convenience_store --rows 5000 --seed 7 --out sales.csv \\
                       [--truth-out DIR] [--config cfg.yml]
    retailsim config --preset supermarket --out cfg.yml
    retailsim presets
    retailsim sandbox --preset convenience_store --seed 7 [--rows 5000] [--json out.json] \\
                      [--no-progress]
    retailsim labels --store DIR init | commit FILE --rule R --message M | log | show REF |
                     diff A [B] | checkout REF [--out FILE] | tag NAME [REF] | tags |
                     drift A [B] [--threshold 0.1] | verify

The output format follows the suffix of ``--out`` (.csv or .parquet). A user mistake (bad
flag or value, invalid config, unknown preset, unwritable path) prints one line
``retailsim: error: ...`` to stderr and exits with status 2, never a traceback.

``sandbox`` runs the four-step engine (``retailsim.sandbox.run_sandbox``), prints one KPI row
per policy and writes the flat figures as JSON; its progress bar goes to stderr and only when
stderr is a terminal.

``labels`` works on a Git-style label store (``retailsim.labels.LabelStore``): ``commit`` stores
a .csv/.parquet label file as a new version and prints its id; ``drift`` exits with status 1
when the share of flipped labels exceeds the threshold (0 otherwise); ``verify`` checks every
file against its hash. An unknown version, a missing store, a malformed file or a corrupted
object is a user mistake: one line on stderr, status 2.

Used in: 05_sandbox_architecture (configuration by file and CLI), 07_lab1_environment,
12_lab2_four_step_sandbox, 13_label_model_loop (labels).
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
        dest="command", metavar="{generate,config,presets,sandbox,labels}", parser_class=_Parser
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
    _labels_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``retailsim`` command; returns 0 on success, exits with 2 on a user error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("a command is required: generate, config, presets, sandbox or labels")
    try:
        commands = {
            "generate": _generate,
            "config": _config,
            "presets": _presets,
            "sandbox": _sandbox,
            "labels": _labels,
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


LABEL_COMMANDS = "init,commit,log,show,diff,checkout,tag,tags,drift,verify"


def _labels_parser(sub) -> None:
    """The ``labels`` command and its subcommands (Git-style label store)."""
    lab = sub.add_parser("labels", help="versioned label store: commit, log, diff, checkout, tag")
    lab.add_argument("--store", type=Path, required=True, help="label store folder")
    cmd = lab.add_subparsers(
        dest="labels_command", metavar="{" + LABEL_COMMANDS + "}", parser_class=_Parser
    )
    cmd.add_parser("init", help="create an empty store")
    com = cmd.add_parser("commit", help="store a .csv/.parquet label file as a new version")
    com.add_argument("file", type=Path, help="label file with the key and label columns")
    com.add_argument("--rule", required=True, help="the rule or person that made the labels")
    com.add_argument("--message", "-m", required=True, help="what changed and why")
    com.add_argument("--author", help="who committed (default: none)")
    com.add_argument("--time", help="ISO-8601 time with offset (default: now, UTC)")
    com.add_argument("--keys", default="store_id,sku_id,week", help="key columns, comma-separated")
    com.add_argument("--label", default="is_slow_mover", help="label column")
    com.add_argument("--allowed", default="0,1", help="allowed label values (default 0,1)")
    com.add_argument("--max-drift", type=float, help="refuse if more of HEAD's labels flip")
    com.add_argument("--allow-unchanged", action="store_true", help="commit even if same as HEAD")
    log = cmd.add_parser("log", help="list versions, newest first")
    log.add_argument("--all", action="store_true", help="also versions not on HEAD")
    cmd.add_parser("show", help="print a version's manifest (JSON)").add_argument("ref")
    dif = cmd.add_parser("diff", help="keys whose label differs between two versions")
    dif.add_argument("a")
    dif.add_argument("b", nargs="?", default="HEAD")
    dif.add_argument("--limit", type=int, default=20, help="rows to print (default 20)")
    dif.add_argument("--out", type=Path, help="write every changed row to .csv/.parquet")
    out = cmd.add_parser("checkout", help="write a version's labels (to stdout without --out)")
    out.add_argument("ref", nargs="?", default="HEAD")
    out.add_argument("--out", type=Path, help="output file, .csv or .parquet")
    tag = cmd.add_parser("tag", help="name a version")
    tag.add_argument("name")
    tag.add_argument("ref", nargs="?", default="HEAD")
    tag.add_argument("--force", action="store_true", help="move an existing tag")
    cmd.add_parser("tags", help="list tags")
    dri = cmd.add_parser("drift", help="flag when too many labels flip (exit 1 if so)")
    dri.add_argument("a")
    dri.add_argument("b", nargs="?", default="HEAD")
    dri.add_argument("--threshold", type=float, default=0.1, help="allowed flipped share")
    cmd.add_parser("verify", help="check every file against its hash")


def _labels(args: argparse.Namespace) -> int:
    from retailsim.labels import LabelStore

    command = args.labels_command
    if command is None:
        fail(f"labels: a subcommand is required: {LABEL_COMMANDS.replace(',', ', ')}")
    if command == "init":
        existed = (args.store / "store.json").is_file()
        store = LabelStore.init(args.store)
        state = "exists" if existed else "initialised"
        print(f"label store {state}: {args.store} ({len(store.versions())} versions)")
        return 0
    store = LabelStore(args.store)
    return LABEL_HANDLERS[command](store, args)


def _labels_commit(store, args: argparse.Namespace) -> int:
    from retailsim.labels import read_label_file

    try:
        allowed = [int(v) for v in args.allowed.split(",")]
    except ValueError:
        raise ConfigError(
            "--allowed", "must be integers separated by commas", args.allowed
        ) from None
    before, frame = store.head(), read_label_file(args.file)
    try:
        vid = _commit_file(store, frame, args, allowed)
    except ConfigError as err:
        if err.path.startswith("labels"):  # a problem of the file's content: name the file
            raise ConfigError(str(args.file), str(err)) from None
        raise
    info = store.manifest(vid)
    if vid == before:
        print(f"{vid} unchanged: same labels as HEAD, nothing committed")
        return 0
    share = info["positive_share"]
    print(
        f"{vid} {info['n_labels']} labels, positive share "
        f"{'-' if share is None else f'{share:.3f}'}, parent {(info['parent'] or '-')[:12]}"
    )
    return 0


def _commit_file(store, frame, args: argparse.Namespace, allowed: list[int]) -> str:
    return store.commit(
        frame,
        rule=args.rule,
        message=args.message,
        author=args.author,
        time=args.time,
        key_columns=[k.strip() for k in args.keys.split(",")],
        label_column=args.label,
        allowed_labels=allowed,
        max_drift=args.max_drift,
        allow_unchanged=args.allow_unchanged,
    )


def _labels_log(store, args: argparse.Namespace) -> int:
    log = store.log(all=args.all)
    if log.empty:
        print("(no versions)")
        return 0
    log["version"] = log["version"].str[:12]
    log["time"] = log["time"].dt.strftime("%Y-%m-%d %H:%M")
    log["positive_share"] = log["positive_share"].map(lambda v: f"{v:.3f}")
    log["author"] = log["author"].fillna("-")
    columns = ["version", "time", "rule", "author", "n_labels", "positive_share", "tags"]
    print(
        log[[*columns, "message"]]
        .rename(columns={"positive_share": "positive"})
        .to_string(index=False)
    )
    return 0


def _labels_show(store, args: argparse.Namespace) -> int:
    import json

    print(json.dumps(store.manifest(args.ref), indent=2, ensure_ascii=False, sort_keys=True))
    return 0


def _labels_diff(store, args: argparse.Namespace) -> int:
    changes = store.diff(args.a, args.b)
    counts = changes["change"].value_counts()
    a, b = store.resolve(args.a), store.resolve(args.b)
    print(
        f"{a[:12]}..{b[:12]}: {int(counts.get('flipped', 0))} flipped, "
        f"{int(counts.get('added', 0))} added, {int(counts.get('removed', 0))} removed"
    )
    if not changes.empty and args.limit > 0:
        print(changes.head(args.limit).to_string(index=False))
        if len(changes) > args.limit:
            print(f"... {len(changes) - args.limit} more (all of them with --out FILE)")
    if args.out is not None:
        table_format(args.out)
        _write(lambda: write_table(changes, args.out), args.out)
        print(f"changes -> {args.out}")
    return 0


def _labels_checkout(store, args: argparse.Namespace) -> int:
    if args.out is None:
        sys.stdout.write(store.raw(args.ref).decode("utf-8"))
        return 0
    table_format(args.out)
    frame = store.checkout(args.ref)
    _write(lambda: write_table(frame, args.out), args.out)
    print(f"{frame.attrs['version']} {len(frame)} labels -> {args.out}")
    return 0


def _labels_tag(store, args: argparse.Namespace) -> int:
    vid = store.tag(args.name, args.ref, force=args.force)
    print(f"tag {args.name} -> {vid}")
    return 0


def _labels_tags(store, args: argparse.Namespace) -> int:
    for name, vid in store.tags().items():
        print(f"{name}  {vid}")
    return 0


def _labels_drift(store, args: argparse.Namespace) -> int:
    result = store.drift(args.a, args.b, threshold=args.threshold)
    print(result.summary())
    return 1 if result.drifted else 0


def _labels_verify(store, args: argparse.Namespace) -> int:
    report = store.verify()
    if not report.ok:
        fail(f"{args.store}: {report.summary()}")
    print(report.summary())
    return 0


LABEL_HANDLERS = {
    "commit": _labels_commit,
    "log": _labels_log,
    "show": _labels_show,
    "diff": _labels_diff,
    "checkout": _labels_checkout,
    "tag": _labels_tag,
    "tags": _labels_tags,
    "drift": _labels_drift,
    "verify": _labels_verify,
}


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
