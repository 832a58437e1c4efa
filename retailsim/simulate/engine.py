"""The simulation engine: ``Simulator`` and ``simulate``.

One step is one day, vectorised over every store-SKU series and time slot:

1. externals (calendar, weather, competitor) and prices/weekly promotions for the block of
   days are drawn up front (``externals``, ``pricing``); the expected demand without evening
   markdowns follows from the formula in ``demand``;
2. for each day: receive deliveries and place orders; then slot by slot: at the start of a
   markdown slot, mark down perishables that still hold units expiring today (this re-prices
   the slot and, through the cross elasticities, moves the demand of related SKUs); draw
   negative-binomial demand; sell, censored by the stock left. At the end of the day remove
   sales FIFO, waste expired units and age the stock.

All draws come from per-day (or per-week) random streams ``default_rng([seed, stream, index])``,
so ``Simulator(cfg).advance(a)`` then ``.advance(b)`` gives exactly the rows of
``advance(a + b)``, and the same config gives the same data in any process.

Used in: 01_small_data_retail, 05_sandbox_architecture, 08_incremental_lightgbm (next_week),
12_lab2_four_step_sandbox.
"""

from __future__ import annotations

import numpy as np

from retailsim.config import ConfigError, RetailConfig

from . import demand, externals, inventory, pricing, streams
from .frame import build_frames
from .result import SimulationResult
from .world import compile_world


class Simulator:
    """A retail world that can be advanced day by day, week by week.

    ``run()`` simulates ``config.n_days`` days (on a new simulator: the same as
    ``simulate(config)``); ``next_week()`` the next 7 days; ``advance(n_days)`` any number of
    days. Each call returns a :class:`SimulationResult` for the new days only; weeks, stock and
    prices carry on from the previous call.

    Used in: 05_sandbox_architecture, 08_incremental_lightgbm (500 new rows per week),
    13_label_model_loop.
    """

    def __init__(self, config: RetailConfig) -> None:
        if not isinstance(config, RetailConfig):
            raise ConfigError("config", "must be a RetailConfig (see retailsim.preset)", config)
        self.config = config
        self.world = compile_world(config)
        self.policy = inventory.compile_policy(self.world)
        self._externals = externals.initial_state(self.world)
        self._prices = pricing.initial_state(self.world)
        self._stock = inventory.initial_state(self.policy)
        self._day = 0

    @property
    def day(self) -> int:
        """Number of days simulated so far (the global index of the next day)."""
        return self._day

    def run(self) -> SimulationResult:
        """Simulate ``config.n_days`` days."""
        return self.advance(self.config.n_days)

    def next_week(self) -> SimulationResult:
        """Simulate the next 7 days (504 rows for the one-store convenience_store preset)."""
        return self.advance(7)

    def advance(self, n_days: int) -> SimulationResult:
        """Simulate the next ``n_days`` days and return their observed rows and truth."""
        if isinstance(n_days, bool) or not isinstance(n_days, int | np.integer) or n_days < 1:
            raise ConfigError("n_days", "must be an integer >= 1", n_days)
        first = self._day
        ext = externals.simulate_externals(self.world, self._externals, first, int(n_days))
        prices = pricing.simulate_prices(self.world, self._prices, first, int(n_days))
        arrays = self._loop(ext, prices)
        self._day += int(n_days)
        observed, truth_rows = build_frames(self.world, self.policy, ext, prices, arrays)
        return SimulationResult.create(observed, truth_rows, self.config, first)

    def _loop(self, ext: externals.Externals, prices: pricing.Prices) -> dict[str, np.ndarray]:
        world, policy, state = self.world, self.policy, self._stock
        n, q, k = len(ext.day_index), world.n_series, world.n_slots
        log_ratio = np.log(prices.price) - np.tile(world.log_base_price, world.n_stores)[:, None]
        shape4 = (n, world.n_stores, world.n_skus, k)
        factor = demand.price_factor(log_ratio.reshape(shape4), world.elasticity)
        mean = (factor * (world.base_rate * ext.multiplier[..., None])).reshape(n, q, k)
        mean *= prices.lift
        stock_out = np.empty((n, q, k), dtype=np.int64)
        sold_out = np.empty((n, q, k), dtype=np.int64)
        demand_out = np.empty((n, q, k), dtype=np.int64)
        received_out = np.empty((n, q), dtype=np.int64)
        wasted_out = np.empty((n, q), dtype=np.int64)
        seed, r = world.config.seed, world.config.dispersion
        md = world.markdown
        segments = _segments(md.slot_mask if md is not None else np.zeros(k, dtype=bool))
        for t, day in enumerate(ext.day_index):
            received_out[t] = inventory.start_of_day(state, policy, int(day))
            rng = streams.rng(seed, streams.DEMAND, int(day))
            gamma = rng.standard_gamma(r, size=(q, k))  # demand noise, drawn before prices act
            if md is not None:
                act = rng.random(q) < md.frequency  # the store's markdown diligence today
                expiring = inventory.expiring(state, policy)
            on_hand = state.stock.sum(axis=1)
            sold_so_far = np.zeros(q, dtype=np.int64)
            for a, b, is_markdown_slot in segments:
                if is_markdown_slot:
                    left = expiring - sold_so_far  # FIFO: the oldest units sell first
                    marked = pricing.markdown_today(world, left, act)
                    if marked.any():
                        self._apply_markdown(t, a, marked, prices, log_ratio, mean)
                d = demand.draw_demand(rng, mean[t, :, a:b], r, gamma[:, a:b])
                cum_sold = np.minimum(np.cumsum(d, axis=1), (on_hand - sold_so_far)[:, None])
                sold = cum_sold.copy()
                sold[:, 1:] -= cum_sold[:, :-1]
                stock_out[t, :, a:b] = (on_hand - sold_so_far)[:, None] - cum_sold + sold
                sold_out[t, :, a:b] = sold
                demand_out[t, :, a:b] = d
                sold_so_far += cum_sold[:, -1]
            wasted_out[t] = inventory.end_of_day(state, policy, sold_so_far)
        return {
            "expected_demand": mean,
            "demand": demand_out,
            "units_sold": sold_out,
            "stock_on_hand": stock_out,
            "units_received": received_out,
            "units_wasted": wasted_out,
        }

    def _apply_markdown(self, t, slot, marked, prices, log_ratio, mean) -> None:
        """Mark ``marked`` series down in ``slot`` of day ``t`` (unless a weekly promotion is
        already cheaper): re-price them and move the expected demand of every SKU in that slot
        through the elasticity matrix (in place)."""
        world, md = self.world, self.world.markdown
        old_price = prices.price[t, :, slot]
        markdown_price = np.round(prices.regular[t] * md.price_multiplier, 2)
        marked = marked & (markdown_price < old_price)  # a deeper weekly promotion stays
        new_price = np.where(marked, markdown_price, old_price)
        new_log = np.log(new_price) - np.tile(world.log_base_price, world.n_stores)
        delta = (new_log - log_ratio[t, :, slot]).reshape(world.n_stores, world.n_skus, 1)
        shift = demand.price_factor(delta, world.elasticity).reshape(world.n_series)
        old_lift = prices.lift[t, :, slot]
        new_lift = np.where(marked, md.lift, old_lift)
        mean[t, :, slot] *= shift * new_lift / old_lift
        prices.price[t, :, slot] = new_price
        prices.lift[t, :, slot] = new_lift
        prices.promo[t, :, slot] = np.where(marked, md.code, prices.promo[t, :, slot])
        log_ratio[t, :, slot] = new_log


