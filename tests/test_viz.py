"""Chinese plot labels render with the bundled font and without missing-glyph warnings."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from retailsim.viz import CJK_FONT_FAMILY, cjk_font_path, use_course_style  # noqa: E402

LABELS = "零售小数据：滞销率、周转率、安全库存、价格弹性 −1.5 ≤ x ≥ 2 ² ± °C ¥"


def test_bundled_font_file_exists():
    assert cjk_font_path().stat().st_size > 1_000_000


def test_course_style_resolves_chinese_to_the_bundled_font():
    use_course_style()
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert found.endswith(cjk_font_path().name)


def test_rendering_chinese_gives_no_missing_glyph_warning(tmp_path):
    use_course_style()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.plot([-1, 0, 1], [-2, 0, 3], label="销量")
        ax.set(title=LABELS, xlabel="日期", ylabel="件数")
        ax.legend()
        fig.savefig(tmp_path / "chinese.png")
        plt.close(fig)
    glyph = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert glyph == []


def test_default_font_would_have_warned(tmp_path):
    """The check above can fail: DejaVu Sans alone lacks CJK glyphs."""
    dejavu_only = {"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}
    with matplotlib.rc_context(dejavu_only), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("滞销率")
        fig.savefig(tmp_path / "boxes.png")
        plt.close(fig)
    assert any("Glyph" in str(w.message) for w in caught)


def test_use_course_style_is_idempotent():
    assert use_course_style() is None
    n_fonts = len(font_manager.fontManager.ttflist)
    use_course_style()
    assert len(font_manager.fontManager.ttflist) == n_fonts
    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FONT_FAMILY
