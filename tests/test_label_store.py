"""The Git-style label store (retailsim.labels): versions, history, corruption, fault injection."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retailsim import ConfigError, preset, simulate
from retailsim.labels import LabelStore, _atomic, canonical_labels, version_id

KEYS = ["store_id", "sku_id", "week"]
LABEL = "is_slow_mover"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def truth_labels() -> pd.DataFrame:
    """The simulator's true slow movers: 240 store-SKU-weeks, categorical ids, bool labels."""
    return simulate(preset("convenience_store", rows=5000, seed=3)).truth.slow_movers


def flip(frame: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    out = frame.copy()
    rows = np.random.default_rng(seed).choice(len(out), size=n, replace=False)
    out.loc[out.index[rows], LABEL] = ~out.loc[out.index[rows], LABEL].astype(bool)
    return out


def canon(frame: pd.DataFrame) -> pd.DataFrame:
    return canonical_labels(frame, key_columns=KEYS, label_column=LABEL)[0]


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file of a store with its bytes (temporary files included)."""
    return {str(p.relative_to(path)): p.read_bytes() for p in path.rglob("*") if p.is_file()}


@pytest.fixture
def two_versions(tmp_path, truth_labels):
    store = LabelStore.init(tmp_path / "store")
    v1 = store.commit(truth_labels, rule="truth", message="weeks 0-9", time=T0)
    v2 = store.commit(
        flip(truth_labels, 12), rule="p25", message="flip 12", author="ana", time=T0 + timedelta(1)
    )
    return store, v1, v2


# ---- versions, history and the on-disk format ---------------------------------------------


def test_commit_checkout_round_trip_and_plain_file_format(two_versions, truth_labels):
    store, v1, v2 = two_versions
    back = store.checkout(v1)
    pd.testing.assert_frame_equal(back, canon(truth_labels))
    assert back.attrs["version"] == v1
    assert list(back.columns) == [*KEYS, LABEL] and back[LABEL].dtype == np.int64
    assert back[LABEL].sum() == truth_labels[LABEL].sum()

    # readable with json + hashlib + pandas alone, as the module docstring says
    m = json.loads((store.path / "versions" / f"{v2}.json").read_text(encoding="utf-8"))
    assert m["parent"] == v1 and m["rule"] == "p25" and m["author"] == "ana"
    assert m["time"] == "2026-11-24T09:00:00Z" and m["n_labels"] == len(truth_labels)
    body = {k: v for k, v in m.items() if k != "id"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == v2 == version_id(m)
    raw = (store.path / m["object_path"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == m["object_sha256"]
    kinds = {k: ("int64" if t == "integer" else str) for k, t in m["key_kinds"].items()}
    plain = pd.read_csv(store.path / m["object_path"], dtype=kinds, keep_default_na=False)
    pd.testing.assert_frame_equal(plain, store.checkout(v2), check_like=False, check_dtype=True)
    assert m["label_counts"]["1"] == plain[LABEL].sum()
    assert m["positive_share"] == pytest.approx(plain[LABEL].mean())
    assert (store.path / "HEAD").read_text() == f"{v2}\n"


def test_same_labels_in_any_row_order_or_dtype_give_the_same_object(tmp_path, truth_labels):
    shuffled = truth_labels.sample(frac=1.0, random_state=5).reset_index(drop=True)
    plain = shuffled.astype({"store_id": str, "sku_id": str, "week": "int64"})
    plain[LABEL] = plain[LABEL].astype(int)
    a, b = LabelStore.init(tmp_path / "a"), LabelStore.init(tmp_path / "b")
    va = a.commit(truth_labels, rule="r", message="m", time=T0)
    vb = b.commit(plain, rule="r", message="m", time=T0)
    assert va == vb  # same manifest content, same parent (none), same time -> same id
    assert a.raw(va) == b.raw(vb)
    vc = b.commit(plain, rule="r", message="m", time=T0, allow_unchanged=True)
    assert vc != vb and b.manifest(vc)["parent"] == vb  # the parent makes the id differ


def test_unchanged_labels_are_a_no_op_unless_allowed(two_versions, truth_labels):
    store, v1, v2 = two_versions
    before = snapshot(store.path)
    again = flip(truth_labels, 12).sample(frac=1.0, random_state=1)
    assert store.commit(again, rule="other", message="same", time=T0) == v2
    assert snapshot(store.path) == before
    v3 = store.commit(again, rule="other", message="same", time=T0, allow_unchanged=True)
    assert (
        store.head() == v3
        and store.manifest(v3)["object_sha256"] == store.manifest(v2)["object_sha256"]
    )
    assert len(list((store.path / "objects").glob("*.csv"))) == 2  # the object is shared


def test_log_lists_history_newest_first_with_tags(two_versions):
    store, v1, v2 = two_versions
    store.tag("v1", v1)
    log = store.log()
    assert log["version"].tolist() == [v2, v1]
    assert log["parent"].tolist() == [v1, None]
    assert log["rule"].tolist() == ["p25", "truth"]
    assert log["tags"].tolist() == ["", "v1"]
    assert log["time"].iloc[0] == pd.Timestamp("2026-11-24T09:00:00Z")
    assert set(log.columns) >= {"author", "message", "n_labels", "positive_share"}
    assert LabelStore.init(store.path.parent / "empty").log().empty


def test_checkout_is_read_only_and_a_rollback_is_a_new_version(two_versions, truth_labels):
    store, v1, v2 = two_versions
    old = store.checkout("HEAD~1")
    assert store.head() == v2  # checkout does not move HEAD
    v3 = store.commit(old, rule="rollback", message="back to v1", time=T0 + timedelta(2))
    assert store.manifest(v3)["parent"] == v2
    assert store.manifest(v3)["object_sha256"] == store.manifest(v1)["object_sha256"]
    assert store.log()["version"].tolist() == [v3, v2, v1]  # nothing lost


def test_diff_counts_flipped_added_and_removed(tmp_path, truth_labels):
    store = LabelStore.init(tmp_path / "s")
    base = truth_labels.reset_index(drop=True)
    v1 = store.commit(base, rule="r", message="m", time=T0)
    newer = base.copy()
    newer.loc[10:16, LABEL] = ~newer.loc[10:16, LABEL]  # 7 flips
    extra = base[base["week"] == 0].assign(week=99)  # a new week: added keys
    newer = pd.concat([newer.iloc[3:], extra], ignore_index=True)  # rows 0-2 removed
    v2 = store.commit(newer, rule="r", message="m2", time=T0)
    diff = store.diff(v1, v2)
    assert diff["change"].value_counts().to_dict() == {
        "flipped": 7,
        "added": len(extra),
        "removed": 3,
    }
    flipped = diff[diff["change"] == "flipped"]
    assert (flipped["label_a"] == 1 - flipped["label_b"]).all()
    assert diff.loc[diff["change"] == "added", "label_a"].isna().all()
    assert (diff.loc[diff["change"] == "added", "week"] == 99).all()
    got = diff.loc[diff["change"] == "removed", KEYS].astype({"week": int}).values.tolist()
    assert sorted(map(tuple, got)) == sorted(
        map(
            tuple,
            base.iloc[:3][KEYS]
            .astype({"week": int, "sku_id": str, "store_id": str})
            .values.tolist(),
        )
    )
    drift = store.drift(v1, v2, threshold=0.5)
    assert (drift.n_flipped, drift.n_added, drift.n_removed) == (7, len(extra), 3)
    assert drift.n_common == len(base) - 3
    assert drift.flipped_share == pytest.approx(7 / (len(base) - 3))
    assert store.diff(v2, v2).empty


def test_drift_flags_when_the_flipped_share_exceeds_the_threshold(two_versions, truth_labels):
    store, v1, v2 = two_versions
    share = 12 / len(truth_labels)
    low = store.drift(v1, v2, threshold=share - 1e-9)
    high = store.drift(v1, v2, threshold=share)
    assert low.flipped_share == pytest.approx(share) and low.drifted
    assert not high.drifted  # "exceeds": equal to the threshold is not drift
    assert "DRIFT" in low.summary() and "ok" in high.summary()
    with pytest.raises(ConfigError, match=r"threshold = 1.5: must be a share in \[0, 1\]"):
        store.drift(v1, v2, threshold=1.5)


def test_max_drift_refuses_a_commit_and_writes_nothing(two_versions, truth_labels):
    store, v1, v2 = two_versions
    before = snapshot(store.path)
    with pytest.raises(ConfigError, match=r"max_drift = 0.01: .* flipped .*nothing committed"):
        store.commit(flip(truth_labels, 40, seed=9), rule="r", message="m", max_drift=0.01)
    assert snapshot(store.path) == before
    v3 = store.commit(flip(truth_labels, 13), rule="r", message="one more", max_drift=0.05)
    assert store.manifest(v3)["parent"] == v2


def test_refs_head_tilde_prefix_and_tags(two_versions):
    store, v1, v2 = two_versions
    assert store.resolve("HEAD") == v2 and store.resolve("HEAD~1") == v1
    assert store.resolve(v1[:6]) == v1 and store.resolve(v2) == v2
    assert store.tag("v1", "HEAD~1") == v1 and store.resolve("v1") == v1
    assert store.resolve("v1~0") == v1
    assert store.tags() == {"v1": v1}
    assert store.tag("v1", v1) == v1  # same target: fine
    with pytest.raises(ConfigError, match="already names .* unless forced"):
        store.tag("v1", v2)
    assert store.tags() == {"v1": v1}
    assert store.tag("v1", v2, force=True) == v2
    assert store.checkout(v1).attrs["version"] == v1  # the version a tag named is kept


@pytest.mark.parametrize(
    ("ref", "fragment"),
    [
        ("nope", "ref = 'nope': unknown version; use HEAD, HEAD~n, a tag"),
        ("HEAD~5", "goes back before the first version"),
        ("abc", "unknown version"),  # too short for a prefix
        ("0" * 64, "unknown version"),
        ("", "must be HEAD, a tag, or a version id"),
    ],
)
def test_unknown_versions_are_clear_errors(two_versions, ref, fragment):
    store, *_ = two_versions
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        store.checkout(ref)


@pytest.mark.parametrize("name", ["", "HEAD", "-x", "a/b", "a b", "x~1", "é"])
def test_bad_tag_names_are_refused(two_versions, name):
    store, *_ = two_versions
    with pytest.raises(ConfigError, match="tag = .*must be 1-100 letters"):
        store.tag(name)


def test_empty_store_has_no_head(tmp_path):
    store = LabelStore.init(tmp_path / "s")
    assert store.head() is None and store.versions() == [] and store.tags() == {}
    with pytest.raises(ConfigError, match="no versions yet"):
        store.checkout()
    assert store.verify().ok


# ---- bad input: clear errors, nothing lost ------------------------------------------------


def _bad_frames(frame: pd.DataFrame) -> dict[str, tuple[object, str]]:
    base = frame.astype({"store_id": str, "sku_id": str})
    nan_key = base.astype({"week": float})
    nan_key.loc[4, "week"] = np.nan
    empty_key = base.copy()
    empty_key.loc[2, "sku_id"] = ""
    dup = pd.concat([base, base.iloc[[5]]], ignore_index=True)
    two = base.copy()
    two[LABEL] = two[LABEL].astype(int)
    two.loc[7, LABEL] = 2
    nan_label = base.astype({LABEL: float})
    nan_label.loc[1, LABEL] = np.nan
    text_label = base.astype({LABEL: object})
    text_label.loc[0, LABEL] = "yes"
    half_week = base.astype({"week": float})
    half_week.loc[3, "week"] = 1.5
    mixed = base.astype({"week": object})
    mixed.loc[0, "week"] = "w0"
    control = base.copy()
    control.loc[0, "sku_id"] = "C0\n1"
    return {
        "not a frame": ([1, 2], "labels: expected a pandas DataFrame, got list"),
        "missing key": (base.drop(columns="week"), r"missing column\(s\) 'week'; columns present"),
        "missing label": (base.drop(columns=LABEL), rf"missing column\(s\) '{LABEL}'"),
        "no rows": (base.iloc[:0], "has no rows"),
        "nan key": (nan_key, r"labels.week: 1 missing key value\(s\).*first at row 4"),
        "empty key": (empty_key, r"labels.sku_id: 1 missing key value\(s\).*row 2"),
        "duplicate keys": (dup, r"2 rows share a key; each key must be labelled once"),
        "label 2": (two, r"is_slow_mover = 2: labels must be one of \{0, 1\}.*row 7"),
        "nan label": (nan_label, r"1 missing label\(s\), first at row 1"),
        "text label": (text_label, r"is_slow_mover = 'yes': labels must be one of \{0, 1\}"),
        "half week": (half_week, r"labels.week = 1.5: key values must be integers.*row 3"),
        "mixed key": (mixed, "labels.week = 'w0': key values must be integers, text or dates"),
        "control char": (control, "must not contain line breaks"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not a frame",
        "missing key",
        "missing label",
        "no rows",
        "nan key",
        "empty key",
        "duplicate keys",
        "label 2",
        "nan label",
        "text label",
        "half week",
        "mixed key",
        "control char",
    ],
)
def test_malformed_frames_give_clear_errors_and_lose_nothing(two_versions, truth_labels, case):
    store, v1, v2 = two_versions
    frame, fragment = _bad_frames(truth_labels)[case]
    before = snapshot(store.path)
    with pytest.raises(ConfigError, match=fragment):
        store.commit(frame, rule="r", message="bad")
    assert snapshot(store.path) == before
    assert store.head() == v2


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"rule": ""}, "rule = '': must be non-empty text"),
        ({"message": None}, "message = None: must be text"),
        ({"time": datetime(2026, 1, 1)}, "time = .*must be a timezone-aware datetime"),
        ({"time": "yesterday"}, "time = 'yesterday'"),
        ({"key_columns": []}, "key_columns = \\(\\): must be one or more"),
        ({"label_column": "week"}, "label_column = 'week': must not be one of the key columns"),
        ({"allowed_labels": [0, 0]}, "allowed_labels = \\[0, 0\\]: must be a non-empty list"),
        ({"allowed_labels": [True, False]}, "allowed_labels"),
        ({"max_drift": 2}, r"max_drift = 2: must be a share in \[0, 1\]"),
    ],
)
def test_bad_commit_arguments(two_versions, truth_labels, kwargs, fragment):
    store, *_ = two_versions
    before = snapshot(store.path)
    args = {"rule": "r", "message": "m", **kwargs}
    with pytest.raises(ConfigError, match=fragment):
        store.commit(truth_labels, **args)
    assert snapshot(store.path) == before


def test_other_allowed_label_sets_and_date_keys(tmp_path):
    frame = pd.DataFrame(
        {
            "sku_id": ["a", "b", "c"],
            "date": pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-12"]),
            "snorkel": [-1, 0, 1],
        }
    )
    store = LabelStore.init(tmp_path / "s")
    vid = store.commit(
        frame,
        rule="lf",
        message="abstain = -1",
        key_columns=["sku_id", "date"],
        label_column="snorkel",
        allowed_labels=[-1, 0, 1],
        time=T0,
    )
    back = store.checkout(vid)
    pd.testing.assert_frame_equal(back, frame.astype({"snorkel": "int64"}))
    assert store.manifest(vid)["key_kinds"] == {"sku_id": "string", "date": "date"}
    assert store.raw(vid).decode().splitlines()[1] == "a,2026-01-05,-1"
    with pytest.raises(ConfigError, match=r"labels must be one of \{-1, 0, 1\}"):
        store.commit(frame.assign(snorkel=[3, 0, 1]), **_kw())
    with pytest.raises(ConfigError, match="whole days"):
        store.commit(frame.assign(date=frame["date"] + pd.Timedelta(hours=1)), **_kw(m="x"))


def _kw(m: str = "m") -> dict:
    return {
        "rule": "lf",
        "message": m,
        "key_columns": ["sku_id", "date"],
        "label_column": "snorkel",
        "allowed_labels": [-1, 0, 1],
    }


# ---- corruption ---------------------------------------------------------------------------


def test_a_corrupted_object_is_detected_and_others_stay_readable(two_versions, truth_labels):
    store, v1, v2 = two_versions
    info = store.manifest(v1)
    path = store.path / info["object_path"]
    good = path.read_bytes()
    path.write_bytes(good.replace(b",0\n", b",1\n", 1))  # one label flipped on disk
    with pytest.raises(ConfigError, match=rf"objects/{info['object_sha256']}.csv: corrupted"):
        store.checkout(v1)
    with pytest.raises(ConfigError, match="corrupted"):
        store.diff(v1, v2)
    pd.testing.assert_frame_equal(store.checkout(v2), canon(flip(truth_labels, 12)))
    report = store.verify()
    assert (
        not report.ok and len(report.problems) == 1 and info["object_sha256"] in report.problems[0]
    )
    # committing the same labels again repairs the object (content-addressed: same name)
    store.commit(truth_labels, rule="repair", message="m")
    assert path.read_bytes() == good and store.verify().ok
    assert store.checkout(v1).equals(canon(truth_labels))


def test_a_missing_object_or_edited_manifest_is_detected(two_versions):
    store, v1, v2 = two_versions
    manifest = store.path / "versions" / f"{v1}.json"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('"truth"', '"edited"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"versions/{v1}.json: corrupted: its content hashes"):
        store.checkout(v1)
    manifest.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="corrupted: not valid JSON"):
        store.manifest(v1)
    assert any(v1 in p for p in store.verify().problems)
    manifest.write_text(text, encoding="utf-8")
    obj = store.path / store.manifest(v2)["object_path"]
    obj.unlink()
    with pytest.raises(ConfigError, match=rf"missing \(needed by version {v2[:12]}\)"):
        store.checkout(v2)
    assert any("is missing" in p for p in store.verify().problems)
    (store.path / "HEAD").write_text("garbage\n")
    with pytest.raises(ConfigError, match="HEAD = 'garbage': corrupted"):
        store.head()


def test_missing_store_and_init_rules(tmp_path):
    with pytest.raises(ConfigError, match="store = .*is not a label store"):
        LabelStore(tmp_path / "nowhere")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    with pytest.raises(ConfigError, match="folder with other files"):
        LabelStore.init(tmp_path / "busy")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="not a folder"):
        LabelStore.init(tmp_path / "file")
    store = LabelStore.init(tmp_path / "s")
    store.commit(
        pd.DataFrame({"k": [1], "y": [1]}),
        rule="r",
        message="m",
        key_columns=["k"],
        label_column="y",
    )
    again = LabelStore.init(tmp_path / "s")  # opens the existing store, changes nothing
    assert again.head() == store.head()
    (tmp_path / "s" / "store.json").write_text('{"format": "other"}')
    with pytest.raises(ConfigError, match="format must be 'retailsim-labels/1'"):
        LabelStore(tmp_path / "s")


# ---- fault injection: interrupt every filesystem step of a commit -------------------------

STEPS = [
    ("write_temp", "objects"),
    ("publish", "objects"),
    ("write_temp", "versions"),
    ("publish", "versions"),
    ("write_temp", "HEAD"),
    ("publish", "HEAD"),
]


class Crash(OSError):
    """The injected failure."""


@pytest.mark.parametrize(("step", "target"), STEPS, ids=[f"{s}-{t}" for s, t in STEPS])
def test_an_interrupted_commit_keeps_every_version_and_a_retry_succeeds(
    tmp_path, monkeypatch, truth_labels, step, target
):
    store = LabelStore.init(tmp_path / "s")
    v1 = store.commit(truth_labels, rule="truth", message="one", time=T0)
    v2 = store.commit(flip(truth_labels, 5), rule="r", message="two", time=T0 + timedelta(1))
    store.tag("v1", v1)
    expected = {v1: store.checkout(v1), v2: store.checkout(v2)}
    third = flip(truth_labels, 30, seed=4)
    when = T0 + timedelta(2)
    reference = LabelStore.init(tmp_path / "ref")  # the same history without a fault
    reference.commit(truth_labels, rule="truth", message="one", time=T0)
    reference.commit(flip(truth_labels, 5), rule="r", message="two", time=T0 + timedelta(1))
    v3_clean = reference.commit(third, rule="r", message="three", time=when)

    real = getattr(_atomic, step)
    calls = []

    def failing(tmp, *args):
        hit = target in (tmp.parent.name, tmp.name.split(".")[1])
        calls.append(hit)
        if hit:
            if step == "write_temp":  # a partial write, then the failure
                tmp.write_bytes(args[0][: len(args[0]) // 2])
            raise Crash(f"injected failure in {step} {target}")
        return real(tmp, *args)

    monkeypatch.setattr(_atomic, step, failing)
    with pytest.raises(Crash):
        store.commit(third, rule="r", message="three", time=when)
    assert any(calls)
    monkeypatch.undo()

    reopened = LabelStore(store.path)  # what the next process sees
    assert reopened.head() == v2
    assert reopened.log()["version"].tolist() == [v2, v1]
    assert reopened.tags() == {"v1": v1}
    for vid, frame in expected.items():
        pd.testing.assert_frame_equal(reopened.checkout(vid), frame)
    report = reopened.verify()
    assert report.ok, report.problems
    assert not list(store.path.rglob("*.tmp")), "the failed step cleaned up its temporary file"

    v3 = reopened.commit(third, rule="r", message="three", time=when)
    assert v3 == v3_clean  # the retry gives the same version as a run without the fault
    assert reopened.log()["version"].tolist() == [v3, v2, v1]
    assert reopened.verify().ok and not reopened.verify().notes
    pd.testing.assert_frame_equal(reopened.checkout(v3), canon(third))


def test_leftovers_of_a_hard_crash_are_ignored(two_versions, truth_labels):
    """A power cut can leave temporary files and an unreferenced manifest; reads ignore them."""
    store, v1, v2 = two_versions
    (store.path / "objects" / ".deadbeef.csv.1234abcd.tmp").write_bytes(b"store_id,sk")
    (store.path / ".HEAD.0000aaaa.tmp").write_bytes(b"")
    orphan = store.commit(flip(truth_labels, 3, seed=8), rule="r", message="lost HEAD", time=T0)
    (store.path / "HEAD").write_text(f"{v2}\n")  # as if HEAD had never been updated
    assert store.log()["version"].tolist() == [v2, v1]
    assert set(store.log(all=True)["version"]) == {v1, v2, orphan}
    report = store.verify()
    assert report.ok
    notes = " ".join(report.notes)
    assert "1 version(s) not on HEAD" in notes and "2 leftover temporary file(s)" in notes
    v3 = store.commit(flip(truth_labels, 4, seed=8), rule="r", message="after crash", time=T0)
    assert store.manifest(v3)["parent"] == v2


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    _atomic.write_atomic(path, b"old")

    def boom(*args):
        raise Crash("disk full")

    monkeypatch.setattr(_atomic.os, "replace", boom)
    with pytest.raises(Crash):
        _atomic.write_atomic(path, b"new")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]


# ---- properties ---------------------------------------------------------------------------

key_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=6
)


@st.composite
def label_frames(draw):
    stores = draw(st.lists(key_text, min_size=1, max_size=4, unique=True))
    weeks = draw(st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=6, unique=True))
    keys = [(s, w) for s in stores for w in weeks]
    chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True))
    values = draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
    return pd.DataFrame(
        {"store_id": [k[0] for k in chosen], "week": [k[1] for k in chosen], "y": values}
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=label_frames(), seed=st.integers(0, 2**16))
def test_checkout_of_commit_is_the_canonical_frame_and_hash_ignores_row_order(frame, seed):
    opts = {"key_columns": ["store_id", "week"], "label_column": "y"}
    with tempfile.TemporaryDirectory() as tmp:
        store = LabelStore.init(Path(tmp) / "s")
        vid = store.commit(frame, rule="r", message="m", time=T0, **opts)
        back = store.checkout(vid)
        expected = canonical_labels(frame, **opts)[0]
        pd.testing.assert_frame_equal(back, expected)
        assert back["y"].tolist() == [int(v) for v in expected["y"]]
        assert len(back) == len(frame) and back["y"].sum() == frame["y"].sum()
        shuffled = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
        other = LabelStore.init(Path(tmp) / "t")
        assert other.commit(shuffled, rule="r", message="m", time=T0, **opts) == vid
        assert other.raw(vid) == store.raw(vid)


def test_a_concurrent_writer_is_detected_and_nothing_is_lost(two_versions, truth_labels):
    store, v1, v2 = two_versions
    other = LabelStore(store.path)
    real = store._write_manifest

    def meanwhile(vid, info):  # another process commits between our manifest and HEAD
        real(vid, info)
        store._write_manifest = real
        other.commit(flip(truth_labels, 2, seed=11), rule="other", message="theirs", time=T0)

    store._write_manifest = meanwhile
    with pytest.raises(ConfigError, match=r"HEAD: moved from .* by another writer"):
        store.commit(flip(truth_labels, 3, seed=12), rule="mine", message="ours", time=T0)
    theirs = store.head()
    assert store.manifest(theirs)["rule"] == "other" and store.manifest(theirs)["parent"] == v2
    assert len(store.versions()) == 4  # ours is kept, unreferenced
    assert store.verify().ok
    ours = store.commit(flip(truth_labels, 3, seed=12), rule="mine", message="ours", time=T0)
    assert store.manifest(ours)["parent"] == theirs
