"""The sealed chain head: kept with the events, and traces from before it still verify."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from agentcli.trace import EventKind, Recorder, Store
from agentcli.trace.audit import verify_run
from agentcli.trace.chain import GENESIS, ChainKey, canonical_json, legacy_hash
from agentcli.trace.migrations import MIGRATIONS, MIGRATIONS_TABLE

KEY = ChainKey(bytes(range(32)))


def _old_database(path: Path, run_id: str, events: int) -> None:
    """A trace database as agentcli wrote it before chain heads: unkeyed links, no head."""
    db = sqlite_utils.Database(path)
    db.execute(f"CREATE TABLE {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at REAL)")
    for name, fn in MIGRATIONS[:4]:
        fn(db)
        db.execute(f"INSERT INTO {MIGRATIONS_TABLE} VALUES (?, julianday('now') - 30)", [name])
    db.execute(
        "INSERT INTO runs (id, started_at, status, command) VALUES (?, ?, 'finished', 'chat')",
        [run_id, time.time() - 86400],
    )
    prev = GENESIS
    for seq in range(1, events + 1):
        payload = f'{{"text":"line {seq}"}}'
        digest = legacy_hash(prev, run_id, seq, "user_message", float(seq), "s", None, payload)
        db.execute(
            "INSERT INTO events VALUES (?, ?, 'user_message', ?, 's', NULL, ?, ?, ?)",
            [run_id, seq, float(seq), payload, prev, digest],
        )
        prev = digest
    db.conn.commit()
    db.close()


def test_a_trace_from_before_chain_heads_loads_and_verifies_saying_so(tmp_path: Path) -> None:
    _old_database(tmp_path / "old.sqlite", "OLD", 4)
    store = Store.open(tmp_path / "old.sqlite", chain_key=KEY)
    report = verify_run(store, "OLD")
    assert (report.ok, report.events) == (True, 4)
    assert "recorded before agentcli sealed chain heads" in (report.note or "")
    store.db.execute("UPDATE events SET payload = '{}' WHERE seq = 2")
    assert verify_run(store, "OLD").broken_seq == 2


def test_an_old_run_resumed_after_the_upgrade_keys_its_new_links(tmp_path: Path) -> None:
    _old_database(tmp_path / "old.sqlite", "OLD", 3)
    store = Store.open(tmp_path / "old.sqlite", chain_key=KEY)
    recorder = Recorder(store, "OLD")
    recorder.emit(EventKind.SAGA_RESUMED, {"saga_id": "S1"})
    recorder.emit(EventKind.RUN_FINISHED, {})
    recorder.flush()
    report = verify_run(store, "OLD")
    assert report.ok, report.reason
    assert report.note == "events 1-3 were recorded before links were keyed"
    # the sealed head now guards the old events too: cutting the new tail shows
    store.db.execute("DELETE FROM events WHERE seq = 5")
    assert (verify_run(store, "OLD").ok, verify_run(store, "OLD").broken_seq) == (False, 5)


def test_the_head_moves_with_every_flush_so_a_run_in_progress_verifies(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite", chain_key=KEY)
    store.create_run("RUN", command="chat")
    assert verify_run(store, "RUN").ok  # no events yet: an empty chain, sealed
    recorder = Recorder(store, "RUN")
    for i in range(3):
        recorder.emit(EventKind.USER_MESSAGE, {"text": str(i)})
        recorder.flush()
        recorder.emit(EventKind.ASSISTANT_MESSAGE, {"text": "buffered, not yet stored"})
        row = store.get_run("RUN")
        assert row["chain_count"] == 2 * i + 1
        assert verify_run(store, "RUN").ok


def test_a_run_emptied_of_every_event_is_caught(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite", chain_key=KEY)
    store.create_run("RUN", command="chat")
    recorder = Recorder(store, "RUN")
    recorder.emit(EventKind.USER_MESSAGE, {"text": "hi"})
    recorder.flush()
    store.db.execute("DELETE FROM events")
    report = verify_run(store, "RUN")
    assert (report.ok, report.broken_seq) == (False, 1)
    assert "link 1 is missing" in (report.reason or "")


def test_links_are_keyed_not_plain_sha256(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    store = Store.open(path, chain_key=KEY)
    store.create_run("RUN", command="chat")
    recorder = Recorder(store, "RUN")
    recorder.emit(EventKind.USER_MESSAGE, {"text": "hi"})
    recorder.flush()
    store.close()
    [(payload, stored)] = sqlite3.connect(path).execute("SELECT payload, hash FROM events")
    event = next(iter(Store.open(path, chain_key=KEY).events("RUN")))
    fields = (GENESIS, "RUN", 1, "user_message", event.ts, event.span_id, None, payload)
    assert stored == KEY.link(*fields) != legacy_hash(*fields)
    assert stored != ChainKey(bytes(32)).link(*fields)


def test_a_link_is_standard_hmac_sha256() -> None:
    import hashlib
    import hmac

    secret = bytes(range(32))
    fields = (GENESIS, "RUN", 7, "user_message", 1.5, "s", "p", '{"a":"ü"}')
    chain_key = hmac.digest(secret, b"agentcli audit chain v1", "sha256")
    message = f'{GENESIS}\x1fRUN\x1e7\x1euser_message\x1e1.5\x1es\x1ep\x1f{{"a":"ü"}}\x1f'
    assert KEY.link(*fields) == hmac.new(chain_key, message.encode(), hashlib.sha256).hexdigest()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_payload_text_is_what_json_dumps_writes_so_exported_traces_verify(value: object) -> None:
    # `audit verify` of an export re-encodes each parsed payload and re-hashes it
    text = canonical_json(value)
    assert text == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if "NaN" not in text and "Infinity" not in text:
        assert canonical_json(json.loads(text)) == text


def test_a_payload_json_cannot_carry_is_refused_not_stored(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.sqlite", chain_key=KEY)
    store.create_run("RUN", command="chat")
    recorder = Recorder(store, "RUN")
    cyclic: dict[str, object] = {}
    cyclic["self"] = cyclic
    with pytest.raises(TypeError, match="Object of type bytes is not JSON serializable"):
        recorder.emit(EventKind.USER_MESSAGE, {"text": b"raw"})
    with pytest.raises((ValueError, RecursionError)):
        recorder.emit(EventKind.USER_MESSAGE, cyclic)
    recorder.emit(EventKind.USER_MESSAGE, {"text": "fine"})
    recorder.flush()
    assert [(e.seq, e.payload) for e in store.events("RUN")] == [(1, {"text": "fine"})]
    assert verify_run(store, "RUN").ok
