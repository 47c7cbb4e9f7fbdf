"""Write the reference values that tests/stats compares parity.stats against.

Every value comes from an implementation that shares no code with parity.stats:

* statsmodels 0.15 — Newcombe and Wilson intervals, the score test of two
  proportions, the CMH test (StratifiedTable), Kaplan–Meier quantiles and their
  Brookmeyer–Crowley intervals (SurvfuncRight on contact-level rows), the
  log-rank test (survdiff, with strata), Welch intervals (CompareMeans), Holm
  (multipletests);
* SciPy — Wilcoxon–Mann–Whitney (mannwhitneyu) and the log-rank test
  (scipy.stats.logrank) on contact-level rows;
* R 4.2 — survival::survdiff and survfit medians, mantelhaen.test, wilcox.test,
  t.test, p.adjust, and metafor::rma.mh for the Mantel–Haenszel risk difference
  with the Sato (1989) variance (apt: r-base-core r-cran-survival r-cran-metafor);
* published tables — Newcombe (1998), Table II, for the Miettinen–Nurminen
  interval;
* where no library has the method, a from-the-definition computation on the
  contact-level rows written here: the Miettinen–Nurminen interval by numerical
  maximisation of the constrained likelihood, van Elteren's test as the CMH
  row-mean-score statistic with modified ridit scores, the standardised
  Kaplan–Meier curve as a weighted sum of statsmodels curves.

Note: statsmodels 0.15's own score interval (confint_proportions_2indep with
method="score") fails or disagrees with the published values on several of the
cases below, which is why it is not used.

    python scripts/reference_values.py           # needs Rscript with survival, metafor
    python scripts/reference_values.py --skip-r  # keep the R values already committed
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, stats
from statsmodels.duration.survfunc import SurvfuncRight, survdiff
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

OUT = Path(__file__).resolve().parent.parent / "tests" / "stats" / "reference"
Z975 = float(stats.norm.isf(0.025))

# Newcombe (1998) Table II, Miettinen–Nurminen score interval, 4 decimals.
NEWCOMBE_1998_MN = {
    (56, 70, 48, 80): (0.0528, 0.3382),
    (9, 10, 3, 10): (0.1700, 0.8406),
    (6, 7, 2, 7): (0.0342, 0.8534),
    (5, 56, 0, 29): (-0.0326, 0.1933),
}
RATE_CASES = [
    (56, 70, 48, 80),
    (9, 10, 3, 10),
    (6, 7, 2, 7),
    (5, 56, 0, 29),
    (0, 10, 0, 20),
    (10, 10, 0, 20),
    (0, 30, 0, 40),
    (30, 30, 40, 40),
    (0, 30, 40, 40),
    (1, 35, 9, 31),
    (12, 45, 30, 60),
    (480, 1000, 430, 1000),
    (1234567, 5000000, 1230000, 5000000),
]
STRATIFIED_RATE_CASES = {
    "three_strata": [((10, 50), (4, 45)), ((3, 40), (6, 38)), ((25, 90), (12, 80))],
    "sparse_strata": [
        ((1, 3), (0, 4)),
        ((2, 5), (1, 2)),
        ((0, 2), (1, 3)),
        ((3, 4), (1, 5)),
        ((1, 2), (0, 2)),
        ((2, 6), (2, 3)),
    ],
    "large_strata": [((4100, 9000), (3900, 9200)), ((1200, 5000), (800, 4100))],
}


# ------------------------------------------------------------------ R


def run_r(code: str) -> dict[str, list[float]]:
    """Run R code that prints lines "name v1 v2 ..."; parse them."""
    done = subprocess.run(
        ["Rscript", "--vanilla", "-"], input=code, capture_output=True, text=True, check=True
    )
    values: dict[str, list[float]] = {}
    for line in done.stdout.splitlines():
        name, *numbers = line.split()
        values[name] = [float("nan") if x == "NA" else float(x) for x in numbers]
    return values


def r_vector(values: Any) -> str:
    return "c(" + ",".join(repr(float(v)) for v in np.asarray(values).ravel()) + ")"


R_OUT = 'out <- function(name, x) cat(name, sprintf("%.17g", x), "\\n")\n'


# --------------------------------------------------------------- rates


def mn_interval_numeric(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Miettinen–Nurminen by brute force: constrained MLE by numerical maximisation."""

    def constrained(delta: float) -> tuple[float, float]:
        def nll(p2: float) -> float:
            p1 = p2 + delta
            tiny = 1e-300
            return -float(
                x1 * np.log(max(p1, tiny))
                + (n1 - x1) * np.log(max(1 - p1, tiny))
                + x2 * np.log(max(p2, tiny))
                + (n2 - x2) * np.log(max(1 - p2, tiny))
            )

        lo, hi = max(0.0, -delta), min(1.0, 1.0 - delta)
        best = optimize.minimize_scalar(
            nll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-15}
        )
        return best.x + delta, best.x

    def z(delta: float) -> float:
        q1, q2 = constrained(delta)
        n = n1 + n2
        v = (q1 * (1 - q1) / n1 + q2 * (1 - q2) / n2) * n / (n - 1)
        gap = x1 / n1 - x2 / n2 - delta
        if v > 0:
            return float(gap / np.sqrt(v))
        return 0.0 if abs(gap) < 1e-15 else float(np.copysign(np.inf, gap))

    d = x1 / n1 - x2 / n2
    edge = 1e-9
    low = (
        -1.0
        if d <= -1 + edge or z(-1 + edge) <= Z975
        else optimize.brentq(lambda t: z(t) - Z975, -1 + edge, d, xtol=1e-14)
    )
    high = (
        1.0
        if d >= 1 - edge or z(1 - edge) >= -Z975
        else optimize.brentq(lambda t: z(t) + Z975, d, 1 - edge, xtol=1e-14)
    )
    return float(low), float(high)


