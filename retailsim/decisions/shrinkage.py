"""Two-level empirical-Bayes shrinkage of per-item estimates towards group and global means.

Shrinkage (empirical Bayes, since most items have few price changes): with raw own estimates
``e_i``, standard errors ``s_i`` and a group ``g`` (category) per item::

    tau^2   = between-item variance within groups (DerSimonian-Laird, pooled over groups),
              clipped to [0.1^2, tau_max^2] (default tau_max 0.3): a prior bound (own
              elasticities within a category rarely spread by more than ~0.3 sd), without
              which a few wild estimates of items with 1-2 price changes inflate tau^2
              and switch shrinkage off
    m_g     = sum w_i e_i / sum w_i,  V_g = 1 / sum w_i,  w_i = 1 / (s_i^2 + tau^2)
    omega^2 = between-group variance of the m_g (DerSimonian-Laird, same clipping)
    mu      = global mean of the m_g, weights 1 / (V_g + omega^2); with a ``prior`` (m0, s0)
              blended in as one more observation of weight 1 / s0^2
    mu_g    = C_g mu + (1 - C_g) m_g,   C_g = V_g / (V_g + omega^2)   (a group with one or two
                                                                    items leans on mu)
    B_i     = s_i^2 / (s_i^2 + tau^2)
    shrunk  = B_i mu_g + (1 - B_i) e_i,      shrunk_se = sqrt((1 - B_i) s_i^2)

Used in: 14_elasticity_and_turnover.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retailsim.config import ConfigError

from . import _checks

_MIN_TAU2 = 0.01


def shrink_to_groups(
    estimate, se, group, tau_max: float = 0.3, prior=None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Two-level empirical-Bayes shrinkage of ``estimate`` towards its group's mean, itself
    shrunk towards the global mean (formulas in the module docstring). Returns ``(shrunk,
    shrunk_se, tau2)``; NaN estimates (or infinite ``se``) get the group's prior mean and
    ``sqrt(tau2)``.

    Used in: 14_elasticity_and_turnover.
    """
    e = np.asarray(estimate, dtype=float).ravel()
    s = np.asarray(se, dtype=float).ravel()
    g = pd.Series(list(group) if isinstance(group, str) else np.asarray(group).ravel())
    g = g.astype(str).to_numpy()
    if not len(e) == len(s) == len(g):
        raise ConfigError("se", f"estimate, se and group need equal lengths ({len(e)})", len(s))
    ok = np.isfinite(e) & np.isfinite(s) & (s > 0)
    if not ok.any():
        raise ConfigError("estimate", "no item has a finite estimate to pool")
    tau_max = float(_checks.bounded("tau_max", tau_max, gt=0))
    tau2 = _dersimonian_laird(e[ok], s[ok], g[ok], tau_max)
    names = np.unique(g[ok])
    w = 1.0 / (s[ok] ** 2 + tau2)
    means = np.array([np.sum((w * e[ok])[g[ok] == n]) / np.sum(w[g[ok] == n]) for n in names])
    mean_se = np.array([1.0 / np.sqrt(np.sum(w[g[ok] == n])) for n in names])
    omega2 = _dersimonian_laird(means, mean_se, np.zeros(len(names)), tau_max)
    wc = 1.0 / (mean_se**2 + omega2)
    global_mean = float(np.sum(wc * means) / np.sum(wc))
    if prior is not None:  # a literature prior on the global mean: precision-weighted blend
        try:
            p_mean, p_sd = (float(v) for v in prior)
        except (TypeError, ValueError):
            raise ConfigError("prior", "must be (mean, sd) with sd > 0", prior) from None
        if not (np.isfinite(p_mean) and p_sd > 0):
            raise ConfigError("prior", "must be (mean, sd) with sd > 0", prior)
        precision = np.sum(wc) + p_sd**-2
        global_mean = float((np.sum(wc * means) + p_mean * p_sd**-2) / precision)
    bc = mean_se**2 / (mean_se**2 + omega2)
    group_prior = dict(zip(names, bc * global_mean + (1 - bc) * means, strict=True))
    target = np.array([group_prior.get(n, global_mean) for n in g])
    var = np.where(ok, s, 0.0) ** 2
    b = np.where(ok, var / (var + tau2), 1.0)
    shrunk = np.where(ok, b * target + (1 - b) * np.where(ok, e, 0.0), target)
    shrunk_se = np.where(ok, np.sqrt((1 - b) * var), np.sqrt(tau2))
    return shrunk, shrunk_se, tau2


def _dersimonian_laird(e, s, g, tau_max: float) -> float:
    """Within-group between-item variance ``tau^2 = max((Q - df) / c, floor)``."""
    w = 1.0 / s**2
    q = c = 0.0
    df = 0
    for name in np.unique(g):
        m = g == name
        if m.sum() < 2:
            continue
        wm, em = w[m], e[m]
        mean = np.sum(wm * em) / np.sum(wm)
        q += np.sum(wm * (em - mean) ** 2)
        c += np.sum(wm) - np.sum(wm**2) / np.sum(wm)
        df += int(m.sum()) - 1
    if df == 0 or c <= 0:  # no group with two items: pool everything
        mean = np.sum(w * e) / np.sum(w)
        q, c, df = np.sum(w * (e - mean) ** 2), np.sum(w) - np.sum(w**2) / np.sum(w), len(e) - 1
    tau2 = (q - df) / c if c > 0 else _MIN_TAU2
    return float(min(max(tau2, _MIN_TAU2), tau_max**2))
