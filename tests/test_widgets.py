"""The simulator's configuration form: values -> validated config, errors shown as one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from retailsim.config import ConfigError, preset
from retailsim.widgets import build_config, config_form

pytest.importorskip("ipywidgets")


def test_build_config_applies_every_knob():
    base = preset("supermarket", seed=3)
    cfg = build_config(
        "supermarket",
        weeks=6,
        n_stores=2,
        n_skus=20,
        season_strength=0.5,
        promo_frequency=2.0,
        seed=3,
    )
    assert (cfg.format, cfg.n_days, cfg.n_stores, cfg.n_skus, cfg.seed) == (
        "supermarket",
        42,
        2,
        20,
        3,
    )
    assert cfg.seasonality["冰品"].amplitude == pytest.approx(
        0.5 * base.seasonality["冰品"].amplitude
    )
    freq = {p.kind: p.frequency for p in cfg.promotions}
    base_freq = {p.kind: p.frequency for p in base.promotions}
    assert freq["discount"] == pytest.approx(2 * base_freq["discount"])
    assert freq["markdown"] == pytest.approx(base_freq["markdown"])  # not a weekly promotion


def test_build_config_defaults_are_the_preset():
    cfg = build_config("convenience_store", weeks=10, seed=0)
    assert cfg == preset("convenience_store", seed=0, n_days=70)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"n_skus": -3}, "n_skus"),
        ({"n_stores": 0}, "n_stores"),
        ({"weeks": 200}, "weeks"),
        ({"season_strength": -0.1}, "season_strength"),
        ({"season_strength": 1.8}, "seasonality.冰品.amplitude"),
        ({"seed": -1}, "seed"),
        ({"preset_name": "hypermarket"}, "preset"),
    ],
)
def test_build_config_errors_name_the_field(kwargs, path):
    with pytest.raises(ConfigError) as info:
        build_config(**{"preset_name": "supermarket", **kwargs})
    assert info.value.path == path
    assert str(info.value).startswith(path)


def test_form_builds_the_config_of_its_values():
    form = config_form("convenience_store", weeks=4, seed=5)
    assert form.error is None
    assert form.config() == build_config("convenience_store", weeks=4, seed=5)
    form.controls["n_skus"].value = 12
    form.controls["season_strength"].value = 0.0
    cfg = form.config()
    assert cfg.n_skus == 12 and cfg.n_days == 28
    assert all(s.amplitude == 0 for s in cfg.seasonality.values())
    assert "12 个 SKU" in form.message and "28 天" in form.message
    assert "✓" in form.status.value or "&#10003;" in form.status.value


def test_invalid_value_shows_the_error_line_not_a_traceback():
    form = config_form("supermarket")
    seen = []
    form.on_config(seen.append)
    form.controls["n_skus"].value = -3  # an IntText: not clamped
    assert isinstance(form.error, ConfigError) and form.error.path == "n_skus"
    assert form.message == "配置无效：n_skus = -3: must be >= 1"
    assert "n_skus = -3: must be &gt;= 1" in form.status.value
    assert "Traceback" not in form.status.value
    assert len(seen) == 1  # the invalid value reached no callback
    with pytest.raises(ConfigError):
        form.config()
    form.controls["n_skus"].value = 30
    assert form.error is None and len(seen) == 2 and seen[-1].n_skus == 30


def test_switching_the_format_brings_its_own_assortment():
    form = config_form("convenience_store")
    seen = []
    form.on_config(seen.append)
    form.controls["preset"].value = "supermarket"
    super_cfg = preset("supermarket", seed=0)
    assert form.controls["n_skus"].value == super_cfg.n_skus
    assert form.config().format == "supermarket"
    assert len(seen) == 2  # one refresh per switch, not one per control touched


def test_form_rejects_unknown_fields():
    with pytest.raises(ConfigError, match="n_sku"):
        config_form("supermarket", n_sku=3)


def test_importing_retailsim_does_not_import_ipywidgets():
    code = "import sys, retailsim, retailsim.widgets; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
