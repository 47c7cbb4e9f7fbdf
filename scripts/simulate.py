"""Simulation study of parity's statistics layer (`make simulate`).

Generates many contact-level datasets with numpy — four channels (phone is the
reference), four categories of different difficulty, censoring by abandonment
and by the as-of time — aggregates each into the inputs of `parity.stats`, runs
`compare_all`, and reports:

* report-level false-flag rate when nothing differs (target ≤ 5 % of reports
  with any flag), with and without confounding by category;
* detection rate of planted material gaps (target ≥ 90 %), with and without
  confounding;
* that a channel answering 30 % of posts fast and ignoring the rest is not
  "faster", and that tiny gaps on huge samples are not flagged;
* coverage of the main 95 % intervals against the true values of the model.

`aggregate` is the one step that turns contact rows into aggregates; swap it for
parity's SQL path to test that path the same way.

    python scripts/simulate.py            # about two and a half minutes
    python scripts/simulate.py --reps 50  # quicker, noisier
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from parity.stats import (
    ComparisonResult,
    RateCounts,
    Sample,
    ScoreCounts,
    TimeTable,
    compare_all,
)

FloatArray = npt.NDArray[np.float64]
CHANNELS = ("phone", "email", "chat", "social")
CATEGORIES = ("billing", "technical", "delivery", "account")
DAY = 86400.0
AS_OF = 30 * DAY  # contacts arrive uniformly over the 30 days before the as-of time
CUTPOINTS = np.array([-1.6, -0.7, 0.2, 1.1])  # latent satisfaction → score 1..5
RATE_METRICS = ("transfer_rate", "remedy_rate", "reopen_rate")


@dataclass
class Model:
    """Per (channel, category) parameters of the data-generating process."""

    mix: FloatArray  # channel × category probabilities
    first_response_median: FloatArray  # seconds, lognormal
    never_answered: FloatArray  # probability a contact is never answered
    resolution_median: FloatArray  # seconds, lognormal
    never_resolved: FloatArray
    hold_median: FloatArray  # seconds, lognormal, phone and chat only
    hold_zero: FloatArray  # probability of no hold at all
    rates: dict[str, FloatArray]  # transfer_rate, remedy_rate, reopen_rate
    csat_latent: FloatArray  # mean of the latent satisfaction
    abandon_recorded: FloatArray = field(default_factory=lambda: np.full(len(CHANNELS), 0.5))
    sigma: float = 1.0
    csat_response: float = 0.3
    planted: dict[tuple[str, str], str] = field(default_factory=dict)  # (metric, channel) → favours


def _per_category(values: list[float]) -> FloatArray:
    return np.tile(np.asarray(values, dtype=np.float64), (len(CHANNELS), 1))


def null_model(*, confounded: bool) -> Model:
    balanced = np.full((4, 4), 0.25)
    skewed = np.array(
        [
            [0.15, 0.55, 0.10, 0.20],  # phone gets the hard technical cases
            [0.25, 0.25, 0.25, 0.25],
            [0.40, 0.20, 0.20, 0.20],
            [0.10, 0.05, 0.75, 0.10],  # social gets easy delivery questions
        ]
    )
    return Model(
        mix=skewed if confounded else balanced,
        first_response_median=_per_category([600, 3600, 240, 1200]),
        never_answered=_per_category([0.04, 0.10, 0.02, 0.06]),
        resolution_median=_per_category([0.5 * DAY, 3 * DAY, 0.2 * DAY, 1.5 * DAY]),
        never_resolved=_per_category([0.05, 0.20, 0.02, 0.10]),
        hold_median=_per_category([240, 900, 120, 400]),
        hold_zero=_per_category([0.3, 0.1, 0.5, 0.3]),
        rates={
            "transfer_rate": _per_category([0.10, 0.35, 0.05, 0.15]),
            "remedy_rate": _per_category([0.30, 0.15, 0.45, 0.10]),
            "reopen_rate": _per_category([0.05, 0.15, 0.03, 0.08]),
        },
        csat_latent=_per_category([0.4, -0.6, 0.9, 0.1]),
    )


def planted_model(*, confounded: bool) -> Model:
    """Five material gaps, about twice their thresholds."""
    m = null_model(confounded=confounded)
    email, chat, social = CHANNELS.index("email"), CHANNELS.index("chat"), 3
    m.first_response_median[email] *= 2.5
    m.rates["transfer_rate"][email] += 0.12
    m.rates["remedy_rate"][social] += 0.15
    m.csat_latent[chat] += 0.75
    m.hold_median[chat] *= 2.0
    m.planted = {
        ("first_response_time", "email"): "phone",
        ("transfer_rate", "email"): "phone",
        ("remedy_rate", "social"): "social",
        ("csat", "chat"): "chat",
        ("hold_time", "chat"): "phone",
    }
    return m


def selective_model() -> Model:
    """Social answers 30 % of posts in about two minutes and ignores the rest."""
    m = null_model(confounded=False)
    m.first_response_median[3] = 120.0
    m.never_answered[3] = 0.70
    m.abandon_recorded[3] = 0.0  # an ignored post is never "abandoned": open until as-of
    m.planted = {("first_response_time", "social"): "phone", ("response_rate", "social"): "phone"}
    return m


def tiny_gap_model() -> Model:
    """Real but negligible gaps: 8 % slower first responses, one point more transfers."""
    m = null_model(confounded=False)
    m.first_response_median[1] *= 1.08
    m.rates["transfer_rate"][1] += 0.01
    return m


# --------------------------------------------------------------------------- data


Contacts = dict[str, npt.NDArray[np.float64]]


def generate(model: Model, n_per_channel: int, rng: np.random.Generator) -> Contacts:
    """Contact rows in the shape of the canonical record (times in seconds)."""
    n = n_per_channel * len(CHANNELS)
    channel = np.repeat(np.arange(len(CHANNELS)), n_per_channel)
    cum = np.cumsum(model.mix, axis=1)[channel]
    category = (rng.random(n)[:, None] > cum).sum(axis=1)
    created = rng.uniform(0, AS_OF, n)

    def lognormal(median: FloatArray) -> FloatArray:
        noise = np.exp(model.sigma * rng.standard_normal(n))
        return np.asarray(np.round(median[channel, category] * noise), dtype=np.float64)

    answered = rng.random(n) >= model.never_answered[channel, category]
    first = created + np.maximum(lognormal(model.first_response_median), 1.0)
    first_response_at = np.where(answered & (first <= AS_OF), first, np.nan)
    # Some customers who are never answered give up, and the export records
    # when (a caller hangs up, a post is deleted); the others stay open until
    # the as-of time. Recording is the same on every channel unless planted.
    gives_up = created + np.round(rng.exponential(3600.0, n))
    recorded = rng.random(n) < model.abandon_recorded[channel]
    abandoned_at = np.where(~answered & recorded & (gives_up <= AS_OF), gives_up, np.nan)
    resolves = rng.random(n) >= model.never_resolved[channel, category]
    resolved = created + np.maximum(lognormal(model.resolution_median), 1.0)
    resolved_at = np.where(resolves & (resolved <= AS_OF), resolved, np.nan)
    has_hold = np.isin(channel, (0, 2))
    hold = np.where(
        rng.random(n) < model.hold_zero[channel, category], 0.0, lognormal(model.hold_median)
    )
    hold_seconds = np.where(has_hold & ~np.isnan(first_response_at), hold, np.nan)
    rows: Contacts = {
        "channel": channel.astype(np.float64),
        "category": category.astype(np.float64),
        "created_at": created,
        "first_response_at": first_response_at,
        "abandoned_at": abandoned_at,
        "resolved_at": resolved_at,
        "hold_seconds": hold_seconds,
    }
    for metric, p in model.rates.items():
        rows[metric] = (rng.random(n) < p[channel, category]).astype(np.float64)
    latent = model.csat_latent[channel, category] + rng.standard_normal(n)
    score = 1.0 + np.searchsorted(CUTPOINTS, latent)
    rows["csat"] = np.where(rng.random(n) < model.csat_response, score, np.nan)
    return rows


def _times(durations: FloatArray, observed: npt.NDArray[np.bool_]) -> TimeTable:
    return TimeTable.from_observations(durations, observed)


def aggregate(rows: Contacts, *, by_category: bool) -> dict[str, dict[str, Sample]]:
    """Contact rows → metric → channel → stratum → aggregate (parity's SQL does this)."""
    out: dict[str, dict[str, Sample]] = {}
    channel = rows["channel"].astype(int)
    category = rows["category"].astype(int)
    keys = [(k, CATEGORIES[k] if by_category else "") for k in range(len(CATEGORIES))]

    def cells(select: Callable[[npt.NDArray[np.bool_]], object]) -> dict[str, Sample]:
        result: dict[str, object] = {}
        for c in range(len(CHANNELS)):
            in_channel = channel == c
            if by_category:
                parts = {key: select(in_channel & (category == k)) for k, key in keys}
            else:
                parts = {"": select(in_channel)}
            result[CHANNELS[c]] = parts
        return result  # type: ignore[return-value]

    created = rows["created_at"]

    def first_response(mask: npt.NDArray[np.bool_]) -> TimeTable:
        answered = ~np.isnan(rows["first_response_at"][mask])
        end = np.where(
            answered,
            rows["first_response_at"][mask],
            np.where(np.isnan(rows["abandoned_at"][mask]), AS_OF, rows["abandoned_at"][mask]),
        )
        return _times(end - created[mask], answered)

    def resolution(mask: npt.NDArray[np.bool_]) -> TimeTable:
        done = ~np.isnan(rows["resolved_at"][mask])
        end = np.where(done, rows["resolved_at"][mask], AS_OF)
        return _times(end - created[mask], done)

    def rate(name: str) -> Callable[[npt.NDArray[np.bool_]], RateCounts]:
        return lambda mask: RateCounts(int(rows[name][mask].sum()), int(mask.sum()))

    def response_rate(mask: npt.NDArray[np.bool_]) -> RateCounts:
        return RateCounts(int((~np.isnan(rows["first_response_at"][mask])).sum()), int(mask.sum()))

    def csat(mask: npt.NDArray[np.bool_]) -> ScoreCounts:
        scores = rows["csat"][mask]
        return ScoreCounts.from_scores(scores[~np.isnan(scores)])

    out["first_response_time"] = cells(first_response)
    out["resolution_time"] = cells(resolution)
    out["response_rate"] = cells(response_rate)
    for name in RATE_METRICS:
        out[name] = cells(rate(name))
    out["csat"] = cells(csat)
    # hold_seconds exists for phone and chat only: the metric is absent elsewhere.
    hold = rows["hold_seconds"]
    hold_cells: dict[str, Sample] = {}
    for c in range(len(CHANNELS)):
        in_channel = channel == c
        if np.isnan(hold[in_channel]).all():
            continue
        masks = (
            {key: in_channel & (category == k) for k, key in keys}
            if by_category
            else {"": in_channel}
        )
        hold_cells[CHANNELS[c]] = {
            key: TimeTable.from_observations(hold[m][~np.isnan(hold[m])])
            for key, m in masks.items()
        }
    out["hold_time"] = hold_cells
    return out


# --------------------------------------------------------------------- truths


def _lognormal_survival(t: float, median: float, sigma: float) -> float:
    return float(stats.norm.sf((math.log(t) - math.log(median)) / sigma)) if t > 0 else 1.0


def _median_of(survival: Callable[[float], float]) -> float:
    return float(optimize.brentq(lambda t: survival(t) - 0.5, 1e-6, 1e9, xtol=1e-6))


def _weights(model: Model, c: int, ref: int, standardised: bool, *, answered: bool) -> FloatArray:
    """Category weights of the contacts a metric sees: the channel's own mix, or the
    combined mix of the pair when standardised (equal numbers per channel). Hold
    time exists only for answered contacts, whose mix differs a little."""

    def seen(ch: int) -> FloatArray:
        share = model.mix[ch] * ((1 - model.never_answered[ch]) if answered else 1.0)
        return np.asarray(share / share.sum())

    return (seen(c) + seen(ref)) / 2 if standardised else seen(c)


def true_resolution_median(model: Model, c: int, weights: FloatArray) -> float:
    def survival(t: float) -> float:
        return sum(
            float(w) * (float(u) + (1 - float(u)) * _lognormal_survival(t, med, model.sigma))
            for w, u, med in zip(
                weights, model.never_resolved[c], model.resolution_median[c], strict=True
            )
        )

    return _median_of(survival)


def true_hold_median(model: Model, c: int, weights: FloatArray) -> float:
    def survival(t: float) -> float:
        return sum(
            float(w) * (1 - float(z)) * _lognormal_survival(t, med, model.sigma)
            for w, z, med in zip(weights, model.hold_zero[c], model.hold_median[c], strict=True)
        )

    return _median_of(survival)


def true_csat_means(model: Model, c: int) -> FloatArray:
    """Expected score per category: 1 + Σ_j P(latent > cut_j)."""
    mu = model.csat_latent[c][:, None]
    return np.asarray(1.0 + stats.norm.sf(CUTPOINTS[None, :] - mu).sum(axis=1))


def truths(model: Model, metric: str, c: int, ref: int, stratified: bool) -> float | None:
    """The value a comparison's interval should cover, or None when not studied."""
    if metric == "remedy_rate":  # within-category differences are constant by design
        p = model.rates[metric]
        if stratified:
            return float(p[c, 0] - p[ref, 0])
        return float(model.mix[c] @ p[c] - model.mix[ref] @ p[ref])
    if metric == "resolution_time":
        return true_resolution_median(
            model, c, _weights(model, c, ref, stratified, answered=False)
        ) - true_resolution_median(model, ref, _weights(model, ref, c, stratified, answered=False))
    if metric == "hold_time":
        return true_hold_median(
            model, c, _weights(model, c, ref, stratified, answered=True)
        ) - true_hold_median(model, ref, _weights(model, ref, c, stratified, answered=True))
    if metric == "csat":
        delta = true_csat_means(model, c) - true_csat_means(model, ref)
        if stratified:
            a, b = model.mix[c], model.mix[ref]
            w = a * b / (a + b)
            return float(w @ delta / w.sum())
        return float(
            model.mix[c] @ true_csat_means(model, c) - model.mix[ref] @ true_csat_means(model, ref)
        )
    return None


# -------------------------------------------------------------------- the study


@dataclass(frozen=True)
class Scenario:
    name: str
    model: Model
    n_per_channel: int
    by_category: bool
    reps_share: float = 1.0  # fraction of --reps (large samples are slow to generate)


def scenarios() -> list[Scenario]:
    return [
        Scenario("no gap, same mix, raw", null_model(confounded=False), 1500, False),
        Scenario("no gap, same mix, by category", null_model(confounded=False), 1500, True),
        Scenario("no gap, confounded mix, raw", null_model(confounded=True), 1500, False),
        Scenario("no gap, confounded mix, by category", null_model(confounded=True), 1500, True),
        Scenario("no gap, 60 per channel, raw", null_model(confounded=False), 60, False),
        Scenario("5 planted gaps, same mix, raw", planted_model(confounded=False), 1500, False),
        Scenario(
            "5 planted gaps, 300 per channel, raw", planted_model(confounded=False), 300, False
        ),
        Scenario(
            "5 planted gaps, confounded, by category", planted_model(confounded=True), 1500, True
        ),
        Scenario("social answers 30 % fast, ignores rest", selective_model(), 1500, False),
        Scenario("tiny real gaps, 100 000 per channel", tiny_gap_model(), 100_000, False, 0.1),
    ]


@dataclass
class Tally:
    reports: int = 0
    any_false_flag: int = 0
    any_false_significant: int = 0
    planted_found: int = 0
    planted_total: int = 0
    all_planted_found: int = 0
    wrong_way: int = 0  # a planted gap flagged in favour of the wrong channel
    found_by_gap: dict[tuple[str, str], int] = field(default_factory=dict)
    coverage: dict[str, list[int]] = field(default_factory=dict)


def _interval_name(metric: str, stratified: bool) -> str:
    names = {
        "remedy_rate": ("Miettinen–Nurminen, rate difference", "Mantel–Haenszel rate difference"),
        "resolution_time": ("MOVER, difference of KM medians", "MOVER, standardised medians"),
        "hold_time": (
            "MOVER, difference of medians (no censoring)",
            "MOVER, standardised medians (hold)",
        ),
        "csat": ("Welch, difference of mean csat", "MH-weighted difference of mean csat"),
    }
    return names[metric][stratified]


def score_report(results: list[ComparisonResult], scenario: Scenario, tally: Tally) -> None:
    model = scenario.model
    tally.reports += 1
    false_flag = false_significant = False
    found_all = True
    for r in results:
        key = (r.metric, r.channel)
        if key in model.planted:
            tally.planted_total += 1
            if r.flagged and r.favours == model.planted[key]:
                tally.planted_found += 1
                tally.found_by_gap[key] = tally.found_by_gap.get(key, 0) + 1
            else:
                found_all = False
                tally.wrong_way += int(r.flagged)
        else:
            false_flag |= r.flagged
            false_significant |= r.significant
        truth_needed = r.metric in ("remedy_rate", "resolution_time", "hold_time", "csat")
        if truth_needed and r.ci is not None and r.severity != "insufficient_data":
            c, ref = CHANNELS.index(r.channel), CHANNELS.index(r.reference)
            truth = truths(model, r.metric, c, ref, scenario.by_category)
            low, high = r.ci
            if truth is not None and low is not None and high is not None:
                name = _interval_name(r.metric, scenario.by_category)
                name += f" @ {scenario.n_per_channel}"
                hits = tally.coverage.setdefault(name, [0, 0])
                hits[0] += int(low <= truth <= high)
                hits[1] += 1
    tally.any_false_flag += int(false_flag)
    tally.any_false_significant += int(false_significant)
    tally.all_planted_found += int(found_all and bool(model.planted))


def run(scenario: Scenario, reps: int, seed: int) -> Tally:
    tally = Tally()
    rng = np.random.default_rng(seed)
    for _ in range(max(1, round(reps * scenario.reps_share))):
        rows = generate(scenario.model, scenario.n_per_channel, rng)
        samples = aggregate(rows, by_category=scenario.by_category)
        adjust = ("category",) if scenario.by_category else ()
        score_report(compare_all(samples, reference="phone", adjust_for=adjust), scenario, tally)
    return tally


def _pct(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:5.1f} %" if denominator else "    –  "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=500, help="reports per scenario (500)")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(
        f"parity statistics simulation: {args.reps} reports per scenario, 4 channels "
        "(phone = reference), 10 metrics, alpha 0.05, SPEC thresholds\n"
    )
    header = (
        f"{'scenario':44} {'reports':>7} {'any false flag':>15} {'any false signif.':>18}"
        f" {'planted found':>14} {'all found':>10}"
    )
    print(header)
    print("-" * len(header))
    coverage: dict[str, list[int]] = {}
    for i, scenario in enumerate(scenarios()):
        tally = run(scenario, args.reps, args.seed + i)
        print(
            f"{scenario.name:44} {tally.reports:>7} {_pct(tally.any_false_flag, tally.reports):>15}"
            f" {_pct(tally.any_false_significant, tally.reports):>18}"
            f" {_pct(tally.planted_found, tally.planted_total):>14}"
            f" {_pct(tally.all_planted_found, tally.reports if scenario.model.planted else 0):>10}"
            + (f"  (flagged the wrong way: {tally.wrong_way})" if tally.wrong_way else "")
        )
        if len(scenario.model.planted) > 1:
            for (metric, channel), favours in scenario.model.planted.items():
                found = tally.found_by_gap.get((metric, channel), 0)
                label = f"  {metric}, {channel} (favours {favours})"
                print(f"{label:44} {'':>7} {'':>15} {'':>18} {_pct(found, tally.reports):>14}")
        sys.stdout.flush()
        for name, (hit, total) in tally.coverage.items():
            agg = coverage.setdefault(name, [0, 0])
            agg[0] += hit
            agg[1] += total
    print("\ncoverage of 95 % intervals (true value from the generating model)")
    print(f"{'interval':52} {'per channel':>11} {'intervals':>9} {'coverage':>9}")

    def order(item: tuple[str, list[int]]) -> tuple[str, int]:
        interval, size = item[0].rsplit(" @ ", 1)
        return interval, int(size)

    for name, (hit, total) in sorted(coverage.items(), key=order):
        interval, size = name.rsplit(" @ ", 1)
        print(f"{interval:52} {size:>11} {total:>9} {_pct(hit, total):>9}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
