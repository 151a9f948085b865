"""User look-ups narrowed in SQL keep τ²'s exact semantics: first match in file order, Unicode
case folding included."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from shop_helpers import INITIAL_HASH

from sandbox.shop import init_db, service
from sandbox.shop.errors import ShopError
from sandbox.shop.store import _LOOKUPS, ShopStore, insert_record


def _add_user(path: Path, user_id: str, email: str, first: str, last: str, zip: str) -> None:
    conn = sqlite3.connect(path)
    template = json.loads(conn.execute("SELECT doc FROM users LIMIT 1").fetchone()[0])
    user = {
        **template,
        "user_id": user_id,
        "email": email,
        "name": {"first_name": first, "last_name": last},
        "address": {**template["address"], "zip": zip},
        "orders": [],
    }
    insert_record(conn, "users", user)
    conn.commit()
    conn.close()


def test_lookups_ignore_case_and_fold_unicode_like_python(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    _add_user(path, "kelvin_1", "\u212aim@example.com", "\u212aim", "Lee", "12345")
    _add_user(path, "elise_1", "Élise@example.com", "Élise", "Doe", "54321")
    store = ShopStore(path)
    with store.read() as tx:
        assert service.find_user_by_email(tx, "HARPER.KHAN1177@example.com") == {
            "user_id": "harper_khan_9597"
        }
        assert service.find_user_by_email(tx, "kim@example.com") == {"user_id": "kelvin_1"}
        assert service.find_user_by_email(tx, "élise@EXAMPLE.com") == {"user_id": "elise_1"}
        assert service.find_user_by_name_zip(tx, "yusuf", "ROSSI", "19122") == {
            "user_id": "yusuf_rossi_9620"
        }
        assert service.find_user_by_name_zip(tx, "kim", "lee", "12345") == {"user_id": "kelvin_1"}
        with pytest.raises(ShopError):
            service.find_user_by_email(tx, "nobody@example.com")


def _plan(path: Path, field: str) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("EXPLAIN QUERY PLAN " + _LOOKUPS[field], ("x",)).fetchall()
        return " | ".join(row[-1] for row in rows)
    finally:
        conn.close()


def test_lookups_are_indexed_and_the_index_follows_user_writes(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    for field in ("email", "name.last_name"):
        assert "SCAN users" not in _plan(path, field)
    _add_user(path, "twin_1", "twin@example.com", "Ann", "Twin", "11111")
    _add_user(path, "twin_2", "TWIN@example.com", "Ann", "Twin", "11111")
    store = ShopStore(path)
    with store.read() as tx:  # first match in file order
        assert service.find_user_by_email(tx, "Twin@Example.com") == {"user_id": "twin_1"}
        assert service.find_user_by_name_zip(tx, "ann", "twin", "11111") == {"user_id": "twin_1"}
    with store.write() as tx:
        user = tx.user("twin_1")
        tx.put_user(
            {**user, "email": "moved@example.com", "name": {**user["name"], "last_name": "Moved"}}
        )
    with store.read() as tx:
        assert service.find_user_by_email(tx, "MOVED@example.com") == {"user_id": "twin_1"}
        assert service.find_user_by_email(tx, "twin@example.com") == {"user_id": "twin_2"}
        assert service.find_user_by_name_zip(tx, "ann", "moved", "11111") == {"user_id": "twin_1"}
        assert service.find_user_by_name_zip(tx, "ann", "twin", "11111") == {"user_id": "twin_2"}


def test_a_file_made_before_the_indexes_gives_the_same_answers(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    with ShopStore(path).read() as tx:  # the indexes are no part of the canonical state
        assert service.state_hash(tx) == {"hash": INITIAL_HASH}
    conn = sqlite3.connect(path)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'users_%'"
    ).fetchall():
        conn.execute(f"DROP INDEX {name}")
    conn.commit()
    conn.close()
    assert "SCAN users" in _plan(path, "email")
    _add_user(path, "kelvin_1", "\u212aim@example.com", "\u212aim", "Lee", "12345")
    with ShopStore(path).read() as tx:
        assert service.find_user_by_email(tx, "harper.khan1177@EXAMPLE.com") == {
            "user_id": "harper_khan_9597"
        }
        assert service.find_user_by_email(tx, "kim@example.com") == {"user_id": "kelvin_1"}
        assert service.find_user_by_name_zip(tx, "yusuf", "rossi", "19122") == {
            "user_id": "yusuf_rossi_9620"
        }
