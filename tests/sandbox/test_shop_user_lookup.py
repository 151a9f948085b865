"""User look-ups narrowed in SQL keep τ²'s exact semantics: first match in file order, Unicode
case folding included."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from connectors.sandbox.shop import init_db, service
from connectors.sandbox.shop.errors import ShopError
from connectors.sandbox.shop.store import ShopStore, insert_record


def _add_user(path: Path, user_id: str, email: str, first: str, last: str, zip: str) -> None:
    conn = sqlite3.connect(path)
    template = json.loads(conn.execute("SELECT doc FROM users LIMIT 1").fetchone()[0])
    user = {**template, "user_id": user_id, "email": email,
            "name": {"first_name": first, "last_name": last},
            "address": {**template["address"], "zip": zip}, "orders": []}
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
            "user_id": "harper_khan_9597"}
        assert service.find_user_by_email(tx, "kim@example.com") == {"user_id": "kelvin_1"}
        assert service.find_user_by_email(tx, "élise@EXAMPLE.com") == {"user_id": "elise_1"}
        assert service.find_user_by_name_zip(tx, "yusuf", "ROSSI", "19122") == {
            "user_id": "yusuf_rossi_9620"}
        assert service.find_user_by_name_zip(tx, "kim", "lee", "12345") == {"user_id": "kelvin_1"}
        with pytest.raises(ShopError):
            service.find_user_by_email(tx, "nobody@example.com")
