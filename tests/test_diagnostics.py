"""retailsim.diagnostics: sparsity, imbalance and signal-to-noise against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from retailsim.diagnostics import (
    imbalance_ratio,
    r2_ceiling,
    signal_to_noise,
    sparsity,
    zero_share_by,
)


@pytest.fixture
def slots() -> pd.DataFrame:
    # two SKUs x two days x two slots; SKU "b" sells nothing on day 2
    return pd.DataFrame(
        {
            "date": ["d1", "d1", "d1", "d1", "d2", "d2", "d2", "d2"],
            "sku_id": ["a", "a", "b", "b", "a", "a", "b", "b"],
            "slot": ["am", "pm"] * 4,
            "units": [0, 2, 1, 0, 0, 0, 0, 0],
        }
    )


def test_sparsity_counts_zero_rows(slots):
    assert sparsity(slots, "units") == pytest.approx(6 / 8)


def test_sparsity_after_summing_to_sku_days(slots):
    # SKU-days: (d1,a)=2, (d1,b)=1, (d2,a)=0, (d2,b)=0 -> 2 of 4 are zero
    assert sparsity(slots, "units", by=["date", "sku_id"]) == pytest.approx(0.5)
    # whole days: d1=3, d2=0
    assert sparsity(slots, "units", by="date") == pytest.approx(0.5)


def test_zero_share_by_sku_sorted(slots):
    shares = zero_share_by(slots, "units", by="sku_id")
    assert shares.to_dict() == {"b": pytest.approx(3 / 4), "a": pytest.approx(3 / 4)}
    shares = zero_share_by(slots, "units", by=["date"])
    assert list(shares.index) == ["d2", "d1"]
    assert shares.tolist() == pytest.approx([1.0, 0.5])


def test_sparsity_missing_column_names_it_and_lists_present(slots):
    with pytest.raises(
        ValueError, match=r"missing column\(s\) 'units_sold'; columns present: date, sku_id"
    ):
        sparsity(slots)
    with pytest.raises(ValueError, match=r"missing column\(s\) 'store'"):
        sparsity(slots, "units", by=["date", "store"])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1, -1], "negative values"),
        ([1.0, np.nan], "missing values"),
        (["x", "y"], "must be numeric"),
    ],
)
def test_sparsity_rejects_bad_units(values, message):
    with pytest.raises(ValueError, match=message):
        sparsity(pd.DataFrame({"units": values}), "units")


def test_sparsity_rejects_empty_frame_and_non_frame():
    with pytest.raises(ValueError, match="no rows"):
        sparsity(pd.DataFrame({"units": pd.Series([], dtype=float)}), "units")
    with pytest.raises(ValueError, match="expected a pandas DataFrame, got list"):
        sparsity([0, 1], "units")


def test_imbalance_ratio_majority_over_minority():
    frame = pd.DataFrame({"slow": [True, False, False, False, False, True, False, False]})
    assert imbalance_ratio(frame, "slow") == pytest.approx(6 / 2)
    three = pd.DataFrame({"cls": ["a"] * 5 + ["b"] * 2 + ["c"]})
    assert imbalance_ratio(three, "cls") == pytest.approx(5.0)


def test_imbalance_ratio_errors():
    with pytest.raises(ValueError, match="at least two classes.*found: True"):
        imbalance_ratio(pd.DataFrame({"slow": [True, True]}), "slow")
    with pytest.raises(ValueError, match=r"missing column\(s\) 'label'; columns present: slow"):
        imbalance_ratio(pd.DataFrame({"slow": [True, False]}), "label")
    with pytest.raises(ValueError, match="missing values"):
        imbalance_ratio(pd.DataFrame({"slow": [True, None, False]}), "slow")


def test_signal_to_noise_hand_computed():
    # signal variance 1.25, noise +-0.5 -> variance 0.25 -> SNR 5
    frame = pd.DataFrame({"mu": [1.0, 2.0, 3.0, 4.0], "y": [1.5, 1.5, 3.5, 3.5]})
    assert signal_to_noise(frame, "mu", "y") == pytest.approx(5.0)


def test_signal_to_noise_rises_when_aggregating():
    rng = np.random.default_rng(0)
    mu = np.tile(rng.uniform(0.2, 3.0, 50), 40)  # 50 series x 40 periods
    frame = pd.DataFrame(
        {"series": np.tile(np.arange(50), 40), "mu": mu, "y": rng.poisson(mu).astype(float)}
    )
    row_level = signal_to_noise(frame, "mu", "y")
    series_level = signal_to_noise(frame, "mu", "y", by="series")
    assert series_level > 5 * row_level  # summing 40 periods averages the Poisson noise away


def test_signal_to_noise_errors():
    with pytest.raises(ValueError, match="noise variance is 0"):
        signal_to_noise(pd.DataFrame({"mu": [1.0, 2.0], "y": [1.0, 2.0]}), "mu", "y")
    with pytest.raises(
        ValueError, match=r"missing column\(s\) 'expected_demand', 'demand'; columns present: mu, y"
    ):
        signal_to_noise(pd.DataFrame({"mu": [1.0, 2.0], "y": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="at least 2 rows"):
        signal_to_noise(pd.DataFrame({"mu": [1.0], "y": [2.0]}), "mu", "y")


def test_r2_ceiling_matches_oracle_r2():
    assert r2_ceiling(5.0) == pytest.approx(5 / 6)
    assert r2_ceiling(0.0) == 0.0
    # the oracle (predicting the signal) reaches SNR / (1 + SNR) on independent noise
    rng = np.random.default_rng(1)
    signal = rng.normal(0, 2, 200_000)
    y = signal + rng.normal(0, 1, 200_000)
    frame = pd.DataFrame({"mu": signal, "y": y})
    oracle_r2 = 1 - np.sum((y - signal) ** 2) / np.sum((y - y.mean()) ** 2)
    assert r2_ceiling(signal_to_noise(frame, "mu", "y")) == pytest.approx(oracle_r2, abs=1e-3)
    with pytest.raises(ValueError, match="snr = -1"):
        r2_ceiling(-1)