def rate_references() -> dict[str, Any]:
    pairs = []
    for x1, n1, x2, n2 in RATE_CASES:
        newcombe = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
        wilson_x = proportion_confint(x1, n1, method="wilson")
        wilson_y = proportion_confint(x2, n2, method="wilson")
        entry: dict[str, Any] = {
            "x": [x1, n1],
            "y": [x2, n2],
            "mn_interval": mn_interval_numeric(x1, n1, x2, n2),
            "mn_interval_source": "numerical constrained MLE (this script)",
            "newcombe_interval": [float(v) for v in newcombe],
            "wilson_x": [float(v) for v in wilson_x],
            "wilson_y": [float(v) for v in wilson_y],
        }
        if (x1, n1, x2, n2) in NEWCOMBE_1998_MN:
            entry["mn_interval_published"] = NEWCOMBE_1998_MN[(x1, n1, x2, n2)]
        pooled = (x1 + x2) / (n1 + n2)
        if 0 < pooled < 1:
            test = test_proportions_2indep(x1, n1, x2, n2, method="score", correction=True)
            entry["score_test"] = [float(test.statistic), float(test.pvalue)]
        pairs.append(entry)
    stratified = {}
    for name, strata in STRATIFIED_RATE_CASES.items():
        tables = np.array(
            [[[a, n1 - a], [c, n0 - c]] for (a, n1), (c, n0) in strata], dtype=float
        ).transpose(1, 2, 0)
        cmh = StratifiedTable(tables).test_null_odds(correction=False)
        stratified[name] = {
            "strata": strata,
            "cmh_statsmodels": [float(cmh.statistic), float(cmh.pvalue)],
        }
    return {"two_sample": pairs, "stratified": stratified}