def _segments(markdown_slots: np.ndarray) -> list[tuple[int, int, bool]]:
    """Split slots into runs drawn together: each markdown slot on its own (its prices depend
    on the stock left), the other consecutive slots in one block. Items: (start, stop, is_md)."""
    out: list[tuple[int, int, bool]] = []
    for slot, is_md in enumerate(markdown_slots.tolist()):
        if is_md or not out or out[-1][2]:
            out.append((slot, slot + 1, bool(is_md)))
        else:
            out[-1] = (out[-1][0], slot + 1, False)
    return out


def simulate(config: RetailConfig) -> SimulationResult:
    """Simulate ``config.n_days`` days of ``config``: observed sales frame + ground truth.

    ``result.observed`` has one row per date x store x SKU x time slot (in that order) with the
    columns of ``OBSERVED_COLUMNS``: date, week, day_of_week, store_id, region, sku_id,
    sku_name, category, price_band, time_slot, base_price, price, unit_cost, promo_type,
    weather, temperature_c, is_holiday, holiday_name, competitor_price, shelf_life_days,
    stock_on_hand, units_received, units_sold, units_wasted. ``result.truth`` holds what a
    retailer cannot observe (expected and uncensored demand, lost sales, true elasticities,
    relations, slow movers).

    Used in: 01_small_data_retail, 05_sandbox_architecture, and every chapter that needs data.
    """
    return Simulator(config).run()
