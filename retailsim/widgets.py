"""A configuration form for the simulator: dropdowns, sliders and number boxes in JupyterLab.

``config_form(preset_name, **defaults)`` returns a :class:`ConfigForm`: ``form.widget`` is an
ipywidgets box with one control per knob of :func:`build_config`, ``form.config()`` the
validated :class:`~retailsim.config.RetailConfig` of the current values, and a status line
under the controls shows the world's size or, for an invalid setting, the one-line
:class:`~retailsim.config.ConfigError` message (never a traceback). The knobs::

    preset           store format: a name of ``retailsim.config.PRESETS``
    weeks            n_days = 7 * weeks                    (1 .. max_days / 7)
    n_stores, n_skus the preset's stores and SKUs resized (None = the preset's own)
    season_strength  every category's annual amplitude a_c -> a_c * season_strength
                     (demand factor 1 + a_c cos(2 pi (doy - peak_c) / 365.25), a_c < 1)
    promo_frequency  every weekly promotion kind's frequency f_k -> f_k * promo_frequency
                     (discount, bogo, display; the evening markdown of perishables is not one)
    seed             random seed of the simulation

Values are not clamped: a setting the configuration rejects (``n_skus = 0``, a season so
strong that an amplitude reaches 1) is reported by its field path, e.g.
``seasonality.冰品.amplitude = 1.3: must be < 1``. ``ipywidgets`` is imported only when a form
is built, so ``import retailsim`` never needs it; :func:`build_config` needs no widgets.

Used in: 05_sandbox_architecture (参数化模拟器的配置界面).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from retailsim.config import PRESETS, ConfigError, RetailConfig, checks, preset
from retailsim.config.policies import WEEKLY_PROMO_KINDS

DEFAULTS: dict[str, Any] = {
    "weeks": 10,
    "n_stores": None,
    "n_skus": None,
    "season_strength": 1.0,
    "promo_frequency": 1.0,
    "seed": 0,
}
LABELS = {
    "preset": "业态",
    "weeks": "周数",
    "n_stores": "门店数",
    "n_skus": "SKU 数",
    "season_strength": "季节强度",
    "promo_frequency": "促销频率",
    "seed": "随机种子",
}


def build_config(
    preset_name: str = "convenience_store",
    *,
    weeks: int = 10,
    n_stores: int | None = None,
    n_skus: int | None = None,
    season_strength: float = 1.0,
    promo_frequency: float = 1.0,
    seed: int = 0,
) -> RetailConfig:
    """The validated config of the form's knobs (module docstring); bad values raise
    ``ConfigError`` naming the field.

    ``n_days = 7 * weeks``; amplitudes ``a_c * season_strength``; weekly promotion
    frequencies ``f_k * promo_frequency``.

    Used in: 05_sandbox_architecture.
    """
    template = preset(preset_name, seed=seed)
    weeks = checks.integer("weeks", weeks, ge=1, le=template.max_days // 7)
    strength = checks.real("season_strength", season_strength, ge=0)
    promo = checks.real("promo_frequency", promo_frequency, ge=0)
    changes: dict[str, Any] = {
        "n_days": 7 * weeks,
        "seasonality": {
            category: {"amplitude": s.amplitude * strength, "peak_day": s.peak_day}
            for category, s in template.seasonality.items()
        },
        "promotions": [
            {
                "kind": p.kind,
                "price_multiplier": p.price_multiplier,
                "lift": p.lift,
                "frequency": p.frequency * promo if p.kind in WEEKLY_PROMO_KINDS else p.frequency,
                "slots": list(p.slots),
                "max_shelf_life_days": p.max_shelf_life_days,
            }
            for p in template.promotions
        ],
    }
    if n_stores is not None:
        changes["n_stores"] = n_stores
    if n_skus is not None:
        changes["n_skus"] = n_skus
    return template.replace(**changes)


def describe(cfg: RetailConfig) -> str:
    """One line: format, stores x SKUs x slots x days = rows.

    Used in: 05_sandbox_architecture.
    """
    return (
        f"{cfg.format}：{cfg.n_stores} 家门店 × {cfg.n_skus} 个 SKU × {cfg.n_slots} 个时段 × "
        f"{cfg.n_days} 天 = {cfg.n_rows:,} 行"
    )


class ConfigForm:
    """The form built by :func:`config_form`: ``widget`` (an ipywidgets ``VBox``),
    ``controls`` (name -> control), ``status`` (HTML line), ``values``, ``config()``,
    ``message`` (the status as plain text) and ``error`` (the last ``ConfigError`` or None).
    ``on_config(fn)`` calls ``fn(config)`` after every change that gives a valid config.

    Used in: 05_sandbox_architecture.
    """

    def __init__(self, controls: dict[str, Any], status: Any, widget: Any) -> None:
        self.controls = controls
        self.status = status
        self.widget = widget
        self.message = ""
        self.error: ConfigError | None = None
        self._callbacks: list[Callable[[RetailConfig], Any]] = []
        self._switching = False
        for name, control in controls.items():
            handler = self._switch_preset if name == "preset" else self.refresh
            control.observe(handler, names="value")
        self.refresh()

    @property
    def values(self) -> dict[str, Any]:
        """The current control values as :func:`build_config` keywords."""
        values = {name: control.value for name, control in self.controls.items()}
        return {"preset_name": values.pop("preset"), **values}

    def config(self) -> RetailConfig:
        """The validated config of the current values (raises ``ConfigError``)."""
        return build_config(**self.values)

    def on_config(self, callback: Callable[[RetailConfig], Any]) -> None:
        """Call ``callback(config)`` now and after every change that gives a valid config."""
        self._callbacks.append(callback)
        if self.error is None:
            callback(self.config())

    def _switch_preset(self, change: Any = None) -> None:
        """A new format brings its own numbers of stores and SKUs; then one refresh."""
        template = preset(self.controls["preset"].value, seed=0)
        self._switching = True
        try:
            self.controls["n_stores"].value = template.n_stores
            self.controls["n_skus"].value = template.n_skus
        finally:
            self._switching = False
        self.refresh()

    def refresh(self, change: Any = None) -> None:
        """Rebuild the config from the controls and show its size or its error."""
        if self._switching:
            return
        try:
            cfg = self.config()
        except ConfigError as err:
            self.error = err
            self.message = f"配置无效：{err}"
            self.status.value = (
                f'<span style="color:#b00020">&#10007; {html.escape(self.message)}</span>'
            )
            return
        self.error = None
        self.message = describe(cfg)
        self.status.value = (
            f'<span style="color:#1b5e20">&#10003; {html.escape(self.message)}</span>'
        )
        for callback in self._callbacks:
            callback(cfg)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


def config_form(preset_name: str = "convenience_store", **defaults: Any) -> ConfigForm:
    """A :class:`ConfigForm` starting at ``preset_name`` and ``defaults`` (keys of
    ``DEFAULTS``: weeks, n_stores, n_skus, season_strength, promo_frequency, seed;
    n_stores / n_skus default to the preset's own). Unknown keys raise ``ConfigError``.

    Used in: 05_sandbox_architecture.
    """
    import ipywidgets as widgets

    checks.text("preset", preset_name, choices=PRESETS)
    for key in defaults:
        if key not in DEFAULTS:
            raise ConfigError(key, "unknown form field; allowed: " + ", ".join(DEFAULTS))
    start = {**DEFAULTS, **defaults}
    template = preset(preset_name, seed=0)
    wide = {"description_width": "6em"}
    layout = widgets.Layout(width="30em")
    options = [
        (f"{info.description.split(':')[0]}（{name}）", name) for name, info in PRESETS.items()
    ]
    controls = {
        "preset": widgets.Dropdown(options=options, value=preset_name),
        "weeks": widgets.IntSlider(
            value=start["weeks"], min=1, max=template.max_days // 7, continuous_update=False
        ),
        "n_stores": widgets.IntText(value=start["n_stores"] or template.n_stores),
        "n_skus": widgets.IntText(value=start["n_skus"] or template.n_skus),
        "season_strength": widgets.FloatSlider(
            value=start["season_strength"], min=0.0, max=2.0, step=0.1, continuous_update=False
        ),
        "promo_frequency": widgets.FloatSlider(
            value=start["promo_frequency"], min=0.0, max=3.0, step=0.1, continuous_update=False
        ),
        "seed": widgets.IntText(value=start["seed"]),
    }
    for name, control in controls.items():
        control.description = LABELS[name]
        control.style = wide
        control.layout = layout
    status = widgets.HTML()
    return ConfigForm(controls, status, widgets.VBox([*controls.values(), status]))
