"""The store's integrity guarantees: idempotent, all-or-nothing, one key per database."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from parity.errors import EnvironmentFailure, InputFileError, UserError
from parity.importers import pipeline
from parity.importers.pipeline import ImportOptions, import_files
from parity.store import Store
from tests.conftest import write_csv

HEADER = ["contact_id", "channel", "created_at", "customer_id"]


def rows(n: int, channel: str = "phone", start: int = 1) -> list[list[object]]:
    return [[str(i), channel, "2026-03-02T09:00:00Z", f"C{i}"] for i in range(start, start + n)]


def snapshot(db: Path) -> tuple[object, ...]:
    with Store.open(db, read_only=True) as store:
        con = store.con
        return (
            con.execute("SELECT count(*) FROM contacts").fetchall(),
            con.execute("SELECT count(*) FROM imports").fetchall(),
            con.execute("SELECT count(*) FROM rejects").fetchall(),
            con.execute(
                "SELECT COLUMNS(*)::VARCHAR FROM contacts ORDER BY source, channel, contact_id"
            ).fetchall(),
        )


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    path = write_csv(tmp_path / "a.csv", HEADER, rows(5))
    with Store.open(db) as store:
        (first,) = import_files(store, [path])
    before = snapshot(db)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(path.read_bytes())
    with Store.open(db) as store:
        again = import_files(store, [path, copy])
    assert first.status == "imported"
    assert [r.status for r in again] == ["already_imported", "already_imported"]
    assert snapshot(db) == before


def test_an_import_is_all_or_nothing_across_files(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    good = write_csv(tmp_path / "good.csv", HEADER, rows(3))
    with Store.open(db) as store:
        import_files(store, [good])
    before = snapshot(db)
    other = write_csv(tmp_path / "other.csv", HEADER, rows(3, "chat"))
    broken = write_csv(tmp_path / "broken.csv", ["contact_id", "channel"], [["1", "x"]])
    with Store.open(db) as store, pytest.raises(InputFileError):
        import_files(store, [other, broken])
    assert snapshot(db) == before


def test_a_failure_inside_the_transaction_rolls_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.duckdb"
    with Store.open(db) as store:
        import_files(store, [write_csv(tmp_path / "base.csv", HEADER, rows(2))])
    before = snapshot(db)
    real = pipeline._commit_file
    calls = {"n": 0}

    def flaky(store: Store, result: pipeline.FileResult, table: str, **options: bool) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(store, result, table, **options)

    monkeypatch.setattr(pipeline, "_commit_file", flaky)
    a = write_csv(tmp_path / "a.csv", HEADER, rows(4, "chat"))
    b = write_csv(tmp_path / "b.csv", HEADER, rows(4, "email"))
    with Store.open(db) as store, pytest.raises(OSError, match="No space"):
        import_files(store, [a, b])
    assert calls["n"] == 2
    assert snapshot(db) == before


def test_a_newer_export_replaces_contacts_with_the_same_id(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    with Store.open(db) as store:
        import_files(store, [write_csv(tmp_path / "w1.csv", HEADER, rows(3))])
        (second,) = import_files(store, [write_csv(tmp_path / "w2.csv", HEADER, rows(3, start=3))])
        count = store.con.execute("SELECT count(*) FROM contacts").fetchone()
    assert second.rows_replaced == 1
    assert count == (5,)


def test_same_ids_on_different_channels_or_sources_are_different_contacts(tmp_path: Path) -> None:
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "p.csv", HEADER, rows(3, "phone"))])
    import_files(store, [write_csv(tmp_path / "e.csv", HEADER, rows(3, "email"))])
    import_files(
        store,
        [
            write_csv(
                tmp_path / "p2.csv",
                HEADER,
                [*rows(3, "phone", start=1)[:1], ["9", "phone", "2026-03-02T09:00:00Z", "x"]],
            )
        ],
        ImportOptions(source="pbx-2"),
    )
    assert store.con.execute("SELECT count(*) FROM contacts").fetchone() == (8,)


def test_the_pseudonymisation_key_is_kept_per_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.duckdb"
    path = write_csv(tmp_path / "a.csv", HEADER, rows(1))
    with Store.open(db) as store:
        import_files(store, [path])
        first = store.con.execute("SELECT customer_id FROM contacts").fetchone()
    path2 = write_csv(tmp_path / "b.csv", HEADER, [["7", "chat", "2026-03-02T09:00:00Z", "C1"]])
    with Store.open(db) as store:
        import_files(store, [path2])
        second = store.con.execute(
            "SELECT customer_id FROM contacts WHERE channel = 'chat'"
        ).fetchone()
    assert first == second  # the same customer gets the same pseudonym across imports
    monkeypatch.setenv("PARITY_PSEUDONYM_KEY", "another-key-that-differs")
    with pytest.raises(UserError, match="built with"):
        Store.open(db)


def test_memory_stores_use_a_fresh_key_per_run(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", HEADER, rows(1))
    ids = set()
    for _ in range(2):
        store = Store.memory()
        import_files(store, [path])
        ids.add(store.con.execute("SELECT customer_id FROM contacts").fetchone())
    assert len(ids) == 2


def _hold_lock(
    db: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    store = Store.open(Path(db))
    ready.set()
    done.wait(30)
    store.close()


def test_a_locked_database_is_an_environment_failure_naming_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    Store.open(db).close()
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(str(db), ready, done))
    proc.start()
    try:
        assert ready.wait(30)
        with pytest.raises(
            EnvironmentFailure, match=r"in use by another process \(PID \d+: [^)]+\)"
        ):
            Store.open(db, wait_seconds=0.3)
    finally:
        done.set()
        proc.join(30)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    db.write_text("hello")
    with pytest.raises((UserError, EnvironmentFailure)):
        Store.open(db)


def test_reports_need_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no database here"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


def test_a_report_on_files_shows_contacts_as_a_view_unless_files_overlap(tmp_path: Path) -> None:
    """Disjoint files: a view over the staged tables, no copy. Overlapping ones: a
    copy, so that the later file's contacts replace the earlier file's."""
    phone = write_csv(tmp_path / "phone.csv", HEADER, rows(4, "phone"))
    chat = write_csv(tmp_path / "chat.csv", HEADER, rows(3, "chat"))
    store = Store.memory()
    import_files(store, [phone, chat])
    kinds = store.con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = 'contacts' "
        "AND table_catalog = 'temp'"
    ).fetchall()
    assert kinds == [("VIEW",)]
    assert store.con.execute(
        "SELECT count(*), count(DISTINCT contact_key) FROM contacts"
    ).fetchone() == (7, 7)

    week1 = write_csv(tmp_path / "w1.csv", HEADER, rows(4, "phone"))
    week2 = write_csv(tmp_path / "w2.csv", HEADER, rows(4, "phone", start=3))
    other = Store.memory()
    results = import_files(other, [week1, week2])
    assert results[1].rows_replaced == 2  # contacts 3 and 4 come from the later file
    assert other.con.execute("SELECT count(*) FROM contacts").fetchone() == (6,)
    # a later import into the first store folds the view into the table first
    import_files(store, [week2])
    assert store.con.execute("SELECT count(*) FROM contacts").fetchone() == (9,)


def test_a_store_left_unclosed_takes_its_spill_folder_with_it(tmp_path: Path) -> None:
    """A library caller (or a test) that never closes a store must not leave an empty
    parity-spill-* folder in the temporary directory for each one it opened."""
    import gc

    db = tmp_path / "parity.duckdb"
    for opener in (Store.memory, lambda: Store.open(db)):
        store = opener()
        spill = store.spill
        assert spill is not None
        assert spill.is_dir()
        store.con.close()  # what the process exiting does to the connection
        del store
        gc.collect()
        assert not spill.exists()
