"""``run_sandbox``: the four-step engine, generate -> train -> predict -> simulate -> optimise.

1. **generate**: ``simulate(config)``, e.g. 5,000 observed rows; the truth is kept apart;
2. **train**: LightGBM on the first ``train_days`` days of *observed* daily store-SKU sales
   (time split), predicting every day's mean and ``sigma`` (negative-binomial residual
   variance, or a 0.9-quantile model); ``R^2`` on the held-out days against the true demand,
   beside the oracle's ``R^2`` (the true expected demand as the forecast; see ``train``);
3. **predict** the pricing parameters: own and cross price elasticities from the training
   days (their own-price MAE against the truth is reported, never used);
4. **simulate** the stock on the held-out days with common random numbers for the rules of
   thumb, the AI policy and the oracle (see ``policies``);
5. **optimise**: the AI's service level minimising cost subject to a fill rate no lower than
   the traditional rule's, then constant vs elasticity pricing by margin (see ``optimise``).

Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
"""

from __future__ import annotations

import time

import pandas as pd
from tqdm.auto import tqdm

from retailsim.decisions import DemandScenario, compare_with_truth, simulate_inventory
from retailsim.simulate import simulate

from . import optimise, policies
from .result import SandboxResult, flat_figures
from .settings import DEFAULT_SERVICE_LEVELS, PRICE_POLICIES, make_settings
from .train import R2_LEVEL, elasticities, forecast, r2_scores

STEPS = ("generate", "train", "predict", "simulate", "optimise")


def run_sandbox(
    config_or_preset="convenience_store",
    *,
    seed: int,
    rows: int | None = None,
    service_levels=DEFAULT_SERVICE_LEVELS,
    price_policies=PRICE_POLICIES,
    lead_time: int | None = None,
    review_period: int = 1,
    train_share: float = 0.6,
    traditional_service_level: float = 0.95,
    uncertainty: str = "residual",
    progress: bool = True,
) -> SandboxResult:
    """Run the four steps (module docstring) and return a ``SandboxResult``.

    ``config_or_preset``: preset name (``rows`` default 5000) or ``RetailConfig``;
    ``service_levels``: the grid step 5 searches (each in (0, 1), at least two);
    ``price_policies``: ``("constant",)`` or ``("constant", "elasticity")``; ``lead_time``
    (days, >= 0; default the config's ``inventory.lead_time_days``) and ``review_period``
    (days, >= 1) of the replenishment; ``train_share``: share of the days used as training
    history (the rest are simulated and held out); ``uncertainty``: the AI's forecast spread,
    ``"residual"`` or ``"quantile"`` (see ``train``); ``progress``: a tqdm bar over the steps.

    Raises ``ConfigError`` (a ``ValueError``) for an unknown preset, a service level outside
    (0, 1), a negative lead time, an unknown price policy or uncertainty, or too few rows.

    Used in: 05_sandbox_architecture, 12_lab2_four_step_sandbox.
    """
    s = make_settings(
        config_or_preset,
        seed=seed,
        rows=rows,
        service_levels=service_levels,
        price_policies=price_policies,
        lead_time=lead_time,
        review_period=review_period,
        train_share=train_share,
        traditional_service_level=traditional_service_level,
        uncertainty=uncertainty,
    )
    seconds: dict[str, float] = {}
    bar = tqdm(total=len(STEPS), desc="sandbox", disable=not progress, leave=False)
    clock = time.perf_counter()

    def done(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[f"seconds_{step}"] = now - clock
        clock = now
        bar.update(1)

    try:
        bar.set_postfix_str("1 generate")
        result = simulate(s.config)
        scenario = DemandScenario.from_simulation(result)
        done("generate")

        bar.set_postfix_str("2 train")
        forecasts = forecast(result, scenario, s.train_days, s.uncertainty)
        scores = r2_scores(scenario, forecasts, s.train_days)
        done("train")

        bar.set_postfix_str("3 predict")
        estimates = elasticities(result, scenario, s.train_days)
        own = estimates.own_elasticity(True)
        accuracy = compare_with_truth(estimates, result.truth.elasticity)
        done("predict")

        bar.set_postfix_str("4 simulate")
        run = {"params": s.params, "warmup_days": s.train_days}
        rows = {}
        for name, pol in policies.traditional_policies(s.traditional_service_level).items():
            level = s.traditional_service_level if name == "traditional" else None
            rows[name] = policies.policy_kpis(simulate_inventory(scenario, pol, **run), own, level)
        fill_t = rows["traditional"]["fill_rate"]
        cost_t = rows["traditional"]["total_cost"]

        def make_ai(level):
            return policies.ai_policy(forecasts, level)

        curves = pd.concat(
            [
                optimise.sweep(make_ai, s.service_levels, scenario, **run).assign(family="ai"),
                optimise.sweep(policies.oracle_policy, s.service_levels, scenario, **run).assign(
                    family="oracle"
                ),
            ],
            ignore_index=True,
        )
        done("simulate")

        bar.set_postfix_str("5 optimise")
        chosen, refined = {}, []
        for family, make in (("ai", make_ai), ("oracle", policies.oracle_policy)):
            curve = curves[curves["family"] == family].drop(columns="family")
            curve = optimise.refine(make, curve, fill_t, scenario, **run)
            refined.append(curve.assign(family=family))
            level, ok = optimise.choose_level(curve, fill_t)
            chosen[family] = (level, ok)
            inv = simulate_inventory(scenario, make(level), **run)
            rows[family] = policies.policy_kpis(inv, own, level)
        curves = pd.concat(refined, ignore_index=True)
        matched = optimise.matched_costs(curves, cost_t, fill_t)
        pricing, price_policy = None, "constant"
        if "elasticity" in s.price_policies:
            per_series = own.reindex(scenario.keys["sku_id"].astype(str)).to_numpy()
            price_response = (per_series, scenario.price)
            price_policy, pricing = optimise.choose_pricing(
                result,
                own,
                policies.ai_policy(forecasts, chosen["ai"][0], price_response),
                seed=s.config.seed,
                fill_target=fill_t,
                **run,
            )
            rows["ai_elasticity_pricing"] = policies.policy_kpis(
                pricing.dynamic, own, chosen["ai"][0]
            )
        done("optimise")
    finally:
        bar.close()

    kpis = pd.DataFrame.from_dict(rows, orient="index").rename_axis("policy")
    figures = {
        "rows": float(s.config.n_rows),
        "n_days": float(s.config.n_days),
        "train_days": float(s.train_days),
        "lead_time": float(s.params.lead_time),
        "seed": float(s.config.seed),
        **scores,
        **matched,
        "chosen_service_level": chosen["ai"][0],
        "service_level_feasible": float(chosen["ai"][1]),
        "oracle_service_level": chosen["oracle"][0],
        "price_policy": price_policy,
        "elasticity_mae": accuracy["own_mae"],
        "cross_elasticity_sign_accuracy": accuracy["cross_sign_accuracy"],
        **flat_figures(kpis),
        **seconds,
        "seconds_total": sum(seconds.values()),
    }
    return SandboxResult(
        settings=s,
        kpis=kpis,
        curves=curves[["family", "service_level", "fill_rate", "total_cost", "margin"]],
        figures=figures,
        forecasts=forecasts,
        elasticity=estimates,
        pricing=pricing,
        r2_level=R2_LEVEL,
    )