def rate_references_r(stratified: dict[str, Any]) -> None:
    code = R_OUT + "library(metafor)\n"
    for name, case in stratified.items():
        a = [s[0][0] for s in case["strata"]]
        n1 = [s[0][1] for s in case["strata"]]
        c = [s[1][0] for s in case["strata"]]
        n0 = [s[1][1] for s in case["strata"]]
        code += (
            f"a <- {r_vector(a)}; n1 <- {r_vector(n1)}; c0 <- {r_vector(c)}; n0 <- {r_vector(n0)}\n"
            "r <- rma.mh(ai=a, n1i=n1, ci=c0, n2i=n0, measure='RD')\n"
            f"out('{name}_rd', c(r$beta, r$se, r$ci.lb, r$ci.ub))\n"
            "t <- array(0, dim=c(2, 2, length(a)))\n"
            "t[1,1,] <- a; t[1,2,] <- n1 - a; t[2,1,] <- c0; t[2,2,] <- n0 - c0\n"
            "m <- mantelhaen.test(t, correct=FALSE)\n"
            f"out('{name}_cmh', c(m$statistic, m$p.value))\n"
        )
    values = run_r(code)
    for name, case in stratified.items():
        est, se, low, high = values[f"{name}_rd"]
        case["mh_rd_metafor"] = {"difference": est, "se": se, "ci": [low, high]}
        case["cmh_r"] = values[f"{name}_cmh"]


# ------------------------------------------------------------ survival


def table_of(durations: np.ndarray, observed: np.ndarray) -> dict[str, list[float]]:
    times, inverse = np.unique(durations, return_inverse=True)
    return {
        "times": times.tolist(),
        "events": np.bincount(inverse, weights=observed, minlength=times.size).astype(int).tolist(),
        "censored": np.bincount(inverse, weights=~observed, minlength=times.size)
        .astype(int)
        .tolist(),
    }


def rows_of(table: dict[str, list[float]]) -> tuple[np.ndarray, np.ndarray]:
    times = np.asarray(table["times"])
    durations = np.concatenate(
        [
            np.repeat(times, np.asarray(table["events"], dtype=int)),
            np.repeat(times, np.asarray(table["censored"], dtype=int)),
        ]
    )
    status = np.concatenate(
        [np.ones(int(np.sum(table["events"]))), np.zeros(int(np.sum(table["censored"])))]
    )
    return durations, status


def survival_datasets() -> dict[str, dict[str, list[float]]]:
    rng = np.random.default_rng(20261123)

    def make(n: int, scale: float, censor: float | None, step: float = 1.0) -> dict[str, Any]:
        t = np.maximum(np.round(rng.lognormal(np.log(scale), 1.0, n) / step) * step, step)
        if censor is None:
            return table_of(t, np.ones(n, dtype=bool))
        c = np.maximum(np.round(rng.exponential(censor, n) / step) * step, step)
        return table_of(np.minimum(t, c), t <= c)

    def administrative(n: int, scale: float, end: float) -> dict[str, Any]:
        t = np.maximum(np.round(rng.lognormal(np.log(scale), 1.0, n)), 1.0)
        return table_of(np.minimum(t, end), t <= end)

    return {
        "uncensored_21": make(21, 120, None),
        "uncensored_20_even": make(20, 120, None),
        "censored_120": make(120, 600, 1500),
        "heavily_censored_200": make(200, 600, 500),
        "ties_300": make(300, 900, 3000, step=60),
        "not_reached_80": administrative(80, 20000, 3000.0),
        "large_2000": make(2000, 3600, 20000),
    }


