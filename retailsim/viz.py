"""Plot styling shared by every chapter: Chinese labels that render on any machine.

Matplotlib's default font (DejaVu Sans) has no CJK glyphs, so Chinese titles come out as
boxes with a "Glyph ... missing from font(s)" warning. Relying on fonts the operating
system happens to have is fragile (a fresh Linux container has none, macOS and Windows
name theirs differently). Instead we register *Noto Sans CJK SC*, which travels with the
``mplfonts`` package (a pinned dependency of retailsim), and put it first in the
sans-serif list with DejaVu Sans as the per-glyph fallback for symbols CJK fonts lack.

Used in: every notebook (first code cell), tests/test_viz.py.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_FAMILY = "Noto Sans CJK SC"


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font file shipped by ``mplfonts``."""
    path = Path(str(resources.files("mplfonts") / "fonts" / CJK_FONT_FILE))
    if not path.is_file():
        raise FileNotFoundError(
            f"{CJK_FONT_FILE} not found in the mplfonts package at {path}; "
            "reinstall the course environment (make book)"
        )
    return path


def use_chinese_font() -> str:
    """Register the bundled CJK font and make it matplotlib's default sans-serif font.

    Idempotent; returns the family name now in use. Also keeps the ASCII minus sign,
    so negative tick labels never need a glyph the font lacks.
    """
    path = cjk_font_path()
    known = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    if path.resolve() not in known:
        font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [CJK_FONT_FAMILY, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    return CJK_FONT_FAMILY


def use_course_style() -> None:
    """Course-wide figure defaults: Chinese font, readable size, light grid, PNG at 110 dpi."""
    use_chinese_font()
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 110,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
