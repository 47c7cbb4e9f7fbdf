"""Synthetic channel exports with a planted two-tier service (`parity demo`).

`write_demo` writes phone.csv, email.csv, chat.csv and social.csv in the canonical
CSV format (a per-channel subset of `parity.schema` columns, timestamps
`YYYY-MM-DDTHH:MM:SSZ`, empty = null, booleans true/false), one row per contact,
ids increasing with `created_at`. The behaviour model is `parity._demo_channels`.

Planted truths. Figures are what 1 M rows with seed 7 give (≈ at 20 000 rows too);
rates are over all contacts of the channel, so unanswered contacts count as
unresolved and unremedied; "median wait" is over answered contacts only.

- Volume: exactly 55 % phone, 20 % email, 17 % chat, 8 % social. Arrivals follow
  weekday and hour-of-day profiles (phone 08–20 UTC on weekdays, social round the
  clock with an evening peak). A pool of 0.7 × rows customers (`C000123`), each
  with a fixed segment: consumer 80 %, business 15 %, vip 5 % (no effect on treatment).
- Phone (subchannel ivr 85 % / direct 15 %; team tier1-voice, tier2-voice after a
  transfer): median wait 20 min (Kaplan–Meier with abandonment censored: 22 min);
  12 % abandoned (abandoned_at = hang-up); hold after the answer median 20 min,
  p90 56 min; ≥ 1 transfer 35 %; resolved 53 %; remedy 3 % (mean amount 0.66 over
  all contacts); reopened 8 % (15 % of resolved); csat 2.8 from 25 % of contacts.
  Getting worse: waits and holds grow steadily by half across the window (median
  hold 16 min in the first week, 24 min in the last; abandonment 9 % → 15 %).
  Only phone has hold_seconds, abandoned and abandoned_at.
- Social (twitter 50 %, facebook 30 %, instagram 20 %; team social-care; no
  transfers column): median wait 10 min, but 21 % of posts are never answered
  (24 % of organic posts) and stay in the file, so the censored median is 14 min;
  resolved 75 %; remedy 47 % (mean amount 13); reopened 2 %; csat 4.15 from 28 %.
- Email: median wait 20 h (p90 70 h), 5 % never answered; resolved 65 %; remedy
  10 %; ≥ 1 transfer 14 %; csat 3.2 from 24 %.
- Chat (web 70 % / app 30 %): median wait 2.5 min, 5 % never answered; resolved
  61 %; remedy 10 %; ≥ 1 transfer 11 %; csat 3.3 from 30 %.
- Case mix: six categories (billing, outage, delivery, cancellation, technical,
  account) with different difficulty (resolution chance 40–70 %, time factor
  0.6–1.6) and a different mix per channel: phone is 28 % technical and 15 %
  outage (the hardest), chat 40 % account (the easiest). CHAT VS PHONE RESOLUTION
  RATE IS PURE CASE MIX: raw 61 % vs 53 % (+8 points), but within every category
  both resolve with the same probability (chat minus phone standardised to chat's
  mix ≈ 0). Social's advantages are real: within every category social answers
  faster, remedies far more (by ≥ 20 points) and resolves more (+22 points
  standardised to social's mix).
- Escalation: 6 % of unresolved phone contacts (fewer in the last six days, whose
  follow-up would fall after the end) are followed 1–6 days later by a social post
  from the same customer_id in the same category. These are 19 % of social rows;
  90 % of them are answered and 75 % of those remedied (67 % overall).
- Consistency: first_response_at ≥ created_at, resolved_at ≥ first_response_at,
  every timestamp in [end − weeks, end). Events that would fall after `end` are
  left empty (right-censored): recent contacts may be unanswered or unresolved,
  and a phone call still queued at `end` is neither answered nor abandoned.
  remedy_amount is 0 without a remedy (and for 25 % of remedies: fixes, replacements).

Generation is vectorised numpy and streamed: arrival times are drawn per channel,
then contacts are simulated and written CHUNK_ROWS at a time with pyarrow (10 M
rows in about 15 s and 0.6 GB). Each file is written to a temporary file in
`out_dir` and renamed into place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from parity import _demo_channels as model
from parity._demo_channels import CATEGORIES, SEGMENTS, Arrivals, ChannelSpec, Columns, Floats, Ints
from parity.files import replacing
from parity.schema import BY_NAME, Kind

CHUNK_ROWS = 500_000  # rows simulated and written at a time (part of the seed's meaning)
CUSTOMERS_PER_CONTACT = 0.7  # size of the customer pool relative to `rows`
T = TypeVar("T")
_WRITE_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="none")


@dataclass(frozen=True, slots=True)
class DemoFile:
    path: Path
    channel: str
    rows: int


@dataclass(frozen=True, slots=True)
class _Frame:
    """What formatting a chunk needs besides the chunk itself."""

    days: np.ndarray[Any, np.dtype[np.uint8]]  # "YYYY-MM-DD" bytes per day of the window
    id_width: int
    customer_width: int


def write_demo(
    out_dir: Path,
    *,
    rows: int = 20_000,
    seed: int = 7,
    weeks: int = 13,
    end: datetime.date = datetime.date(2026, 11, 2),
) -> list[DemoFile]:
    """Write phone.csv, email.csv, chat.csv and social.csv into `out_dir`.

    `rows` contacts in all, created in the `weeks` weeks before `end` (exclusive,
    midnight UTC). Deterministic: the same arguments give byte-identical files.
    """
    _check(rows=rows, seed=seed, weeks=weeks)
    out_dir.mkdir(parents=True, exist_ok=True)
    start = end - datetime.timedelta(weeks=weeks)
    days = weeks * 7
    counts = _allocate(rows, [spec.share for spec in model.CHANNELS])
    pool = max(1, round(rows * CUSTOMERS_PER_CONTACT))
    escalated: list[Arrivals] = []  # phone contacts' social follow-ups
    files: list[DemoFile] = []
    for index, (spec, count) in enumerate(zip(model.CHANNELS, counts, strict=True)):
        followups = model.concat(escalated) if spec is model.SOCIAL else None
        arrivals = _arrivals(_rng(seed, index, 0), spec, count, start, days, pool, followups)
        frame = _Frame(_day_table(start, days), _width(count), _width(pool))
        path = out_dir / f"{spec.name}.csv"
        write = partial(
            _write_rows, spec=spec, arrivals=arrivals, frame=frame, seed=seed, index=index
        )
        escalated += _atomic_write(path, write)
        files.append(DemoFile(path, spec.name, count))
    return files


def _check(*, rows: int, seed: int, weeks: int) -> None:
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, not {rows}")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, not {seed}")
    if weeks < 1:
        raise ValueError(f"weeks must be 1 or more, not {weeks}")


def _allocate(total: int, shares: list[float]) -> list[int]:
    """Split `total` by `shares` exactly (largest remainders, ties to the first)."""
    exact = [total * share / sum(shares) for share in shares]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _rng(seed: int, channel: int, stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(channel, stream)))


def _width(count: int) -> int:
    return max(6, len(str(count)))


def _arrivals(
    rng: np.random.Generator,
    spec: ChannelSpec,
    count: int,
    start: datetime.date,
    days: int,
    pool: int,
    followups: Arrivals | None,
) -> Arrivals:
    """Arrival times (by weekday and hour of day), customers and categories."""
    if followups is not None and len(followups) > count:
        followups = followups.take(np.sort(rng.choice(len(followups), count, replace=False)))
    organic = count - (len(followups) if followups is not None else 0)
    weekday = np.asarray(spec.weekdays)[(start.weekday() + np.arange(days)) % 7]
    weights = np.outer(weekday, np.asarray(spec.hours)).ravel()
    hour = rng.choice(len(weights), size=organic, p=weights / weights.sum())
    created = np.sort(hour * 3600 + rng.integers(0, 3600, organic))
    customer = rng.integers(0, pool, organic)
    category = model.pick(rng, spec.category_mix, organic)
    arrivals = Arrivals(created, customer, category, np.zeros(organic, bool))
    if followups is None:
        return arrivals
    merged = model.concat([arrivals, followups])
    return merged.take(np.argsort(merged.created, kind="stable"))


def _write_rows(
    fh: IO[bytes],
    spec: ChannelSpec,
    arrivals: Arrivals,
    frame: _Frame,
    *,
    seed: int,
    index: int,
) -> list[Arrivals]:
    """Header, then the contacts simulated and written chunk by chunk.

    Returns the social follow-ups of unresolved phone contacts (none for other channels).
    """
    fh.write((",".join(spec.columns) + "\n").encode())
    span = len(frame.days) * model.DAY
    escalated: list[Arrivals] = []
    writer: pa_csv.CSVWriter | None = None
    for lo in range(0, len(arrivals), CHUNK_ROWS):
        rng = _rng(seed, index, 1 + lo // CHUNK_ROWS)
        part = arrivals.take(slice(lo, lo + CHUNK_ROWS))
        cols = spec.simulate(rng, part, span)
        if spec is model.PHONE:
            escalated.append(model.escalations(rng, part, cols, span))
        table = pa.table(
            {name: _column(name, spec, part, cols, lo, frame) for name in spec.columns}
        )
        if writer is None:
            writer = pa_csv.CSVWriter(fh, table.schema, write_options=_WRITE_OPTIONS)
        writer.write_table(table)
    if writer is not None:
        writer.close()
    return escalated


def _column(
    name: str, spec: ChannelSpec, part: Arrivals, cols: Columns, lo: int, frame: _Frame
) -> pa.Array:
    n = len(part)
    if name == "contact_id":
        return _ids(f"{spec.prefix}-", np.arange(lo + 1, lo + n + 1), frame.id_width)
    if name == "customer_id":
        return _ids("C", part.customer + 1, frame.customer_width)
    if name == "channel":
        return _labels((spec.name,), np.zeros(n, np.int64))
    if name == "created_at":
        return _timestamps(part.created.astype(np.float64), frame.days)
    if name == "category":
        return _labels(CATEGORIES, part.category)
    if name == "segment":
        return _labels(SEGMENTS, model.segments(part.customer))
    if name in ("subchannel", "agent_team"):
        return _labels(spec.subchannels if name == "subchannel" else spec.teams, cols[name])
    values = cols[name]
    kind = BY_NAME[name].kind
    if kind is Kind.TIMESTAMP:
        return _timestamps(values, frame.days)
    if kind in (Kind.BOOLEAN, Kind.AMOUNT):
        return pa.array(values)
    if values.dtype.kind != "f":
        return pa.array(values, pa.int64())
    nulls = np.isnan(values)  # durations and scores: whole numbers, null where NaN
    return pa.array(np.where(nulls, 0.0, values).astype(np.int64), pa.int64(), mask=nulls)


def _labels(labels: tuple[str, ...], codes: Ints) -> pa.Array:
    """Text from small integer codes; code -1 is null."""
    return pc.take(pa.array(labels, pa.string()), pa.array(codes, pa.int64(), mask=codes < 0))


def _fixed_strings(buf: np.ndarray[Any, np.dtype[np.uint8]], valid: Any = None) -> pa.Array:
    """A string array from an (n, width) byte matrix, one row per value, without copying."""
    n, width = buf.shape
    offsets = np.arange(0, n * width + 1, width, dtype=np.int32)
    bitmap = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    nulls = 0 if valid is None else int(n - np.count_nonzero(valid))
    data = pa.py_buffer(np.ascontiguousarray(buf))
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), data, bitmap, nulls)


def _put_digits(
    buf: np.ndarray[Any, np.dtype[np.uint8]], col: int, values: Ints, width: int
) -> None:
    """Write `values` zero-padded to `width` digits into columns col … col+width-1."""
    rest = values
    for k in range(col + width - 1, col - 1, -1):
        rest, digit = np.divmod(rest, 10)
        buf[:, k] = digit + 48


def _ids(prefix: str, numbers: Ints, width: int) -> pa.Array:
    head = np.frombuffer(prefix.encode(), np.uint8)
    buf = np.empty((len(numbers), len(head) + width), np.uint8)
    buf[:, : len(head)] = head
    _put_digits(buf, len(head), numbers, width)
    return _fixed_strings(buf)


def _day_table(start: datetime.date, days: int) -> np.ndarray[Any, np.dtype[np.uint8]]:
    text = "".join((start + datetime.timedelta(days=d)).isoformat() for d in range(days))
    return np.frombuffer(text.encode(), np.uint8).reshape(days, 10)


def _timestamps(seconds: Floats, days: np.ndarray[Any, np.dtype[np.uint8]]) -> pa.Array:
    """ISO 8601 UTC text, `YYYY-MM-DDTHH:MM:SSZ`, from seconds since the window start."""
    valid = ~np.isnan(seconds)
    whole = np.where(valid, seconds, 0.0).astype(np.int64)  # floor: keeps the order of events
    day, second = np.divmod(whole, 86400)
    buf = np.empty((len(whole), 20), np.uint8)
    buf[:, :10] = days[day]
    buf[:, [10, 13, 16, 19]] = np.frombuffer(b"T::Z", np.uint8)
    hour, rest = np.divmod(second, 3600)
    for col, value in ((11, hour), (14, rest // 60), (17, rest % 60)):
        _put_digits(buf, col, value, 2)
    return _fixed_strings(buf, valid)


def _atomic_write(path: Path, write: Callable[[IO[bytes]], T]) -> T:
    """Write via a temporary file in the same directory, then rename it over `path`."""
    with replacing(path) as fh:
        return write(fh)
