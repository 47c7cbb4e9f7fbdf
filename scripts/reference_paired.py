"""Write the reference values of the paired tests (tests/stats/reference/paired.json).

A sibling of scripts/reference_values.py, for parity.stats.paired. Every value
comes from code that shares nothing with parity.stats:

* McNemar's statistic — statsmodels `mcnemar(exact=False, correction=False)`
  and R `mcnemar.test(correct = FALSE)`; the exact conditional p-value from R
  `binom.test` on the discordant pairs, for comparison;
* Tango's (1998) score interval — from its definition: for each difference δ
  the restricted maximum likelihood of P(first only) is found by numerical
  maximisation of the multinomial likelihood (not Tango's closed form), the
  score statistic (b − c − nδ) / √(n (2 π̃₂₁ + δ(1 − δ))) is built from it,
  and the interval is every δ with |z| ≤ z₀.₉₇₅, found by root finding;
* the log-rank test stratified by pair — statsmodels `survdiff(strata=pair)`
  and R `survival::survdiff(Surv(t, d) ~ side + strata(pair))` on the
  contact-level pairs (two rows per pair).

    python scripts/reference_paired.py           # needs Rscript with survival
    python scripts/reference_paired.py --skip-r  # keep the R values already committed
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, stats
from statsmodels.duration.survfunc import survdiff
from statsmodels.stats.contingency_tables import mcnemar

OUT = Path(__file__).resolve().parent.parent / "tests" / "stats" / "reference" / "paired.json"
Z975 = float(stats.norm.isf(0.025))

# (both, second_only, first_only, neither)
RATE_CASES = [
    (10, 25, 5, 60),
    (43, 0, 1, 0),
    (1, 7, 1, 12),
    (30, 4, 4, 12),
    (0, 0, 0, 40),
    (0, 12, 0, 28),
    (50, 0, 0, 0),
    (120, 480, 60, 340),
    (2000, 9000, 1500, 7500),
]


def restricted_q21(b: int, c: int, n: int, delta: float) -> float:
    """argmax over q21 of b·log(q21 + δ) + c·log(q21) + (n − b − c)·log(1 − 2 q21 − δ)."""
    lo = max(0.0, -delta) + 1e-15
    hi = (1 - delta) / 2 - 1e-15
    if hi <= lo:
        return max(0.0, -delta)

    def nll(q: float) -> float:
        total = 0.0
        for count, p in ((b, q + delta), (c, q), (n - b - c, 1 - 2 * q - delta)):
            if count:
                total -= count * math.log(max(p, 1e-300))
        return total

    found = optimize.minimize_scalar(
        nll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-14}
    )
    q = float(found.x)
    for edge in (lo, hi):  # the maximum may sit on the boundary
        if nll(edge) < nll(q):
            q = edge
    return q


def tango_by_definition(case: tuple[int, int, int, int]) -> list[float]:
    a, b, c, d = case
    n = a + b + c + d

    def z(delta: float) -> float:
        q = restricted_q21(b, c, n, delta)
        variance = n * (2 * q + delta * (1 - delta))
        numerator = b - c - n * delta
        if variance <= 0:
            return 0.0 if abs(numerator) < 1e-12 else math.copysign(math.inf, numerator)
        return numerator / math.sqrt(variance)

    estimate = (b - c) / n
    edge = 1e-9
    low = -1.0
    if estimate > -1 + edge and z(-1 + edge) > Z975:
        low = optimize.brentq(lambda x: z(x) - Z975, -1 + edge, estimate, xtol=1e-12)
    high = 1.0
    if estimate < 1 - edge and z(1 - edge) < -Z975:
        high = optimize.brentq(lambda x: z(x) + Z975, estimate, 1 - edge, xtol=1e-12)
    return [float(low), float(high)]


def rate_references() -> list[dict[str, Any]]:
    out = []
    for case in RATE_CASES:
        a, b, c, d = case
        table = np.array([[a, c], [b, d]])  # rows: second success / fail; cols: first
        entry: dict[str, Any] = {"counts": list(case), "tango_interval": tango_by_definition(case)}
        if b + c > 0:
            result = mcnemar(table, exact=False, correction=False)
            entry["mcnemar_chi2"] = float(result.statistic)
            entry["mcnemar_p"] = float(result.pvalue)
        out.append(entry)
    return out


def pair_datasets() -> dict[str, dict[str, list[float]]]:
    """Contact-level pairs: times and event flags of the first and second contacts."""
    rng = np.random.default_rng(20261123)
    sets: dict[str, dict[str, list[float]]] = {}
    for name, n, shift, censor in (
        ("faster_after_escalating", 80, 0.5, 0.3),
        ("no_difference_with_ties", 60, 1.0, 0.4),
        ("heavy_censoring", 120, 0.7, 0.7),
    ):
        first = np.round(rng.lognormal(3.0, 1.0, n))
        second = np.round(first * shift * rng.lognormal(0.0, 0.6, n))
        if name == "no_difference_with_ties":
            second = np.where(rng.random(n) < 0.3, first, np.round(rng.lognormal(3.0, 1.0, n)))
        sets[name] = {
            "first_t": first.tolist(),
            "first_d": (rng.random(n) >= censor).astype(float).tolist(),
            "second_t": second.tolist(),
            "second_d": (rng.random(n) >= censor).astype(float).tolist(),
        }
    return sets


def logrank_references(sets: dict[str, dict[str, list[float]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, data in sets.items():
        n = len(data["first_t"])
        time = np.concatenate([data["first_t"], data["second_t"]])
        status = np.concatenate([data["first_d"], data["second_d"]])
        group = np.repeat([0, 1], n)
        pair = np.tile(np.arange(n), 2)
        chi2, p = survdiff(time, status, group, strata=pair)
        out[name] = {**data, "statsmodels_chi2": float(chi2), "statsmodels_p": float(p)}
    return out


def r_vector(values: Any) -> str:
    return "c(" + ",".join(repr(float(v)) for v in np.asarray(values).ravel()) + ")"


def add_r(rates: list[dict[str, Any]], pairs: dict[str, Any]) -> None:
    lines = [
        "suppressMessages(library(survival))",
        'out <- function(name, x) cat(name, sprintf("%.17g", x), "\\n")',
    ]
    for i, entry in enumerate(rates):
        a, b, c, d = entry["counts"]
        if b + c > 0:
            lines.append(
                f"m <- mcnemar.test(matrix(c({a},{b},{c},{d}), 2), correct = FALSE); "
                f'out("mcnemar_{i}", c(m$statistic, m$p.value)); '
                f'out("binom_{i}", binom.test({b}, {b + c})$p.value)'
            )
    for name, data in pairs.items():
        n = len(data["first_t"])
        lines.append(
            f"t <- c({r_vector(data['first_t'])[2:-1]}, {r_vector(data['second_t'])[2:-1]}); "
            f"d <- c({r_vector(data['first_d'])[2:-1]}, {r_vector(data['second_d'])[2:-1]}); "
            f"side <- rep(0:1, each = {n}); pair <- rep(1:{n}, 2); "
            "s <- survdiff(Surv(t, d) ~ side + strata(pair)); "
            f'out("logrank_{name}", c(s$chisq, pchisq(s$chisq, 1, lower.tail = FALSE)))'
        )
    done = subprocess.run(
        ["Rscript", "--vanilla", "-"],
        input="\n".join(lines),
        capture_output=True,
        text=True,
        check=True,
    )
    values = {}
    for line in done.stdout.splitlines():
        key, *numbers = line.split()
        values[key] = [float(x) for x in numbers]
    for i, entry in enumerate(rates):
        if f"mcnemar_{i}" in values:
            entry["r_mcnemar_chi2"], entry["r_mcnemar_p"] = values[f"mcnemar_{i}"]
            entry["r_binom_exact_p"] = values[f"binom_{i}"][0]
    for name, data in pairs.items():
        data["r_chi2"], data["r_p"] = values[f"logrank_{name}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--skip-r", action="store_true", help="keep the committed R values")
    args = parser.parse_args(argv)
    rates = rate_references()
    pairs = logrank_references(pair_datasets())
    if args.skip_r:
        old = json.loads(OUT.read_text())["values"]
        for new, kept in zip(rates, old["rates"], strict=True):
            new.update({k: v for k, v in kept.items() if k.startswith("r_")})
        for name, data in pairs.items():
            data.update({k: v for k, v in old["logrank"][name].items() if k.startswith("r_")})
    elif shutil.which("Rscript") is None:
        print("Rscript not found: install r-base-core r-cran-survival, or pass --skip-r")
        return 1
    else:
        add_r(rates, pairs)
    document = {
        "generated_by": "scripts/reference_paired.py",
        "values": {"rates": rates, "logrank": pairs},
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
