"""Keep the latest record of each contact: for exports that deliver a contact more than once.

Amazon Connect delivers contact records at least once and again whenever a
record changes; its documentation says to keep, per `ContactId`, the copy with
the latest `LastUpdateTimestamp` (FIELD-NOTES). Zendesk's incremental exports
repeat a ticket after every update in the same way. The profile names the key
and the ordering column in `rebuild_options`:

    rebuild = "latest"
    rebuild_options = { key = "ContactId", latest_by = "LastUpdateTimestamp" }

The other copies are skipped as `superseded_record`. When two copies share
the latest time, the one later in the file wins.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.importers.rebuild import Column, Params, Rebuild


def _required(options: Mapping[str, str]) -> tuple[str, ...]:
    return (options["key"], options["latest_by"])


def _select(source: str, col: Column, options: Mapping[str, str], params: Params) -> str:
    key, order = col(options["key"]), col(options["latest_by"])
    stamp = f"TRY_CAST(nullif(trim({order}), '') AS TIMESTAMPTZ)"
    rank = (
        f"row_number() OVER (PARTITION BY nullif(trim({key}), '') "
        f"ORDER BY {stamp} DESC NULLS LAST, __row DESC)"
    )
    return (
        f"SELECT *, CASE WHEN nullif(trim({key}), '') IS NOT NULL AND {rank} > 1 "
        f"THEN 'superseded_record' END AS __skip FROM ({source})"
    )


REBUILD = Rebuild(
    name="latest",
    summary="keeps the latest record per key; earlier copies are skipped as superseded",
    required=_required,
    produces=(),
    reasons={"superseded_record": "an earlier copy of a record delivered again later"},
    select=_select,
)
