"""The label-model loop: versioned weekly labels, leak-free retraining, auto-labels and their
precision (retailsim/models/label_loop.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

import retailsim.models.label_loop as loop_module
from retailsim.config import ConfigError, preset
from retailsim.labels import LabelStore, is_slow_mover
from retailsim.models.label_loop import (
    auto_label,
    auto_label_precision,
    forward_rate,
    label_model_loop,
    trailing_rate,
    weekly_labels,
)
from retailsim.simulate import simulate

OPTS = {"horizon": 2}


@pytest.fixture(scope="module")
def sim():
    return simulate(preset("convenience_store", rows=8000, seed=3))


def _run(sim, path, **kw):
    return label_model_loop(sim.observed, path, truth=sim.truth.slow_movers, **{**OPTS, **kw})


@pytest.fixture(scope="module")
def run(sim, tmp_path_factory):
    return _run(sim, tmp_path_factory.mktemp("loop") / "store")


# ---- the loop -----------------------------------------------------------------------------


def test_same_seed_gives_the_same_table_and_version_ids(sim, run, tmp_path):
    again = _run(sim, tmp_path / "again")
    pd.testing.assert_frame_equal(run.table, again.table)
    pd.testing.assert_frame_equal(run.predictions, again.predictions)
    assert run.table["version"].str.len().eq(64).all()


def test_each_week_adds_one_version_whose_parent_is_the_previous(run):
    store = LabelStore(run.store_path)
    table = run.table
    assert len(store.versions()) == len(table)
    assert table["parent"].iloc[0] is None
    assert table["parent"].iloc[1:].tolist() == table["version"].iloc[:-1].tolist()
    assert store.head() == table["version"].iloc[-1]
    log = store.log()
    assert log["version"].tolist() == table["version"].iloc[::-1].tolist()
    assert log["message"].tolist() == [f"week {w}" for w in table["week"].iloc[::-1]]
    assert set(log["rule"]) == {"p25_slow_mover"}
    assert store.verify().ok
    # the default commit time: 06:00 UTC on the Monday after the week, from the frame's dates
    first = pd.Timestamp(store.manifest(table["version"].iloc[0])["time"])
    start = pd.Timestamp("2024-01-01T06:00:00Z")
    assert first == start + pd.Timedelta(days=7 * (table["week"].iloc[0] + 1))


def test_each_version_holds_the_labels_derived_from_the_data_up_to_its_week(sim, run):
    store = LabelStore(run.store_path)
    for week, vid in zip(run.table["week"], run.table["version"], strict=True):
        stored = store.checkout(vid)
        expected = weekly_labels(sim.observed, week)
        assert stored["week"].max() == week
        pd.testing.assert_frame_equal(
            stored.reset_index(drop=True), expected, check_dtype=False, check_like=True
        )


def test_point_in_time_labels_never_flip_between_versions(run):
    assert (run.table["flipped_share"].iloc[1:] == 0).all()
    assert (run.table["n_added"].iloc[1:] == 24).all()  # one new week x 24 SKUs
    assert not run.table["drifted"].any()


def test_full_history_labels_drift_and_are_flagged(sim, tmp_path):
    res = _run(sim, tmp_path / "full", history="full", drift_threshold=0.0)
    assert (res.table["flipped_share"].iloc[1:] > 0).any()
    assert res.table["drifted"].any()
    assert set(LabelStore(res.store_path).log()["rule"]) == {"p25_slow_mover_full"}


def test_injected_commit_time_and_rule_are_stored(sim, tmp_path):
    t0 = datetime(2030, 1, 1, tzinfo=UTC)
    res = _run(
        sim, tmp_path / "s", weeks=2, rule="my_rule", commit_time=lambda w: t0 + timedelta(w)
    )
    store = LabelStore(res.store_path)
    times = [store.manifest(v)["time"] for v in res.table["version"]]
    weeks = res.table["week"].tolist()
    assert times == [(t0 + timedelta(w)).strftime("%Y-%m-%dT%H:%M:%SZ") for w in weeks]
    assert store.manifest()["rule"] == "my_rule"
    assert len(res.table) == 2


def test_no_label_or_prediction_of_week_w_uses_data_after_w(sim, tmp_path):
    frame = sim.observed.astype({"units_sold": np.int64, "stock_on_hand": np.int64})
    cut_week = 10
    later = (frame["date"] - frame["date"].min()).dt.days >= 7 * (cut_week + 1)
    rng = np.random.default_rng(0)
    frame.loc[later, "units_sold"] = rng.integers(0, 50, later.sum())
    frame.loc[later, "stock_on_hand"] = rng.integers(0, 80, later.sum())
    for history in ("point_in_time", "full"):
        assert weekly_labels(frame, cut_week, history=history).equals(
            weekly_labels(sim.observed, cut_week, history=history)
        )
        a = label_model_loop(sim.observed, tmp_path / f"a{history}", history=history, **OPTS)
        b = label_model_loop(frame, tmp_path / f"b{history}", history=history, **OPTS)
        early = a.table["week"] <= cut_week
        assert early.sum() >= 2 and (~early).any()
        assert a.table.loc[early, "version"].equals(b.table.loc[early, "version"])
        assert not a.table.loc[~early, "version"].equals(b.table.loc[~early, "version"])
        pa, pb = a.predictions, b.predictions
        np.testing.assert_array_equal(
            pa.loc[pa["week"] <= cut_week, "predicted_rate"],
            pb.loc[pb["week"] <= cut_week, "predicted_rate"],
        )


def test_scores_and_precision_columns(run, tmp_path, sim):
    table = run.table
    assert table["auc"].between(0, 1).all() and table["baseline_auc"].between(0, 1).all()
    assert (table["n_auto"] <= table["n_series"]).all()
    p = run.predictions
    week = p[p["week"] == table["week"].iloc[0]]
    expected = auto_label_precision(week["predicted_rate"], week["truth_rate"], 0.3)
    assert table["precision"].iloc[0] == pytest.approx(expected["precision"])
    assert (p["auto_label"] == (p["predicted_rate"] > 0.3)).all()
    assert p["predicted_rate"].between(0, 1).all()
    summary = run.summary()
    assert summary["n_auto"] == p["auto_label"][p["truth_rate"].notna()].sum()
    # without the truth the loop still runs; the precision is unknown
    res = label_model_loop(sim.observed, tmp_path / "nt", weeks=1, **OPTS)
    assert np.isnan(res.table["precision"].iloc[0]) and res.predictions["truth_rate"].isna().all()


# ---- the pieces ---------------------------------------------------------------------------


def test_auto_label_precision_on_a_hand_example():
    predicted = [0.9, 0.5, 0.31, 0.3, 0.1, 0.8]
    true = [0.5, 0.25, 0.75, 1.0, 1.0, np.nan]  # the last series has no truth: left out
    got = auto_label_precision(predicted, true, threshold=0.3)
    # flagged (> 0.3): 0.9, 0.5, 0.31 (0.3 is not > 0.3); truly slow among them: 0.5, 0.75
    assert got == {
        "n": 5.0,
        "n_flagged": 3.0,
        "n_correct": 2.0,
        "precision": pytest.approx(2 / 3),
        "base_rate": pytest.approx(4 / 5),
    }
    assert np.isnan(auto_label_precision([0.1, 0.2], [1.0, 1.0])["precision"])
    np.testing.assert_array_equal(auto_label([0.2, 0.5, np.nan], 0.3), [False, True, False])


def test_forward_and_trailing_rates_by_hand():
    labels = pd.DataFrame(
        {
            "store_id": ["A"] * 5 + ["B"] * 4,
            "sku_id": ["x"] * 9,
            "week": [4, 5, 6, 7, 8, 6, 7, 8, 10],  # B has no week 9
            "is_slow_mover": [1, 0, 1, 1, 0, 1, 1, 0, 0],
        }
    )
    fwd = forward_rate(labels, 2)  # mean of weeks v+1, v+2; NaN unless both are labelled
    np.testing.assert_allclose(fwd, [0.5, 1.0, 0.5, np.nan, np.nan, 0.5, np.nan, np.nan, np.nan])
    back = trailing_rate(labels, 2)  # mean of the labelled weeks among v-1, v
    np.testing.assert_allclose(back, [1.0, 0.5, 0.5, 1.0, 0.5, 1.0, 1.0, 0.5, 0.0])
    shuffled = labels.sample(frac=1.0, random_state=0)
    pd.testing.assert_series_equal(forward_rate(shuffled, 2), fwd.loc[shuffled.index])


def test_f1_matches_sklearn():
    rng = np.random.default_rng(1)
    for _ in range(50):
        actual, flagged = rng.random((2, int(rng.integers(1, 30)))) < rng.random(2)[:, None]
        expected = f1_score(actual, flagged, zero_division=0)
        assert loop_module._f1(actual, flagged) == pytest.approx(expected)


def test_weekly_labels_point_in_time_is_the_rule_and_full_uses_every_week(sim):
    frame = sim.observed
    rule = is_slow_mover(frame).dropna(subset=["is_slow_mover"])
    got = weekly_labels(frame)
    np.testing.assert_array_equal(got["is_slow_mover"], rule["is_slow_mover"].astype(int))
    full = weekly_labels(frame, 9, history="full")
    weekly = is_slow_mover(frame[frame["date"] < frame["date"].min() + pd.Timedelta(days=70)])
    one = weekly[(weekly["sku_id"] == "C01")]
    threshold = one["units"].quantile(0.25)
    expected = (one["units"] < threshold).astype(int)[one["is_slow_mover"].notna()]
    np.testing.assert_array_equal(full.loc[full["sku_id"] == "C01", "is_slow_mover"], expected)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("threshold", {"threshold": 0}),
        ("threshold", {"threshold": 1}),
        ("threshold", {"threshold": 1.5}),
        ("threshold", {"threshold": True}),
        ("threshold", {"threshold": "0.3"}),
        ("weeks", {"weeks": 0}),
        ("weeks", {"weeks": -2}),
        ("weeks", {"weeks": 2.5}),
        ("weeks", {"weeks": 99}),
        ("horizon", {"horizon": 0}),
        ("history", {"history": "future"}),
        ("first_week", {"first_week": 3}),
        ("first_week", {"first_week": 99}),
        ("drift_threshold", {"drift_threshold": 2}),
    ],
)
def test_bad_parameters_raise_config_error_naming_the_field(sim, tmp_path, field, kwargs):
    with pytest.raises(ConfigError) as err:
        label_model_loop(sim.observed, tmp_path / "s", **kwargs)
    assert err.value.path == field
    assert not (tmp_path / "s").exists()  # nothing written


def test_bad_inputs_of_the_pieces():
    with pytest.raises(ConfigError, match="threshold"):
        auto_label([0.5], threshold=0.0)
    with pytest.raises(ConfigError, match="true_rate"):
        auto_label_precision([0.5, 0.4], [1.0])
    with pytest.raises(ConfigError, match="horizon"):
        forward_rate(pd.DataFrame(), 0)
    with pytest.raises(ValueError, match="units_sold"):
        weekly_labels(pd.DataFrame({"sku_id": ["a"], "store_id": ["s"], "date": ["2024-01-01"]}))
