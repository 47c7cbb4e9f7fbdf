"""The behaviour model behind `parity demo`: one simulation function per channel.

Pure numpy, vectorised over a chunk of contacts. Times are float seconds since the
start of the demo window; NaN is a null timestamp or duration. Text columns are
small integer codes into a label tuple, -1 = null. The planted truths these
parameters produce are listed in `parity.demo`'s docstring; change both together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Columns = dict[str, NDArray[Any]]

MINUTE = 60.0
HOUR = 3600.0
DAY = 86400.0

CATEGORIES: tuple[str, ...] = (
    "billing",
    "outage",
    "delivery",
    "cancellation",
    "technical",
    "account",
)
SEGMENTS: tuple[str, ...] = ("consumer", "business", "vip")
SEGMENT_CUTS = np.array([0.80, 0.95])  # consumer 80 %, business 15 %, vip 5 %

# Share of contacts resolved, per category, for phone AND chat alike: chat's higher
# raw resolution rate is pure case mix. Email and social are derived from it.
RESOLVE = np.array([0.62, 0.45, 0.55, 0.60, 0.40, 0.70])
# How long a category takes (multiplies handle time and later-resolution delays).
TIME_FACTOR = np.array([1.0, 1.5, 1.3, 0.8, 1.6, 0.6])
# Median compensation when a remedy is monetary, per category.
AMOUNT_MEDIAN = np.array([25.0, 15.0, 20.0, 30.0, 20.0, 10.0])
NON_MONETARY = 0.25  # share of remedies that are a fix or replacement: amount 0

# Chance of a concrete remedy for an answered contact, per category.
PHONE_REMEDY = np.array([0.06, 0.04, 0.05, 0.03, 0.02, 0.02])
EMAIL_REMEDY = PHONE_REMEDY * 2.5
CHAT_REMEDY = PHONE_REMEDY * 3.0
SOCIAL_REMEDY = np.array([0.65, 0.55, 0.65, 0.45, 0.45, 0.40])
FOLLOWUP_REMEDY = 0.75  # social follow-ups of unresolved phone calls, when answered

ESCALATION_SHARE = 0.06  # unresolved phone contacts followed by a social post
ESCALATION_DELAY = (1 * DAY, 6 * DAY)


@dataclass(frozen=True, slots=True)
class Arrivals:
    """Who reached out, when and about what; sorted by `created`."""

    created: Ints  # whole seconds since the window start
    customer: Ints  # index into the customer pool
    category: Ints  # index into CATEGORIES
    followup: Bools  # a social post following an unresolved phone contact

    def __len__(self) -> int:
        return len(self.created)

    def take(self, index: slice | Ints) -> Arrivals:
        """The arrivals at `index` (a slice or integer positions)."""
        return Arrivals(
            self.created[index], self.customer[index], self.category[index], self.followup[index]
        )


def concat(parts: list[Arrivals]) -> Arrivals:
    if not parts:
        empty = np.zeros(0, np.int64)
        return Arrivals(empty, empty, empty, np.zeros(0, bool))
    return Arrivals(
        np.concatenate([p.created for p in parts]),
        np.concatenate([p.customer for p in parts]),
        np.concatenate([p.category for p in parts]),
        np.concatenate([p.followup for p in parts]),
    )


Simulate = Callable[[np.random.Generator, Arrivals, float], Columns]


def lognormal(
    rng: np.random.Generator, median: float | NDArray[np.floating[Any]], sigma: float, n: int
) -> Floats:
    return rng.lognormal(np.log(median), sigma, n)


def segments(customer: Ints) -> Ints:
    """A fixed segment per customer (a multiplicative hash of its index)."""
    mixed = (customer.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40)
    return np.searchsorted(SEGMENT_CUTS, mixed.astype(np.float64) / 2.0**24).astype(np.int64)


def pick(rng: np.random.Generator, mix: tuple[float, ...], n: int) -> Ints:
    return rng.choice(len(mix), size=n, p=np.asarray(mix) / sum(mix)).astype(np.int64)


def _before(span: float, happened: Bools, at: Floats) -> Floats:
    """`at` where the event happened inside the window, else null (right-censored)."""
    return np.where(happened & (at < span), at, np.nan)


def _transfers(rng: np.random.Generator, answered: Bools, share: float, n: int) -> Ints:
    moved = answered & (rng.random(n) < share)
    return (moved * (1 + rng.poisson(0.3, n))).astype(np.int64)


def _resolve(
    rng: np.random.Generator,
    answered: Bools,
    chance: Floats,
    done: Floats,
    later: tuple[float, float],
    category: Ints,
    span: float,
) -> Floats:
    """Resolution time: at `done` (end of first contact) or, for 30 %, days later.

    `chance` is the probability of resolution given an answer; `later` is the
    median (seconds, scaled by category) and sigma of the extra delay.
    """
    n = len(answered)
    resolved = answered & (rng.random(n) < chance)
    median, sigma = later
    delay = lognormal(rng, median * TIME_FACTOR[category], sigma, n)
    at_once = rng.random(n) < 0.7
    return _before(span, resolved, done + np.where(at_once, 0.0, delay))


def _unconditional(chance: Floats, answered: Bools) -> Floats:
    """Turn a per-contact resolution chance into a chance given an answer."""
    answer_rate = float(answered.mean()) if answered.any() else 1.0
    return np.minimum(chance / answer_rate, 1.0)


def _outcomes(
    rng: np.random.Generator,
    cols: Columns,
    *,
    remedy_chance: Floats,
    reopen: float,
    survey: float,
    csat_bonus: float,
    amount_factor: float,
    category: Ints,
) -> Columns:
    """Remedy, reopen and satisfaction, shared by every channel."""
    answered = ~np.isnan(cols["first_response_at"])
    resolved = ~np.isnan(cols["resolved_at"])
    n = len(answered)
    remedy = answered & (rng.random(n) < remedy_chance)
    amount = lognormal(rng, AMOUNT_MEDIAN[category] * amount_factor, 0.7, n)
    monetary = remedy & (rng.random(n) >= NON_MONETARY)
    latent = 2.3 + 1.2 * resolved + 0.8 * remedy + csat_bonus + rng.normal(0.0, 1.0, n)
    surveyed = answered & (rng.random(n) < survey)
    cols["reopened"] = resolved & (rng.random(n) < reopen)
    cols["remedy"] = remedy
    cols["remedy_amount"] = np.where(monetary, np.round(amount, 2), 0.0)
    cols["csat"] = np.where(surveyed, np.clip(np.rint(latent), 1, 5), np.nan)
    return cols


def phone(rng: np.random.Generator, arr: Arrivals, span: float) -> Columns:
    """Queue, hold and apologies; waits and holds worsen over the window."""
    n, cat = len(arr), arr.category
    trend = 0.8 + 0.4 * arr.created / span
    wait = lognormal(rng, 22 * MINUTE * trend, 0.8, n)
    patience = lognormal(rng, 100 * MINUTE, 1.0, n)
    gave_up = patience < wait
    hung_up = arr.created + patience
    abandoned = gave_up & (hung_up < span)
    first = _before(span, ~gave_up, arr.created + wait)
    answered = ~np.isnan(first)
    hold = np.where(answered, lognormal(rng, 20 * MINUTE * trend, 0.8, n), np.nan)
    handle = np.where(
        answered, lognormal(rng, 7 * MINUTE * TIME_FACTOR[cat] ** 0.5, 0.6, n), np.nan
    )
    transfers = _transfers(rng, answered, 0.40, n)
    chance = _unconditional(RESOLVE[cat], answered)
    resolved = _resolve(rng, answered, chance, first + hold + handle, (2 * DAY, 0.8), cat, span)
    cols: Columns = {
        "first_response_at": first,
        "resolved_at": resolved,
        "hold_seconds": hold,
        "handle_seconds": handle,
        "transfers": transfers,
        "abandoned": abandoned,
        "abandoned_at": np.where(abandoned, hung_up, np.nan),
        "subchannel": pick(rng, (0.85, 0.15), n),
        "agent_team": np.where(answered, (transfers > 0).astype(np.int64), -1),
    }
    return _outcomes(
        rng, cols, remedy_chance=PHONE_REMEDY[cat], reopen=0.15, survey=0.28,
        csat_bonus=-0.3, amount_factor=1.0, category=cat,
    )  # fmt: skip


def email(rng: np.random.Generator, arr: Arrivals, span: float) -> Columns:
    """Replies many hours to days later; 4 % never answered."""
    n, cat = len(arr), arr.category
    replied = rng.random(n) >= 0.04
    first = _before(span, replied, arr.created + lognormal(rng, 20 * HOUR, 1.0, n))
    answered = ~np.isnan(first)
    handle = np.where(
        answered, lognormal(rng, 9 * MINUTE * TIME_FACTOR[cat] ** 0.5, 0.7, n), np.nan
    )
    chance = _unconditional(np.minimum(RESOLVE[cat] * 1.12, 0.95), answered)
    cols: Columns = {
        "first_response_at": first,
        "resolved_at": _resolve(rng, answered, chance, first, (2 * DAY, 0.9), cat, span),
        "handle_seconds": handle,
        "transfers": _transfers(rng, answered, 0.15, n),
        "agent_team": np.where(answered, 0, -1),
    }
    return _outcomes(
        rng, cols, remedy_chance=EMAIL_REMEDY[cat], reopen=0.08, survey=0.25,
        csat_bonus=0.0, amount_factor=1.0, category=cat,
    )  # fmt: skip


def chat(rng: np.random.Generator, arr: Arrivals, span: float) -> Columns:
    """Minutes to answer; resolves exactly like phone within each category."""
    n, cat = len(arr), arr.category
    stayed = rng.random(n) >= 0.05
    first = _before(span, stayed, arr.created + lognormal(rng, 2.5 * MINUTE, 0.8, n))
    answered = ~np.isnan(first)
    handle = np.where(
        answered, lognormal(rng, 14 * MINUTE * TIME_FACTOR[cat] ** 0.5, 0.6, n), np.nan
    )
    chance = _unconditional(RESOLVE[cat], answered)
    cols: Columns = {
        "first_response_at": first,
        "resolved_at": _resolve(rng, answered, chance, first + handle, (2 * DAY, 0.8), cat, span),
        "handle_seconds": handle,
        "transfers": _transfers(rng, answered, 0.12, n),
        "subchannel": pick(rng, (0.7, 0.3), n),
        "agent_team": np.where(answered, 0, -1),
    }
    return _outcomes(
        rng, cols, remedy_chance=CHAT_REMEDY[cat], reopen=0.07, survey=0.32,
        csat_bonus=0.2, amount_factor=1.0, category=cat,
    )  # fmt: skip


def social(rng: np.random.Generator, arr: Arrivals, span: float) -> Columns:
    """Fast, empowered and generous, but a quarter of organic posts are ignored."""
    n, cat = len(arr), arr.category
    seen = rng.random(n) < np.where(arr.followup, 0.90, 0.76)
    first = _before(span, seen, arr.created + lognormal(rng, 10 * MINUTE, 0.9, n))
    answered = ~np.isnan(first)
    handle = np.where(
        answered, lognormal(rng, 8 * MINUTE * TIME_FACTOR[cat] ** 0.5, 0.7, n), np.nan
    )
    chance = 1.0 - (1.0 - RESOLVE[cat]) * 0.1
    cols: Columns = {
        "first_response_at": first,
        "resolved_at": _resolve(rng, answered, chance, first + handle, (1 * DAY, 0.8), cat, span),
        "handle_seconds": handle,
        "subchannel": pick(rng, (0.5, 0.3, 0.2), n),
        "agent_team": np.where(answered, 0, -1),
    }
    remedy = np.where(arr.followup, FOLLOWUP_REMEDY, SOCIAL_REMEDY[cat])
    return _outcomes(
        rng, cols, remedy_chance=remedy, reopen=0.03, survey=0.35,
        csat_bonus=0.4, amount_factor=1.5, category=cat,
    )  # fmt: skip


def escalations(rng: np.random.Generator, arr: Arrivals, cols: Columns, span: float) -> Arrivals:
    """Social posts by customers whose phone contact was left unresolved."""
    n = len(arr)
    chosen = np.isnan(cols["resolved_at"]) & (rng.random(n) < ESCALATION_SHARE)
    low, high = ESCALATION_DELAY
    at = arr.created + rng.integers(int(low), int(high), n, endpoint=True)
    keep = chosen & (at < span)
    return Arrivals(at[keep], arr.customer[keep], arr.category[keep], np.ones(keep.sum(), bool))


def _hours(opens: int, closes: int, outside: float, evening: float = 1.0) -> tuple[float, ...]:
    """Arrival weight per hour of the day (UTC): open hours 1, evenings `evening`."""
    return tuple(
        (evening if h >= 18 else 1.0) if opens <= h < closes else outside for h in range(24)
    )


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    name: str
    prefix: str  # contact_id prefix
    share: float  # of all contacts
    category_mix: tuple[float, ...]  # over CATEGORIES (social: organic posts only)
    weekdays: tuple[float, ...]  # arrival weight Monday … Sunday
    hours: tuple[float, ...]
    subchannels: tuple[str, ...]
    teams: tuple[str, ...]
    columns: tuple[str, ...]  # canonical names, in schema order
    simulate: Simulate


_COMMON = ("contact_id", "channel", "created_at", "first_response_at", "resolved_at")
_TAIL = ("category", "customer_id", "subchannel", "segment", "agent_team")
_OUTCOME = ("reopened", "remedy", "remedy_amount", "csat")

PHONE = ChannelSpec(
    "phone", "PH", 0.55, (0.22, 0.15, 0.10, 0.13, 0.28, 0.12),
    (1.3, 1.1, 1.0, 1.0, 1.0, 0.5, 0.2), _hours(8, 20, 0.02),
    ("ivr", "direct"), ("tier1-voice", "tier2-voice"),
    (*_COMMON, "hold_seconds", "handle_seconds", "transfers", "abandoned", *_OUTCOME,
     *_TAIL, "abandoned_at"),
    phone,
)  # fmt: skip
EMAIL = ChannelSpec(
    "email", "EM", 0.20, (0.30, 0.05, 0.20, 0.15, 0.10, 0.20),
    (1.2, 1.1, 1.0, 1.0, 1.0, 0.7, 0.6), _hours(7, 23, 0.3),
    (), ("email-support",),
    (*_COMMON, "handle_seconds", "transfers", *_OUTCOME, "category", "customer_id", "segment",
     "agent_team"),
    email,
)  # fmt: skip
CHAT = ChannelSpec(
    "chat", "CH", 0.17, (0.25, 0.05, 0.15, 0.08, 0.07, 0.40),
    (1.1, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6), _hours(8, 22, 0.0),
    ("web", "app"), ("chat-support",),
    (*_COMMON, "handle_seconds", "transfers", *_OUTCOME, *_TAIL),
    chat,
)  # fmt: skip
SOCIAL = ChannelSpec(
    "social", "SO", 0.08, (0.15, 0.30, 0.25, 0.10, 0.10, 0.10),
    (1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.2), _hours(7, 24, 0.25, evening=1.5),
    ("twitter", "facebook", "instagram"), ("social-care",),
    (*_COMMON, "handle_seconds", *_OUTCOME, *_TAIL),
    social,
)  # fmt: skip
CHANNELS: tuple[ChannelSpec, ...] = (PHONE, EMAIL, CHAT, SOCIAL)  # social last: it takes follow-ups
