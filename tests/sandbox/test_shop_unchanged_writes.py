"""Storing a record exactly as it was read writes nothing; any other store still lands."""

from __future__ import annotations

import copy
from pathlib import Path

from sandbox.shop import init_db
from sandbox.shop.store import ShopStore

USER = "harper_khan_9597"


def test_an_unchanged_record_is_not_written_again(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    store = ShopStore(path)
    with store.write() as tx:
        before = tx.conn.total_changes
        tx.put_user(tx.user(USER))
        tx.put_order(tx.order("#W8073958"))
        assert tx.conn.total_changes == before
        user = tx.user(USER)
        user["email"] = "changed@example.com"
        tx.put_user(user)
        assert tx.conn.total_changes == before + 1
    with store.read() as tx:
        assert tx.user(USER)["email"] == "changed@example.com"


def test_storing_the_first_text_again_after_a_change_puts_it_back(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    store = ShopStore(path)
    with store.write() as tx:
        original = tx.user(USER)
        changed = copy.deepcopy(original)
        changed["email"] = "changed@example.com"
        tx.put_user(changed)
        tx.put_user(original)  # its text is what was read, but the row holds `changed` now
    with store.read() as tx:
        assert tx.user(USER) == original
