"""The simulator: documented columns, row order, invariants, realism and reproducibility."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from retailsim import (
    OBSERVED_COLUMNS,
    PRESETS,
    ConfigError,
    GroundTruth,
    SimulationResult,
    Simulator,
    preset,
    simulate,
)
from retailsim.simulate import TRUTH_ROW_COLUMNS, read_observed, slow_mover_table, write_table

KEYS = ["date", "store_id", "sku_id", "time_slot"]


@pytest.fixture(scope="module")
def conv() -> SimulationResult:
    return simulate(preset("convenience_store", rows=5000, seed=7))


@pytest.fixture(scope="module")
def sup() -> SimulationResult:
    return simulate(preset("supermarket", rows=20_000, seed=3, n_stores=2))


@pytest.fixture(scope="module", params=["conv", "sup"])
def result(request) -> SimulationResult:
    return request.getfixturevalue(request.param)


def test_observed_columns_and_dtypes_are_the_contract(result):
    obs = result.observed
    assert list(obs.columns) == list(OBSERVED_COLUMNS)
    for name, column in OBSERVED_COLUMNS.items():
        assert str(obs[name].dtype) == column.dtype, name
    assert list(result.truth.rows.columns) == list(TRUTH_ROW_COLUMNS)


def test_truth_never_in_observed(result):
    hidden = {"expected_demand", "demand", "lost_sales", "is_slow_mover", "expected_units"}
    hidden |= {"own_elasticity", "cross_elasticity", "competitor_sensitivity", "base_demand"}
    assert not hidden & set(result.observed.columns)


def test_row_count_and_order(result):
    cfg, obs = result.config, result.observed
    assert len(obs) == cfg.n_rows == cfg.n_days * cfg.n_stores * cfg.n_skus * cfg.n_slots
    codes = [obs["date"].to_numpy()] + [obs[k].cat.codes.to_numpy() for k in KEYS[1:]]
    order = np.lexsort(codes[::-1])
    assert (order == np.arange(len(obs))).all()
    assert list(obs["time_slot"].cat.categories) == list(cfg.time_slots.names)
    assert obs["time_slot"].cat.ordered
    pd.testing.assert_frame_equal(obs[KEYS], result.truth.rows[KEYS])


def test_stock_invariants(result):
    obs, rows = result.observed, result.truth.rows
    assert (obs["stock_on_hand"] >= 0).all()
    assert (obs["units_sold"] <= obs["stock_on_hand"]).all()
    assert (rows["demand"] >= obs["units_sold"]).all()
    assert (rows["lost_sales"] == rows["demand"] - obs["units_sold"]).all()
    lost = rows["lost_sales"] > 0
    assert (obs.loc[lost, "units_sold"] == obs.loc[lost, "stock_on_hand"]).all()


def test_received_on_first_slot_and_waste_on_last(result):
    obs, slots = result.observed, result.config.time_slots.names
    assert (obs.loc[obs["time_slot"] != slots[0], "units_received"] == 0).all()
    assert (obs.loc[obs["time_slot"] != slots[-1], "units_wasted"] == 0).all()
    assert obs["units_received"].sum() > 0


def test_stock_flows_balance(result):
    """stock(first slot, d+1) = stock(first slot, d) - sold(d) - wasted(d) + received(d+1)."""
    obs = result.observed
    day = obs.groupby(["store_id", "sku_id", "date"], observed=True, sort=True).agg(
        start=("stock_on_hand", "first"),
        sold=("units_sold", "sum"),
        wasted=("units_wasted", "sum"),
        received=("units_received", "sum"),
    )
    for _, g in day.groupby(level=["store_id", "sku_id"], observed=True):
        left = (g["start"] - g["sold"] - g["wasted"]).to_numpy()[:-1]
        assert (left + g["received"].to_numpy()[1:] == g["start"].to_numpy()[1:]).all()
        assert (left >= 0).all()


def test_only_perishables_expire(result):
    obs = result.observed
    wasted = obs.groupby("sku_id", observed=True).agg(
        wasted=("units_wasted", "sum"), life=("shelf_life_days", "first")
    )
    assert (wasted.loc[wasted["life"] > 60, "wasted"] == 0).all()
    assert wasted.loc[wasted["life"] <= 3, "wasted"].sum() > 0


def test_markdowns_are_evening_perishables_below_regular_price(result):
    obs = result.observed
    md = obs[obs["promo_type"] == "markdown"]
    assert len(md) > 0
    assert (md["shelf_life_days"] <= 3).all()
    assert set(md["time_slot"]) == {result.config.time_slots.names[-1]}
    assert (md["price"] < md["base_price"] * 0.95).all()


def test_prices_in_cents_and_promotions_cheaper(result):
    obs = result.observed
    for col in ("price", "base_price", "competitor_price"):
        assert np.allclose(obs[col], obs[col].round(2))
    assert (obs["price"] > 0).all() and (obs["competitor_price"] > 0).all()
    ratio = (obs["price"] / obs["base_price"]).groupby(obs["promo_type"], observed=True).mean()
    assert ratio["bogo"] < ratio["discount"] < ratio["none"]
    assert obs["price"][obs["promo_type"] == "none"].nunique() > obs["sku_id"].nunique()


def test_externals_are_plausible(sup):
    obs = sup.observed
    assert set(obs["weather"]) <= set(sup.config.weather.all_states)
    assert obs["weather"].nunique() >= 3
    assert -25 < obs["temperature_c"].min() < obs["temperature_c"].max() < 45
    assert obs.loc[obs["is_holiday"], "holiday_name"].ne("none").all()
    assert (obs.loc[~obs["is_holiday"], "holiday_name"] == "none").all()
    assert obs["date"].min() == pd.Timestamp(sup.config.start_date)
    assert (obs["day_of_week"] == obs["date"].dt.dayofweek).all()
    per_region = obs.groupby(["date", "region"], observed=True)["weather"].nunique()
    assert (per_region == 1).all()


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("seed", range(5))
def test_sparsity_within_documented_range(name, seed):
    low, high = PRESETS[name].sparsity_range
    assert low <= simulate(preset(name, rows=5000, seed=seed)).sparsity <= high


def test_convenience_is_sparser(conv):
    sup = simulate(preset("supermarket", rows=5000, seed=7))
    assert conv.sparsity > sup.sparsity + 0.2


def test_demand_is_overdispersed(sup):
    rows = sup.truth.rows
    big = rows[rows["expected_demand"].between(2, 6)]
    assert big["demand"].var() > 1.3 * big["expected_demand"].mean()


def test_drivers_move_expected_demand(conv):
    """Rain sells umbrellas; promotions lift demand; commuter weekdays beat weekends."""
    frame = conv.observed.assign(lam=conv.truth.rows["expected_demand"].to_numpy())
    umbrella = frame[frame["category"] == "雨具"].groupby("weather", observed=True)["lam"].mean()
    assert umbrella["雨"] > 3 * umbrella["晴"]
    promo = frame.groupby(frame["promo_type"] != "none")["lam"].mean()
    assert promo[True] > promo[False]
    weekday = frame.groupby(frame["day_of_week"] >= 5)["lam"].mean()
    assert weekday[False] > weekday[True]


def test_elasticity_truth(conv):
    truth, cfg = conv.truth, conv.config
    e = truth.elasticity
    assert list(e.index) == list(e.columns) == list(cfg.sku_ids)
    assert np.allclose(np.diag(e), [s.own_elasticity for s in cfg.skus])
    assert np.allclose(e.to_numpy(), e.to_numpy().T)
    for rel in truth.relations.itertuples():
        value = e.loc[rel.sku_a, rel.sku_b]
        assert value == rel.cross_elasticity
        assert (value > 0) == (rel.relation == "substitute")
    assert {"competitor_sensitivity", "own_elasticity", "base_demand"} <= set(truth.skus.columns)


def test_relation_graph(conv):
    graph = conv.truth.to_networkx()
    assert graph.number_of_nodes() == conv.config.n_skus
    assert graph.number_of_edges() == len(conv.config.relations)
    assert graph.nodes["C24"]["name"] == "折叠雨伞"
    assert graph.edges["C13", "C14"]["relation"] == "substitute"


def test_slow_movers_follow_the_documented_rule(sup):
    slow = sup.truth.slow_movers
    assert list(slow.columns) == [
        "store_id",
        "sku_id",
        "week",
        "days",
        "expected_units",
        "is_slow_mover",
    ]
    assert len(slow) == sup.config.n_stores * sup.config.n_skus * slow["week"].nunique()
    rows = sup.truth.rows
    week = (rows["date"] - pd.Timestamp(sup.config.start_date)).dt.days // 7
    weekly = rows.groupby([rows["store_id"], rows["sku_id"], week], observed=True)[
        "expected_demand"
    ].sum()
    full = slow[slow["days"] == 7].set_index(["store_id", "sku_id", "week"])["expected_units"]
    assert np.allclose(full, weekly.reindex(full.index))
    q25 = slow.groupby(["store_id", "sku_id"], observed=True)["expected_units"].transform(
        lambda s: s.quantile(0.25)
    )
    expected = (slow["expected_units"] < q25) | (slow["expected_units"] < 1)
    assert (slow["is_slow_mover"] == expected).all()
    assert 0.2 < slow["is_slow_mover"].mean() < 0.5


def test_same_config_same_data_and_seed_matters(conv):
    again = simulate(conv.config)
    pd.testing.assert_frame_equal(again.observed, conv.observed)
    pd.testing.assert_frame_equal(again.truth.rows, conv.truth.rows)
    other = simulate(conv.config.replace(seed=8))
    assert not other.observed["units_sold"].equals(conv.observed["units_sold"])


@pytest.mark.parametrize(("a", "b"), [(1, 1), (3, 11), (10, 25)])
def test_advance_split_equals_one_run(a, b):
    cfg = preset("supermarket", rows=3000, seed=5, n_stores=2)
    sim = Simulator(cfg)
    first, second = sim.advance(a), sim.advance(b)
    whole = Simulator(cfg).advance(a + b)
    for name in ("observed",):
        joined = pd.concat([getattr(first, name), getattr(second, name)], ignore_index=True)
        pd.testing.assert_frame_equal(joined, getattr(whole, name))
    joined = pd.concat([first.truth.rows, second.truth.rows], ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole.truth.rows)
    assert second.first_day == a and sim.day == a + b


def test_run_and_next_week(conv):
    sim = Simulator(conv.config)
    first = sim.run()
    pd.testing.assert_frame_equal(first.observed, conv.observed)
    week = sim.next_week()
    assert len(week.observed) == 504 and week.n_days == 7
    assert week.observed["date"].min() == conv.observed["date"].max() + pd.Timedelta(days=1)
    assert week.observed["week"].min() == conv.config.n_days // 7
    assert week.first_day == conv.config.n_days


def test_advance_rejects_bad_days(conv):
    with pytest.raises(ConfigError, match="n_days = 0"):
        Simulator(conv.config).advance(0)
    with pytest.raises(ConfigError, match="must be a RetailConfig"):
        Simulator({"format": "supermarket"})  # type: ignore[arg-type]


def test_identical_bytes_across_processes(conv, tmp_path):
    csv, parquet = tmp_path / "here.csv", tmp_path / "here.parquet"
    write_table(conv.observed, csv)
    write_table(conv.observed, parquet)
    code = textwrap.dedent(
        f"""
        from retailsim import preset, simulate
        from retailsim.simulate import write_table
        res = simulate(preset("convenience_store", rows=5000, seed=7))
        write_table(res.observed, {str(tmp_path / "there.csv")!r})
        write_table(res.observed, {str(tmp_path / "there.parquet")!r})
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert (tmp_path / "there.csv").read_bytes() == csv.read_bytes()
    assert (tmp_path / "there.parquet").read_bytes() == parquet.read_bytes()


