"""``retailsim labels ...``: the label store on the command line (one flow as a user runs it in
subprocesses; user mistakes in-process: one stderr line, exit status 2, nothing lost)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from retailsim import preset, simulate
from retailsim.cli import main
from retailsim.labels import LabelStore

CLI = [sys.executable, "-m", "retailsim", "labels"]
T0 = "2026-11-23T09:00:00Z"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    """A folder with label files: a.csv (truth), b.parquet (30 labels set to 1), bad files."""
    folder = tmp_path_factory.mktemp("labels")
    labels = simulate(preset("convenience_store", rows=5000, seed=3)).truth.slow_movers
    labels = labels[["store_id", "sku_id", "week", "is_slow_mover"]]
    labels.to_csv(folder / "a.csv", index=False)
    changed = labels.copy()
    changed.loc[:29, "is_slow_mover"] = True
    changed.to_parquet(folder / "b.parquet")
    labels.drop(columns="week").to_csv(folder / "nokey.csv", index=False)
    pd.concat([labels, labels.iloc[:2]]).to_csv(folder / "dup.csv", index=False)
    labels.assign(is_slow_mover=2).to_csv(folder / "two.csv", index=False)
    (folder / "garbage.parquet").write_bytes(b"not a parquet file")
    (folder / "labels.txt").write_text("x")
    return folder


def test_a_user_session(tmp_path, files):
    store = tmp_path / "store"
    a, b = str(files / "a.csv"), str(files / "b.parquet")

    done = run("--store", str(store), "init", cwd=tmp_path)
    assert done.returncode == 0 and "initialised" in done.stdout, done.stderr
    done = run("--store", "store", "commit", a, "--rule", "truth", "-m", "first", "--time", T0,
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    v1 = done.stdout.split()[0]
    assert len(v1) == 64 and "240 labels" in done.stdout
    done = run("--store", "store", "commit", b, "--rule", "p25", "-m", "second", "--author", "ana",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    v2 = done.stdout.split()[0]
    assert f"parent {v1[:12]}" in done.stdout
    done = run("--store", "store", "commit", b, "--rule", "p25", "-m", "again", cwd=tmp_path)
    assert done.returncode == 0 and "unchanged" in done.stdout

    done = run("--store", "store", "tag", "v1", "HEAD~1", cwd=tmp_path)
    assert done.returncode == 0 and v1 in done.stdout
    log = run("--store", "store", "log", cwd=tmp_path)
    assert log.returncode == 0, log.stderr
    lines = log.stdout.splitlines()
    assert len(lines) == 3 and lines[1].startswith(v2[:12]) and lines[2].startswith(v1[:12])
    assert "ana" in lines[1] and "v1" in lines[2] and "first" in lines[2]

    diff = run("--store", "store", "diff", "v1", "--limit", "2", "--out", "d.csv", cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    changes = pd.read_csv(tmp_path / "d.csv")
    n_flipped = int((changes["change"] == "flipped").sum())
    assert n_flipped > 0 and f"{n_flipped} flipped, 0 added, 0 removed" in diff.stdout
    assert "more (all of them with --out FILE)" in diff.stdout

    drift = run("--store", "store", "drift", "v1", "HEAD", "--threshold", "0.01", cwd=tmp_path)
    assert drift.returncode == 1 and "DRIFT" in drift.stdout
    calm = run("--store", "store", "drift", "v1", "--threshold", "0.9", cwd=tmp_path)
    assert calm.returncode == 0 and ": ok;" in calm.stdout

    out = run("--store", "store", "checkout", "v1", cwd=tmp_path)
    assert out.returncode == 0
    raw = LabelStore(store).raw(v1).decode("utf-8")
    assert out.stdout == raw and out.stdout.startswith("store_id,sku_id,week,is_slow_mover\n")
    done = run("--store", "store", "checkout", "HEAD", "--out", "head.parquet", cwd=tmp_path)
    assert done.returncode == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "head.parquet"), LabelStore(store).checkout(v2)
    )
    show = run("--store", "store", "show", v1[:8], cwd=tmp_path)
    assert json.loads(show.stdout)["id"] == v1
    tags = run("--store", "store", "tags", cwd=tmp_path)
    assert tags.stdout.split() == ["v1", v1]
    ok = run("--store", "store", "verify", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.startswith("ok: 2 versions, 2 objects")

    # a corrupted object: verify and checkout fail with one line, other versions still read
    obj = store / "objects" / f"{LabelStore(store).manifest(v1)['object_sha256']}.csv"
    obj.write_bytes(obj.read_bytes().replace(b",0\n", b",1\n", 1))
    bad = run("--store", "store", "verify", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "corrupted" in bad.stderr
    bad = run("--store", "store", "checkout", "v1", cwd=tmp_path)
    assert bad.returncode == 2 and "corrupted: content hashes to" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run("--store", "store", "checkout", "HEAD", cwd=tmp_path).returncode == 0


@pytest.fixture
def store_dir(tmp_path, files) -> Path:
    store = LabelStore.init(tmp_path / "store")
    store.commit(pd.read_csv(files / "a.csv"), rule="truth", message="first", time=T0)
    return store.path


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["checkout", "nope"], "ref = 'nope': unknown version"),
        (["diff", "HEAD~3"], "goes back before the first version"),
        (["tag", "bad name"], "tag = 'bad name': must be 1-100 letters"),
        (["commit", "{files}/nokey.csv", "--rule", "r", "-m", "m"], "missing column(s) 'week'"),
        (["commit", "{files}/dup.csv", "--rule", "r", "-m", "m"], "rows share a key"),
        (["commit", "{files}/two.csv", "--rule", "r", "-m", "m"], "must be one of {0, 1}"),
        (["commit", "{files}/garbage.parquet", "--rule", "r", "-m", "m"], "cannot be read as"),
        (["commit", "{files}/labels.txt", "--rule", "r", "-m", "m"], "unsupported suffix '.txt'"),
        (["commit", "{files}/missing.csv", "--rule", "r", "-m", "m"], "does not exist"),
        (["commit", "{files}/a.csv", "--rule", "", "-m", "m"], "rule = '': must be non-empty"),
        (
            ["commit", "{files}/a.csv", "--rule", "r", "-m", "m", "--time", "today"],
            "time = 'today'",
        ),
        (
            ["commit", "{files}/a.csv", "--rule", "r", "-m", "m", "--allowed", "x"],
            "--allowed = 'x'",
        ),
        (
            ["commit", "{files}/b.parquet", "--rule", "r", "-m", "m", "--max-drift", "0.01"],
            "max_drift = 0.01",
        ),  # fmt: skip
        (["commit", "{files}/a.csv", "-m", "m"], "the following arguments are required: --rule"),
        (["drift", "HEAD", "--threshold", "2"], "threshold = 2.0: must be a share in [0, 1]"),
        (["checkout", "--out", "x.txt"], "unsupported suffix '.txt'"),
        ([], "a subcommand is required: init, commit"),
        (["rewind"], "invalid choice: 'rewind'"),
    ],
)
def test_user_mistakes_are_one_line_exit_2_and_lose_nothing(
    store_dir, files, capsys, monkeypatch, args, fragment
):
    monkeypatch.chdir(store_dir.parent)
    before = {p: p.read_bytes() for p in store_dir.rglob("*") if p.is_file()}
    argv = ["labels", "--store", str(store_dir), *[a.format(files=files) for a in args]]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("retailsim: error: ")
    assert fragment in err
    assert {p: p.read_bytes() for p in store_dir.rglob("*") if p.is_file()} == before


def test_missing_store_and_missing_store_flag(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["labels", "--store", str(tmp_path / "nowhere"), "log"])
    assert exit_.value.code == 2
    assert "is not a label store (no store.json)" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()  # reading never creates a store
    with pytest.raises(SystemExit):
        main(["labels", "log"])
    assert "required: --store" in capsys.readouterr().err


def test_empty_store_log_and_init_is_idempotent(tmp_path, capsys):
    assert main(["labels", "--store", str(tmp_path / "s"), "init"]) == 0
    assert main(["labels", "--store", str(tmp_path / "s"), "log"]) == 0
    assert main(["labels", "--store", str(tmp_path / "s"), "init"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("label store initialised") and out[1] == "(no versions)"
    assert out[2].startswith("label store exists")


def test_csv_keys_keep_their_leading_zeros(tmp_path, capsys):
    """A text key like "007" is not read as the number 7 (which would merge it with "7")."""
    path = tmp_path / "zeros.csv"
    path.write_text("store_id,sku_id,week,is_slow_mover\nS1,007,1,1\nS1,7,1,0\n", encoding="utf-8")
    store = str(tmp_path / "s")
    assert main(["labels", "--store", store, "init"]) == 0
    assert main(["labels", "--store", store, "commit", str(path), "--rule", "r", "-m", "m"]) == 0
    labels = LabelStore(tmp_path / "s").checkout("HEAD")
    assert sorted(labels["sku_id"].astype(str)) == ["007", "7"]
    assert labels["week"].tolist() == [1, 1]
    assert sorted(labels["is_slow_mover"].tolist()) == [0, 1]