def survival_references() -> dict[str, Any]:
    data = survival_datasets()
    quantiles: dict[str, Any] = {}
    for name, table in data.items():
        durations, status = rows_of(table)
        fit = SurvfuncRight(durations, status)
        entry: dict[str, Any] = {
            "table": table,
            "surv_times": fit.surv_times.tolist(),
            "surv_prob": fit.surv_prob.tolist(),
            "surv_prob_se": fit.surv_prob_se.tolist(),
        }
        for p in (0.5, 0.9):
            q = fit.quantile(p)
            entry[f"q{int(p * 100)}_statsmodels"] = None if np.isnan(q) else float(q)
            for how in ("cloglog", "linear", "log", "logit", "asinsqrt"):
                low, high = fit.quantile_ci(p, method=how)
                entry[f"q{int(p * 100)}_ci_{how}"] = [
                    None if np.isnan(low) else float(low),
                    None if not np.isfinite(high) else float(high),
                ]
        quantiles[name] = entry
    rng = np.random.default_rng(7)
    pairs = {}
    for a, b in (
        ("censored_120", "heavily_censored_200"),
        ("ties_300", "large_2000"),
        ("uncensored_21", "uncensored_20_even"),
    ):
        da, sa = rows_of(data[a])
        db, sb = rows_of(data[b])
        chi2, p = survdiff(np.r_[da, db], np.r_[sa, sb], np.r_[np.zeros(da.size), np.ones(db.size)])
        sp = stats.logrank(
            stats.CensoredData(uncensored=da[sa == 1], right=da[sa == 0]),
            stats.CensoredData(uncensored=db[sb == 1], right=db[sb == 0]),
        )
        pairs[f"{a}__{b}"] = {
            "x": a,
            "y": b,
            "statsmodels": [float(chi2), float(p)],
            "scipy": [float(sp.statistic) ** 2, float(sp.pvalue)],
        }
    # Stratified: three strata of different scales, the two groups differ a little.
    strata = []
    for scale, n1, n0 in ((300, 60, 90), (1800, 120, 40), (7200, 35, 70)):
        groups = []
        for n, shift in ((n1, 1.3), (n0, 1.0)):
            t = np.maximum(np.round(rng.lognormal(np.log(scale * shift), 0.9, n)), 1)
            c = np.maximum(np.round(rng.exponential(scale * 3, n)), 1)
            groups.append(table_of(np.minimum(t, c), t <= c))
        strata.append(groups)
    rows = [[rows_of(g) for g in pair] for pair in strata]
    times = np.concatenate([r[0] for pair in rows for r in pair])
    status = np.concatenate([r[1] for pair in rows for r in pair])
    group = np.concatenate(
        [np.full(r[0].size, float(i)) for pair in rows for i, r in enumerate(pair)]
    )
    stratum = np.concatenate(
        [np.full(r[0].size, float(k)) for k, pair in enumerate(rows) for r in pair]
    )
    chi2, p = survdiff(times, status, group, strata=stratum)
    # Standardised curves: per-stratum statsmodels KM, weights = pooled counts.
    weights = np.array(
        [sum(np.sum(g["events"]) + np.sum(g["censored"]) for g in pair) for pair in strata],
        dtype=float,
    )
    weights /= weights.sum()
    standardised = {}
    for side in (0, 1):
        fits = [SurvfuncRight(*rows[k][side]) for k in range(len(strata))]
        # Past its last observation a stratum's curve stays at its last value.
        horizon = max(
            np.inf if f.surv_prob[-1] == 0 else float(np.max(rows[k][side][0]))
            for k, f in enumerate(fits)
        )
        grid = np.unique(np.concatenate([f.surv_times for f in fits]))
        s = np.zeros(grid.size)
        v = np.zeros(grid.size)
        for w, f in zip(weights, fits, strict=True):
            idx = np.searchsorted(f.surv_times, grid, side="right") - 1
            sk = np.where(idx < 0, 1.0, f.surv_prob[np.maximum(idx, 0)])
            se = np.where(idx < 0, 0.0, f.surv_prob_se[np.maximum(idx, 0)])
            se = np.where(sk == 0, 0.0, se)
            s += w * sk
            v += w * w * se * se
        below = np.flatnonzero(s <= 0.5)
        standardised[f"side_{side}"] = {
            "times": grid.tolist(),
            "survival": s.tolist(),
            "variance": v.tolist(),
            "median": float(grid[below[0]]) if below.size else None,
            "horizon": None if np.isinf(horizon) else float(horizon),
        }
    return {
        "quantiles": quantiles,
        "logrank": pairs,
        "stratified": {
            "strata": strata,
            "logrank_statsmodels": [float(chi2), float(p)],
            "weights": weights.tolist(),
            "standardised": standardised,
        },
    }