def test_read_observed_restores_dtypes(conv, tmp_path):
    path = write_table(conv.observed, tmp_path / "sales.csv")
    back = read_observed(path)
    assert list(back.columns) == list(OBSERVED_COLUMNS)
    for name, column in OBSERVED_COLUMNS.items():
        assert str(back[name].dtype) == column.dtype, name
    assert (back["units_sold"].to_numpy() == conv.observed["units_sold"].to_numpy()).all()
    assert (back["sku_name"].astype(str) == conv.observed["sku_name"].astype(str)).all()


def test_truth_and_result_save(conv, tmp_path):
    manifest = conv.truth.save(tmp_path / "truth")
    text = manifest.read_text(encoding="utf-8")
    for name in ("rows", "elasticity", "relations", "skus", "slow_movers"):
        assert (tmp_path / "truth" / f"{name}.csv").is_file() and name in text
    out = conv.save(tmp_path / "all", format="parquet")
    assert (out / "observed.parquet").is_file() and (out / "config.yml").is_file()
    assert (out / "truth" / "rows.parquet").is_file()


def test_concat_consecutive_blocks():
    cfg = preset("convenience_store", rows=1000, seed=2)
    sim = Simulator(cfg)
    blocks = [sim.run(), sim.next_week(), sim.next_week()]
    joined = SimulationResult.concat(blocks)
    whole = Simulator(cfg).advance(cfg.n_days + 14)
    pd.testing.assert_frame_equal(joined.observed, whole.observed)
    pd.testing.assert_frame_equal(joined.truth.slow_movers, whole.truth.slow_movers)
    with pytest.raises(ValueError, match="consecutive"):
        SimulationResult.concat([blocks[0], blocks[2]])


