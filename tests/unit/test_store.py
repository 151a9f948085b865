"""The trace store: migrations, bad files, the audit chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from agentcli.trace import EventKind, Recorder, Store, StoreError
from agentcli.trace.audit import verify_run
from agentcli.trace.migrations import MIGRATIONS


def _run_with_events(store: Store, n: int = 5) -> str:
    store.create_run("RUN1", command="chat")
    recorder = Recorder(store, "RUN1")
    for i in range(n):
        recorder.emit(EventKind.USER_MESSAGE, {"text": f"line {i}"})
    recorder.flush()
    return "RUN1"


def test_open_creates_and_migrates(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    applied = [r[0] for r in store.db.execute("SELECT name FROM _agentcli_migrations")]
    assert applied == [name for name, _ in MIGRATIONS]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    Store.open(tmp_path / "t.sqlite").close()  # re-open applies nothing twice


def test_corrupt_file_gets_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable agentcli trace database"):
        Store.open(bad)


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not an agentcli trace store"):
        Store.open(other)
    assert other.read_bytes() == before


def test_events_round_trip_in_order(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    run = _run_with_events(store)
    events = list(store.events(run))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert [e.payload["text"] for e in events] == [f"line {i}" for i in range(5)]
    assert events[1].prev_hash == events[0].hash


def test_audit_chain_holds_then_names_the_tampered_event(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    run = _run_with_events(store)
    assert verify_run(store, run).ok
    store.db.execute(
        "UPDATE events SET payload = ? WHERE run_id = ? AND seq = 3",
        ['{"text":"line 3 but edited"}', run],
    )
    report = verify_run(store, run)
    assert not report.ok
    assert report.broken_seq == 3
    assert "hash differs" in (report.reason or "")


def test_audit_chain_detects_a_deleted_event(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    run = _run_with_events(store)
    store.db.execute("DELETE FROM events WHERE run_id = ? AND seq = 2", [run])
    report = verify_run(store, run)
    assert (report.ok, report.broken_seq) == (False, 2)
    assert "link 2 is missing" in (report.reason or "")


def test_recorder_masks_secrets_before_hashing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    store.create_run("RUN2", command="chat")
    recorder = Recorder(store, "RUN2")
    recorder.emit(
        EventKind.HTTP_EXCHANGE,
        {
            "request_headers": {"Authorization": "Bearer sk-live-abcdefghijklmnop123456"},
            "note": "card 4242 4242 4242 4242 please",
        },
    )
    recorder.flush()
    dump = "\n".join(store.db.iterdump())
    assert "abcdefghijklmnop" not in dump
    assert "4242 4242 4242 4242" not in dump
    assert "[CARD ****4242]" in dump
    assert verify_run(store, "RUN2").ok


def test_long_float_fractions_are_not_mistaken_for_cards(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    store.create_run("RUN3", command="chat")
    recorder = Recorder(store, "RUN3")
    # 4242424242424242 passes Luhn; as a float's fraction it is not a card number
    recorder.emit(
        EventKind.HTTP_EXCHANGE, {"duration_ms": 7.4242424242424242, "card": "4242-4242-4242-4242"}
    )
    recorder.flush()
    [event] = list(store.events("RUN3"))
    assert event.payload["duration_ms"] == 7.4242424242424242
    assert event.payload["card"] == "[CARD ****4242]"


@pytest.mark.parametrize("events", [1, 99, 100, 101, 256, 257, 1001])
def test_every_buffered_event_is_stored_in_order_whatever_the_batch(
    tmp_path: Path, events: int
) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    store.create_run("RUN4", command="chat")
    recorder = Recorder(store, "RUN4", batch_size=1000)
    for i in range(events):
        recorder.emit(EventKind.USER_MESSAGE, {"text": f"line {i}"})
    recorder.flush()
    stored = list(store.events("RUN4"))
    assert [(e.seq, e.payload["text"]) for e in stored] == [
        (i + 1, f"line {i}") for i in range(events)
    ]
    assert store.get_run("RUN4")["chain_count"] == events
    assert verify_run(store, "RUN4").ok


def test_a_new_trace_database_opened_by_two_processes_at_once_is_migrated_once(
    tmp_path: Path,
) -> None:
    """One process reads that no migration is applied, another applies them all, then the
    first goes on: it must find them applied, not fail on tables that already exist."""
    from agentcli.trace import migrations
    from agentcli.trace.store import _Database

    path = tmp_path / "traces.sqlite"
    other = _Database(sqlite3.connect(path, timeout=5))

    class Racing(_Database):
        raced = False

        def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
            cursor = super().execute(sql, parameters) if parameters else super().execute(sql)
            if not self.raced and sql.startswith(f"SELECT name FROM {migrations.MIGRATIONS_TABLE}"):
                self.raced = True
                rows = cursor.fetchall()  # what this process read before the other one ran
                assert migrations.apply(other)
                return _Rows(rows)  # type: ignore[return-value]
            return cursor

    late = Racing(sqlite3.connect(path, timeout=5))
    assert migrations.apply(late) == []
    names = [row[0] for row in late.execute(f"SELECT name FROM {migrations.MIGRATIONS_TABLE}")]
    assert names == [name for name, _ in migrations.MIGRATIONS]
    assert Store.open(path).list_runs() == []


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def fetchall(self) -> list[Any]:
        return self.rows


def test_nested_blocks_are_savepoints_undone_alone(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    db = store.db
    with db.atomic():
        db.execute("INSERT INTO runs (id, started_at, status, command) VALUES ('A', 1, 'x', 'c')")
        with db.atomic():
            db.execute(
                "INSERT INTO runs (id, started_at, status, command) VALUES ('B', 1, 'x', 'c')"
            )
            with pytest.raises(RuntimeError), db.atomic():
                db.execute(
                    "INSERT INTO runs (id, started_at, status, command) VALUES ('C', 1, 'x', 'c')"
                )
                raise RuntimeError("undo C only")
        with pytest.raises(RuntimeError), db.atomic():
            db.execute(
                "INSERT INTO runs (id, started_at, status, command) VALUES ('D', 1, 'x', 'c')"
            )
            raise RuntimeError("undo D only")
    assert not db.conn.in_transaction
    assert store.run_ids() == ["A", "B"]
    store.close()


def test_queries_read_rows_as_dicts_and_still_refuse_statements_without_rows(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "t.sqlite")
    store.create_run("RUN5", command="chat")
    rows = list(store.db.query("SELECT id, command, id FROM runs WHERE id = ?", ["RUN5"]))
    assert rows == [{"id": "RUN5", "command": "chat", "id_2": "RUN5"}]
    assert list(store.db.query("select id from runs where id = 'none'")) == []
    with pytest.raises(ValueError, match="can only be used with SQL that returns rows"):
        store.db.query("UPDATE runs SET status = 'x'")
    assert store.get_run("RUN5")["status"] == "running"
    store.close()