def survival_references_r(ref: dict[str, Any]) -> None:
    code = R_OUT + "library(survival)\n"
    for name, entry in ref["quantiles"].items():
        durations, status = rows_of(entry["table"])
        code += (
            f"f <- survfit(Surv({r_vector(durations)}, {r_vector(status)}) ~ 1)\n"
            f"out('{name}', quantile(f, c(0.5, 0.9), conf.int=FALSE))\n"
        )
    for name, pair in ref["logrank"].items():
        da, sa = rows_of(ref["quantiles"][pair["x"]]["table"])
        db, sb = rows_of(ref["quantiles"][pair["y"]]["table"])
        code += (
            f"t <- c({r_vector(da)}, {r_vector(db)}); s <- c({r_vector(sa)}, {r_vector(sb)})\n"
            f"g <- c(rep(0, {da.size}), rep(1, {db.size}))\n"
            f"d <- survdiff(Surv(t, s) ~ g); out('{name}', c(d$chisq, d$pvalue))\n"
        )
    t: list[np.ndarray] = []
    s: list[np.ndarray] = []
    g: list[np.ndarray] = []
    k: list[np.ndarray] = []
    for stratum, pair in enumerate(ref["stratified"]["strata"]):
        for group, raw in enumerate(pair):
            d, st = rows_of(raw)
            t.append(d)
            s.append(st)
            g.append(np.full(d.size, group))
            k.append(np.full(d.size, stratum))
    code += (
        f"t <- {r_vector(np.concatenate(t))}; s <- {r_vector(np.concatenate(s))}\n"
        f"g <- {r_vector(np.concatenate(g))}; k <- {r_vector(np.concatenate(k))}\n"
        "d <- survdiff(Surv(t, s) ~ g + strata(k)); out('stratified', c(d$chisq, d$pvalue))\n"
    )
    values = run_r(code)
    for name, entry in ref["quantiles"].items():
        q = values[name]
        entry["q50_r"] = None if np.isnan(q[0]) else q[0]
        entry["q90_r"] = None if np.isnan(q[1]) else q[1]
    for name, pair in ref["logrank"].items():
        pair["r"] = values[name]
    ref["stratified"]["logrank_r"] = values["stratified"]


# --------------------------------------------------------------- scores

SCORE_CASES = {
    "typical": ([3, 5, 20, 40, 32], [8, 12, 30, 35, 15]),
    "small": ([0, 1, 3, 4, 2], [2, 3, 2, 1, 0]),
    "missing_value": ([0, 0, 10, 25, 15], [5, 9, 14, 0, 4]),
    "large": ([4000, 6100, 19000, 41000, 30000], [9000, 11800, 30500, 36000, 15200]),
}
STRATIFIED_SCORE_CASE = [
    (([1, 2, 6, 12, 9], [4, 6, 9, 8, 3])),
    (([5, 7, 10, 6, 2], [9, 8, 6, 4, 1])),
    (([0, 1, 2, 8, 14], [1, 2, 5, 9, 10])),
]


def expand(counts: list[int]) -> np.ndarray:
    return np.repeat(np.arange(1.0, 6.0), counts)


def van_elteren_by_cmh(strata: list[tuple[list[int], list[int]]]) -> tuple[float, float]:
    """CMH row-mean-score statistic with modified ridit scores (= van Elteren)."""
    observed = expected = variance = 0.0
    for cx, cy in strata:
        x, y = expand(cx), expand(cy)
        both = np.concatenate([x, y])
        n, n1, n0 = both.size, x.size, y.size
        scores = stats.rankdata(both) / (n + 1)
        observed += scores[:n1].sum()
        expected += n1 * scores.mean()
        variance += n1 * n0 / (n * (n - 1)) * np.sum((scores - scores.mean()) ** 2)
    z = (observed - expected) / np.sqrt(variance)
    return float(z), float(2 * stats.norm.sf(abs(z)))