def test_slow_mover_table_on_concatenated_blocks():
    cfg = preset("convenience_store", rows=2000, seed=1)
    sim = Simulator(cfg)
    blocks = [sim.advance(10), sim.advance(18)]
    rows = pd.concat([b.truth.rows for b in blocks], ignore_index=True)
    whole = Simulator(cfg).advance(28)
    pd.testing.assert_frame_equal(slow_mover_table(rows, cfg.start_date), whole.truth.slow_movers)
    assert isinstance(whole.truth, GroundTruth)


def test_engine_applies_own_and_cross_elasticities_exactly():
    """Same seed, same draws: changing one elasticity rescales expected demand by the formula."""
    cfg = preset("convenience_store", rows=3000, seed=11)
    base = simulate(cfg)
    no_relations = cfg.replace(relations=tuple(r for r in cfg.relations if r.sku_a != "C13"))
    steeper = cfg.replace(
        skus=tuple(
            s if s.sku_id != "C12" else dataclasses.replace(s, own_elasticity=-1.7)
            for s in cfg.skus
        )
    )
    obs = base.observed

    def lam(res, sku):
        mask = (res.observed["sku_id"] == sku).to_numpy()
        return res.truth.rows["expected_demand"].to_numpy()[mask]

    cola = (obs["sku_id"] == "C13").to_numpy()
    cola_ratio = (obs["price"] / obs["base_price"]).to_numpy()[cola]
    ratio = lam(base, "C14") / lam(simulate(no_relations), "C14")
    np.testing.assert_allclose(ratio, cola_ratio**0.8, rtol=1e-9)  # C13-C14 substitutes, 0.8
    water = (obs["sku_id"] == "C12").to_numpy()
    water_ratio = (obs["price"] / obs["base_price"]).to_numpy()[water]
    ratio = lam(simulate(steeper), "C12") / lam(base, "C12")
    np.testing.assert_allclose(ratio, water_ratio ** (-1.7 + 0.7), rtol=1e-9)
    assert (water_ratio != 1).any() and (cola_ratio != 1).any()
