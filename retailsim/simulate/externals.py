"""External drivers of demand: calendar, holidays, weather, temperature, competitor prices.

For a block of days the module returns the observed externals and the combined multiplier

    external[d, s, i] = weekly[dow(d)] * season_cat(d) * holiday_cat(d) * weather_cat(d, s)
                        * (c[d, s, i] / p0_i) ** g_i

with ``season_cat(d) = 1 + A_cat cos(2 pi (doy - peak_cat) / 365.25)``,
``weather_cat(d, s) = effect[w, cat] * exp(beta_cat (T - T_ref) / 10)`` where ``w`` and ``T``
are the weather state and temperature of store s's region on day d,
and ``c`` the competitor price (AR(1) log deviation around the base price, times the
competitor's promotion multiplier in its promotion weeks). Weather is drawn per region,
so stores of one region share it.

Used in: 02_small_data_augmentation (external variables), 04_dynamic_features.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import streams
from .world import World

TEMPERATURE_AR = 0.7


@dataclass
class ExternalState:
    """What carries over from one day to the next: sky state, temperature noise, competitor."""

    sky: np.ndarray  # (n_regions,) index into weather.states
    temperature_noise: np.ndarray  # (n_regions,)
    competitor_log: np.ndarray  # (n_series,) log(c / p0) before competitor promotions


@dataclass(frozen=True)
class Externals:
    """Externals of a block of ``n`` days (see the module docstring)."""

    day_index: np.ndarray  # (n,) global day number
    dates: np.ndarray  # (n,) datetime64[D]
    day_of_week: np.ndarray  # (n,) 0 = Monday
    week: np.ndarray  # (n,) day_index // 7
    holiday: np.ndarray  # (n,) index into world.holiday_names (0 = none)
    weather: np.ndarray  # (n, n_regions) index into world.weather_states
    temperature: np.ndarray  # (n, n_regions) degrees C, 1 decimal
    competitor_price: np.ndarray  # (n, n_series), 2 decimals
    multiplier: np.ndarray  # (n, n_stores, n_skus) the external demand multiplier


def initial_state(world: World) -> ExternalState:
    """Day-0 state drawn from the stationary distributions."""
    cfg = world.config
    rng = streams.rng(cfg.seed, streams.INITIAL, 0)
    n_regions = len(world.regions)
    sky = np.searchsorted(
        _cumulative(cfg.weather.probabilities), rng.random(n_regions), side="right"
    )
    noise = rng.normal(0.0, cfg.weather.noise_sd_c, n_regions)
    comp = rng.normal(0.0, cfg.competitor.volatility, world.n_series)
    return ExternalState(sky=sky, temperature_noise=noise, competitor_log=comp)


def simulate_externals(
    world: World, state: ExternalState, first_day: int, n_days: int
) -> Externals:
    """Draw the externals of days ``first_day .. first_day + n_days - 1``; updates ``state``."""
    cfg = world.config
    day_index = np.arange(first_day, first_day + n_days)
    dates = np.datetime64(cfg.start_date, "D") + day_index
    day_of_week = ((dates.astype(np.int64) + 3) % 7).astype(np.int64)
    doy = (dates - dates.astype("datetime64[Y]")).astype(np.int64) + 1
    week = day_index // 7
    sky, noise, comp_log = _daily_draws(world, state, day_index)
    temperature = _temperature(world, doy, noise)
    weather = _weather_state(world, sky, temperature)
    competitor = _competitor_price(world, comp_log, week)
    holiday = _holidays(world, dates)
    multiplier = _multiplier(world, day_of_week, doy, holiday, weather, temperature, competitor)
    return Externals(
        day_index=day_index,
        dates=dates,
        day_of_week=day_of_week,
        week=week,
        holiday=holiday,
        weather=weather,
        temperature=temperature,
        competitor_price=competitor,
        multiplier=multiplier,
    )


def _daily_draws(world: World, state: ExternalState, day_index: np.ndarray):
    cfg = world.config
    w, comp = cfg.weather, cfg.competitor
    cum = _cumulative(w.probabilities)
    t_scale = w.noise_sd_c * np.sqrt(1 - TEMPERATURE_AR**2)
    c_scale = comp.volatility * np.sqrt(1 - comp.ar_coefficient**2)
    n, n_regions = len(day_index), len(world.regions)
    sky = np.empty((n, n_regions), dtype=np.intp)
    noise = np.empty((n, n_regions))
    comp_log = np.empty((n, world.n_series))
    s_sky, s_noise, s_comp = state.sky, state.temperature_noise, state.competitor_log
    for t, day in enumerate(day_index):
        rng = streams.rng(cfg.seed, streams.EXTERNALS, int(day))
        u = rng.random((2, n_regions))
        s_sky = np.where(u[0] < w.persistence, s_sky, np.searchsorted(cum, u[1], side="right"))
        s_noise = TEMPERATURE_AR * s_noise + t_scale * rng.standard_normal(n_regions)
        s_comp = comp.ar_coefficient * s_comp + c_scale * rng.standard_normal(world.n_series)
        sky[t], noise[t], comp_log[t] = s_sky, s_noise, s_comp
    state.sky, state.temperature_noise, state.competitor_log = s_sky, s_noise, s_comp
    return sky, noise, comp_log


def _cumulative(probabilities) -> np.ndarray:
    cum = np.cumsum(probabilities)
    cum[-1] = np.inf  # u in [0, 1) always lands in a state despite rounding
    return cum


def _temperature(world: World, doy: np.ndarray, noise: np.ndarray) -> np.ndarray:
    w = world.config.weather
    cycle = w.mean_c + w.amplitude_c * np.cos(2 * np.pi * (doy - w.peak_day) / 365.25)
    return np.round(cycle[:, None] + world.region_offset[None, :] + noise, 1)


def _weather_state(world: World, sky: np.ndarray, temperature: np.ndarray) -> np.ndarray:
    w = world.config.weather
    wet = np.isin(np.arange(len(w.states)), [w.states.index(s) for s in w.wet_states])
    dry = ~wet[sky]
    state = sky.copy()
    state[dry & (temperature >= w.hot_threshold_c)] = len(w.states)
    state[dry & (temperature <= w.cold_threshold_c)] = len(w.states) + 1
    return state


def _competitor_price(world: World, comp_log: np.ndarray, week: np.ndarray) -> np.ndarray:
    comp = world.config.competitor
    factor = np.ones_like(comp_log)
    if comp.promo_probability > 0:
        for w in np.unique(week):
            rng = streams.rng(world.config.seed, streams.COMPETITOR_PROMOTION, int(w))
            promo = rng.random(world.n_series) < comp.promo_probability
            factor[week == w] = np.where(promo, comp.promo_multiplier, 1.0)
    base = np.tile(world.base_price, world.n_stores)
    return np.round(base * np.exp(comp_log) * factor, 2)


def _holidays(world: World, dates: np.ndarray) -> np.ndarray:
    holiday = np.zeros(len(dates), dtype=np.intp)
    for start, days, name_index in world.holiday_periods:
        first = np.datetime64(start, "D")
        inside = (dates >= first) & (dates < first + days) & (holiday == 0)
        holiday[inside] = name_index
    return holiday


def _multiplier(world, day_of_week, doy, holiday, weather, temperature, competitor) -> np.ndarray:
    cfg = world.config
    weekly = np.asarray(cfg.weekly_profile)[day_of_week]
    angle = 2 * np.pi * (doy[:, None] - world.season_peak[None, :]) / 365.25
    calendar = weekly[:, None] * (1 + world.season_amplitude * np.cos(angle))
    calendar *= world.holiday_effect[holiday]  # (n, n_categories)
    temp_effect = np.exp(
        world.temperature_sensitivity * (temperature[..., None] - cfg.weather.reference_c) / 10
    )
    by_region = world.weather_effect[weather] * temp_effect  # (n, n_regions, n_categories)
    by_store = calendar[:, None, :] * by_region[:, world.store_region, :]
    per_sku = by_store[:, :, world.category]  # (n, n_stores, n_skus)
    ratio = competitor.reshape(len(doy), world.n_stores, world.n_skus) / world.base_price
    return per_sku * ratio**world.competitor_sensitivity
