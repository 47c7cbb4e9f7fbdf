"""The "Anonymous Bank" call-centre log: clock times of a call → timestamps on a calendar.

One row per call (Technion SEE Center format): `date` as `yymmdd`, then the
clock times `vru_entry`, `vru_exit`, `q_start`, `q_exit`, `ser_start`,
`ser_exit` as `H:MM:SS`, where `0:00:00` means "did not happen" (a call that
was never queued has `q_start` 0:00:00). This module turns them into local
timestamps `<name>_at` (`YYYY-MM-DD HH:MM:SS`) that the profile then maps:

- a time earlier in the day than `vru_entry` belongs to the next day (a
  call that crosses midnight);
- `0:00:00` of queue and service times becomes empty; `vru_entry` and
  `vru_exit` always happened, so theirs is a real midnight;
- a date or time that cannot be read is passed on as written
  (`990231 7:02:47`), so that validation rejects the row with the value.

Every call stays one row: nothing is skipped here (the profile skips
PHANTOM calls by rule).
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.importers.rebuild import Column, Params, Rebuild

EVENTS = ("vru_entry", "vru_exit", "q_start", "q_exit", "ser_start", "ser_exit")
OPTIONAL_EVENTS = {"q_start", "q_exit", "ser_start", "ser_exit"}
DID_NOT_HAPPEN = ("0:00:00", "00:00:00")


def _select(source: str, col: Column, options: Mapping[str, str], params: Params) -> str:
    date = f"trim({col('date')})"
    never = params.bind(list(DID_NOT_HAPPEN), "::VARCHAR[]")
    stamps = []
    for event in EVENTS:
        raw = f"nullif(trim({col(event)}), '')"
        clock = f"TRY_CAST({raw} AS TIME)"
        skipped = f" OR list_contains({never}, {raw})" if event in OPTIONAL_EVENTS else ""
        stamps.append(
            f"CASE WHEN {raw} IS NULL{skipped} THEN NULL "
            f"WHEN __day IS NULL OR {clock} IS NULL OR __start IS NULL "
            f"THEN {date} || ' ' || {raw} "
            f"ELSE strftime(__day + {clock} + CASE WHEN {clock} < __start "
            f"THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END, '%Y-%m-%d %H:%M:%S') END "
            f"AS {event}_at"
        )
    return (
        f"SELECT * EXCLUDE (__day, __start), {', '.join(stamps)}, "
        "CAST(NULL AS VARCHAR) AS __skip FROM ("
        f"SELECT *, CAST(try_strptime({date}, '%y%m%d') AS DATE) AS __day, "
        f"TRY_CAST(nullif(trim({col('vru_entry')}), '') AS TIME) AS __start FROM ({source}))"
    )


REBUILD = Rebuild(
    name="anonymous_bank",
    summary="turns yymmdd dates and H:MM:SS clock times (0:00:00 = did not happen) into "
    "timestamps, across midnight",
    required=lambda options: ("date", *EVENTS),
    produces=tuple(f"{e}_at" for e in EVENTS),
    reasons={},
    select=_select,
)
