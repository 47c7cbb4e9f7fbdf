"""The data-quality section of a report, read from the store's ledger: rows read, loaded,
rejected and skipped per imported file, rejects by reason and skips by reason."""

from __future__ import annotations

from parity.report import DataQuality, SourceInfo
from parity.store import Store


def data_quality(store: Store) -> DataQuality:
    con = store.con
    rows = con.execute(
        "SELECT file_name, format, profile, rows_read, rows_loaded, rows_rejected, rows_skipped, "
        "encoding, delimiter, import_id FROM imports ORDER BY import_id"
    ).fetchall()
    sources = [
        SourceInfo(
            file=str(r[0]),
            status="imported",
            format=str(r[1]),
            profile=str(r[2]),
            rows_read=int(r[3]),
            rows_loaded=int(r[4]),
            rows_rejected=int(r[5]),
            rows_skipped=int(r[6]),
            encoding=r[7],
            delimiter=r[8],
        )
        for r in rows
    ]
    skips = _skips(store)
    for source, import_id in zip(sources, [int(r[9]) for r in rows], strict=True):
        source.skipped_by_reason.update(skips.get(import_id, {}))
    by_reason = dict(
        con.execute(
            "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY count(*) DESC, reason"
        ).fetchall()
    )
    skipped: dict[str, int] = {}
    for per_import in skips.values():
        for reason, count in per_import.items():
            skipped[reason] = skipped.get(reason, 0) + count
    return DataQuality(
        rows_read=sum(s.rows_read for s in sources),
        rows_loaded=sum(s.rows_loaded for s in sources),
        rows_rejected=sum(s.rows_rejected for s in sources),
        rows_skipped=sum(s.rows_skipped for s in sources),
        sources=sources,
        rejects_by_reason={str(k): int(v) for k, v in by_reason.items()},
        skipped_by_reason=dict(sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _skips(store: Store) -> dict[int, dict[str, int]]:
    """Skipped rows by import and reason (a database older than the skip ledger has none)."""
    if not store.has_table("import_skips"):
        return {}
    found: dict[int, dict[str, int]] = {}
    for import_id, reason, rows in store.con.execute(
        "SELECT import_id, reason, rows FROM import_skips ORDER BY import_id, rows DESC, reason"
    ).fetchall():
        found.setdefault(int(import_id), {})[str(reason)] = int(rows)
    return found
