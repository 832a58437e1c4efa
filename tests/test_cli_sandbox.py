"""``retailsim sandbox`` run as a user would (subprocesses): table, JSON, one-line errors."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

CLI = [sys.executable, "-m", "retailsim", "sandbox"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)


def test_sandbox_prints_kpi_table_and_writes_json(tmp_path):
    out = tmp_path / "deep" / "out.json"
    proc = run("--preset", "convenience_store", "--seed", "7", "--rows", "2600", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = lines[0].split()
    assert header[:3] == ["service", "fill", "stockout"] and "cost" in header
    rows = [line.split()[0] for line in lines[2:7]]
    assert rows == ["weeks_of_cover", "traditional", "ai", "oracle", "ai_elasticity_pricing"]
    assert "gap closed" in proc.stdout and str(out) in proc.stdout
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
    figures = json.loads(out.read_text(encoding="utf-8"))
    for name in ("r2_ratio", "cost_traditional", "cost_ai", "cost_oracle", "fill_rate_ai"):
        assert math.isfinite(figures[name]), name
    assert figures["seed"] == 7 and figures["rows"] >= 2600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--preset", "hypermarket"), "unknown preset"),
        (("--lead-time", "-1"), "lead_time = -1"),
        (("--rows", "300"), "the sandbox needs at least"),
        (("--seed", "seven"), "invalid int value"),
    ],
)
def test_sandbox_user_errors_are_one_line_exit_2(args, message):
    proc = run(*args, "--no-progress")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("retailsim: error: ")
    assert message in lines[0]
