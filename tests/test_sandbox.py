"""retailsim.sandbox: the four-step engine end to end, its invariants, determinism and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import retailsim as rs
from retailsim.sandbox import STEPS, SandboxResult, run_sandbox

ROWS = 2600  # 37 days of the convenience store: 22 to train on, 15 simulated
POLICIES = ["weeks_of_cover", "traditional", "ai", "oracle", "ai_elasticity_pricing"]
HEADLINE = (
    "r2_model",
    "r2_oracle",
    "r2_ratio",
    "cost_traditional",
    "cost_ai",
    "cost_oracle",
    "gap_closed",
    "fill_rate_traditional",
    "fill_rate_ai",
    "slow_mover_rate_traditional",
    "slow_mover_rate_ai",
    "turnover_traditional",
    "turnover_ai",
    "elasticity_mae",
    "chosen_service_level",
)


@pytest.fixture(scope="module")
def result() -> SandboxResult:
    return run_sandbox("convenience_store", seed=3, rows=ROWS, progress=False)


def test_four_steps_end_to_end(result):
    assert list(result.kpis.index) == POLICIES
    for col in ("fill_rate", "stock_out_share", "waste_units", "total_cost", "revenue"):
        assert np.isfinite(result.kpis[col]).all(), col
    for col in ("margin", "turnover", "slow_mover_rate"):
        assert np.isfinite(result.kpis[col]).all(), col
    assert result.kpis["fill_rate"].between(0, 1).all()
    assert result.kpis["slow_mover_rate"].between(0, 1).all()
    figures = result.to_dict()
    for name in HEADLINE:
        assert isinstance(figures[name], float) and math.isfinite(figures[name]), name
    assert figures["train_days"] == 22 and figures["n_days"] == 37
    assert 0 < figures["r2_oracle"] < 1 and figures["r2_model"] < 1
    assert figures["r2_ratio"] == pytest.approx(figures["r2_model"] / figures["r2_oracle"])
    assert figures["price_policy"] in ("constant", "elasticity")
    assert {f"seconds_{s}" for s in STEPS} <= set(figures)
    assert result.forecasts.mean.shape == (37, 24)
    assert "daily store-SKU" in result.r2_level


def test_step5_choice_is_the_cheapest_level_meeting_the_traditional_fill_rate(result):
    f, kpis = result.figures, result.kpis
    fill_t = f["fill_rate_traditional"]
    for family in ("ai", "oracle"):
        curve = result.curves[result.curves["family"] == family]
        ok = curve[curve["fill_rate"] >= fill_t]
        assert len(ok), family  # the grid reaches 0.98: both can match the rule of thumb
        best = ok.loc[ok["total_cost"].idxmin()]
        assert kpis.loc[family, "service_level"] == pytest.approx(best["service_level"])
        assert kpis.loc[family, "total_cost"] == pytest.approx(best["total_cost"])
        assert kpis.loc[family, "fill_rate"] >= fill_t
    assert f["service_level_feasible"] == 1.0
    # the matched-fill costs are read off the refined curves; gap closed follows its formula
    ct, ca, co = f["cost_traditional"], f["cost_ai"], f["cost_oracle"]
    assert ct == pytest.approx(kpis.loc["traditional", "total_cost"])
    assert f["gap_closed"] == pytest.approx((ct - ca) / (ct - co))
    # the clairvoyant bound is cheaper than the rule of thumb at the same fill rate
    assert co < ct
    # the price policy chosen: elasticity pricing only if it raised the margin at fill >= f_T
    dyn = kpis.loc["ai_elasticity_pricing"]
    better = dyn["margin"] > result.pricing.table.loc["constant", "margin"]
    assert (result.price_policy == "elasticity") == (better and dyn["fill_rate"] >= fill_t)


def test_deterministic_with_progress_bar(result, capsys):
    again = run_sandbox("convenience_store", seed=3, rows=ROWS, progress=True)
    err = capsys.readouterr().err
    assert "sandbox" in err  # the tqdm bar over the steps
    a, b = result.to_dict(), again.to_dict()
    timings = {k for k in a if k.startswith("seconds_")}
    assert {k: a[k] for k in a if k not in timings} == {k: b[k] for k in b if k not in timings}


def test_config_input_and_constant_pricing_only(capsys):
    cfg = rs.preset("convenience_store", rows=ROWS, seed=99)
    res = run_sandbox(
        cfg, seed=4, price_policies=("constant",), uncertainty="quantile", progress=False
    )
    assert res.forecasts.upper is not None and res.forecasts.upper_level == 0.9
    assert capsys.readouterr().err == ""
    assert res.config.seed == 4 and res.config.n_days == 37
    assert "ai_elasticity_pricing" not in res.kpis.index and res.pricing is None
    assert res.price_policy == "constant"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"service_levels": (0.5, 1.2)}, r"service_levels = 1\.2: must be in \(0, 1\)"),
        ({"service_levels": (0.0, 0.5)}, r"service_levels = 0\.0: must be in \(0, 1\)"),
        ({"service_levels": (0.9,)}, "at least two different levels"),
        ({"lead_time": -1}, r"lead_time = -1: must be an integer >= 0"),
        ({"config_or_preset": "hypermarket"}, "unknown preset; known presets"),
        ({"config_or_preset": 3}, "must be a preset name or a RetailConfig"),
        ({"price_policies": ("constant", "surge")}, "price_policies"),
        ({"rows": 500}, "the sandbox needs at least 14 training and 7 test days"),
        ({"seed": -1}, r"seed = -1: must be an integer >= 0"),
        ({"traditional_service_level": 1.0}, "traditional_service_level"),
        ({"uncertainty": "bayes"}, "uncertainty = 'bayes': must be one of"),
    ],
)
def test_invalid_inputs_are_named(kwargs, message):
    args = {"config_or_preset": "convenience_store", "seed": 0, "rows": ROWS, "progress": False}
    with pytest.raises(rs.ConfigError, match=message):
        run_sandbox(**{**args, **kwargs})
