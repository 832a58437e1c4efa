"""The ``retailsim`` command line, run as a user would (subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from retailsim import OBSERVED_COLUMNS, RetailConfig, preset

CLI = [sys.executable, "-m", "retailsim"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


def test_generate_csv_with_truth(tmp_path):
    out, truth = tmp_path / "sales.csv", tmp_path / "truth"
    proc = run(
        "generate",
        "--preset",
        "convenience_store",
        "--rows",
        "5000",
        "--seed",
        "7",
        "--out",
        str(out),
        "--truth-out",
        str(truth),
    )
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip()
    assert "\n" not in line and "5040 rows" in line and "70 days" in line and str(out) in line
    assert "sparsity" in line
    frame = pd.read_csv(out)
    assert list(frame.columns) == list(OBSERVED_COLUMNS) and len(frame) == 5040
    manifest = json.loads((truth / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["rows"]["rows"] == 5040


def test_generate_parquet_from_edited_config(tmp_path):
    cfg_path = tmp_path / "cfg.yml"
    proc = run("config", "--preset", "supermarket", "--out", str(cfg_path))
    assert proc.returncode == 0, proc.stderr
    cfg = RetailConfig.from_yaml(cfg_path)
    assert cfg == preset("supermarket")
    cfg.replace(n_days=3).to_yaml(cfg_path)
    out = tmp_path / "sales.parquet"
    proc = run("generate", "--config", str(cfg_path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert len(pd.read_parquet(out)) == 3 * 72


def test_presets_listed():
    proc = run("presets")
    assert proc.returncode == 0
    lines = proc.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["convenience_store", "supermarket"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["generate", "--out", "sales.txt"], "allowed: .csv, .parquet"),
        (["generate", "--preset", "kiosk", "--out", "s.csv"], "known presets: convenience_store"),
        (["generate", "--rows", "many", "--out", "s.csv"], "--rows: invalid int value"),
        (["generate", "--rows", "0", "--out", "s.csv"], "rows = 0: must be >= 1"),
        (["generate", "--seed", "-3", "--out", "s.csv"], "seed = -3: must be >= 0"),
        (["generate", "--out", "/proc/no/such/dir/s.csv"], "cannot write"),
        (["generate", "--config", "missing.yml", "--out", "s.csv"], "cannot be read"),
        (["generate", "--config", "bad.yml", "--out", "s.csv"], "skus[0].own_elasticity = 0.4"),
        (
            ["generate", "--preset", "supermarket", "--config", "bad.yml", "--out", "s.csv"],
            "either --preset or --config",
        ),
        (["generate"], "the following arguments are required: --out"),
        (["generate", "--out", "s.csv", "--colour", "red"], "unrecognized arguments: --colour"),
        (["teleport"], "invalid choice: 'teleport'"),
        ([], "a command is required"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path, args, fragment):
    data = preset("convenience_store").to_dict()
    data["skus"][0]["own_elasticity"] = 0.4

    (tmp_path / "bad.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("retailsim: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in proc.stderr