def score_references() -> dict[str, Any]:
    two = {}
    for name, (cx, cy) in SCORE_CASES.items():
        x, y = expand(cx), expand(cy)
        mw = stats.mannwhitneyu(x, y, method="asymptotic", use_continuity=False)
        cm = CompareMeans(
            DescrStatsW(np.arange(1.0, 6.0), weights=cx),
            DescrStatsW(np.arange(1.0, 6.0), weights=cy),
        )
        low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
        two[name] = {
            "x": cx,
            "y": cy,
            "mannwhitneyu": [float(mw.statistic), float(mw.pvalue)],
            "welch_ci_statsmodels": [float(low), float(high)],
            "van_elteren_one_stratum": van_elteren_by_cmh([(cx, cy)]),
        }
    strata = [(list(a), list(b)) for a, b in STRATIFIED_SCORE_CASE]
    weighted = total = variance = 0.0
    for cx, cy in strata:
        x, y = expand(cx), expand(cy)
        w = x.size * y.size / (x.size + y.size)
        weighted += w * (x.mean() - y.mean())
        variance += w * w * (x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        total += w
    d = weighted / total
    se = np.sqrt(variance) / total
    return {
        "two_sample": two,
        "stratified": {
            "strata": strata,
            "van_elteren_cmh_modridit": van_elteren_by_cmh(strata),
            "mh_mean_difference": [d, se, d - Z975 * se, d + Z975 * se],
        },
    }


def score_references_r(ref: dict[str, Any]) -> None:
    code = R_OUT
    for name, case in ref["two_sample"].items():
        code += (
            f"x <- rep(1:5, {r_vector(case['x'])}); y <- rep(1:5, {r_vector(case['y'])})\n"
            f"w <- wilcox.test(x, y, exact=FALSE, correct=FALSE)\n"
            f"t <- t.test(x, y, var.equal=FALSE)\n"
            f"out('{name}', c(w$statistic, w$p.value, t$conf.int))\n"
        )
    values = run_r(code)
    for name, case in ref["two_sample"].items():
        w, p, low, high = values[name]
        case["wilcox_r"] = [w, p]
        case["welch_ci_r"] = [low, high]


# -------------------------------------------------------- multiplicity

HOLM_CASES = {
    "mixed": [0.01, 0.04, 0.03, 0.005, 0.2, 0.5],
    "ties": [0.02, 0.02, 0.02, 0.9],
    "clip": [0.3, 0.4, 0.6, 0.01],
    "single": [0.03],
}


def multiplicity_references() -> dict[str, Any]:
    return {
        name: {"p": p, "holm_statsmodels": multipletests(p, method="holm")[1].tolist()}
        for name, p in HOLM_CASES.items()
    }


def multiplicity_references_r(ref: dict[str, Any]) -> None:
    code = R_OUT + "".join(
        f"out('{name}', p.adjust({r_vector(case['p'])}, method='holm'))\n"
        for name, case in ref.items()
    )
    values = run_r(code)
    for name, case in ref.items():
        case["holm_r"] = values[name]


# ------------------------------------------------------------------ main


def _keep_r(new: Any, old: Any) -> Any:
    """Copy every key ending in _r / r (R-derived) from the committed file."""
    if isinstance(new, dict) and isinstance(old, dict):
        for key, value in old.items():
            if key not in new and (key == "r" or key.endswith("_r") or key.endswith("_metafor")):
                new[key] = value
            elif key in new:
                _keep_r(new[key], value)
    elif isinstance(new, list) and isinstance(old, list):
        for a, b in zip(new, old, strict=False):
            _keep_r(a, b)
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-r", action="store_true", help="keep committed R values")
    args = parser.parse_args(argv)
    # statsmodels computes ratios it is not asked for and warns on zero counts.
    warnings.filterwarnings("ignore", category=RuntimeWarning, module="statsmodels")
    if not args.skip_r and shutil.which("Rscript") is None:
        print(
            "Rscript not found: install r-base-core r-cran-survival r-cran-metafor, "
            "or pass --skip-r",
            file=sys.stderr,
        )
        return 2
    produced = {
        "rates": rate_references(),
        "survival": survival_references(),
        "scores": score_references(),
        "multiplicity": multiplicity_references(),
    }
    if args.skip_r:
        for name, value in produced.items():
            path = OUT / f"{name}.json"
            if path.exists():
                _keep_r(value, json.loads(path.read_text())["values"])
    else:
        rate_references_r(produced["rates"]["stratified"])
        survival_references_r(produced["survival"])
        score_references_r(produced["scores"])
        multiplicity_references_r(produced["multiplicity"])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, value in produced.items():
        document = {
            "generated_by": "scripts/reference_values.py (see its docstring for the sources)",
            "values": value,
        }
        (OUT / f"{name}.json").write_text(json.dumps(document, indent=1) + "\n")
        print(f"wrote {OUT / f'{name}.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
