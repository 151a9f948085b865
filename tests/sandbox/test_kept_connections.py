"""Vendor connections kept open between requests stay invisible: a reset world is pristine,
the main file is never written by them, and files nobody keeps get a connection per request."""

from __future__ import annotations

import asyncio
import gc
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentcli.orchestrator.services import sandbox_services
from agentcli.suites.vendor_state import VendorState
from sandbox.kit import kept
from sandbox.pay import store as pay_store
from sandbox.shop import init_db
from sandbox.shop.store import ShopStore
from sandbox.world import SandboxWorld
from sandbox.worlds import PristineWorlds

USER = "harper_khan_9597"


def _connections(store: ShopStore, times: int) -> set[int]:
    seen = set()
    for _ in range(times):
        with store.read() as tx:
            seen.add(id(tx.conn))
            tx.user(USER)
    return seen


@pytest.fixture
def kept_shop(tmp_path: Path) -> Iterator[Path]:
    """A pristine shop file whose connections are kept (forgotten again afterwards)."""
    path = tmp_path / "shop.sqlite"
    init_db(path)
    kept.keep(path)
    try:
        yield path
    finally:
        kept.forget(path)
    assert not kept.kept(path)


def test_a_kept_file_reuses_one_connection_until_dropped(kept_shop: Path) -> None:
    store = ShopStore(kept_shop)
    with store.read() as tx:
        first = tx.conn
    assert _connections(store, 3) == {id(first)}
    kept.drop(kept_shop)
    with store.write() as tx:
        assert tx.conn is not first
    first.close()  # already closed by the drop: closing again is a no-op


def test_a_file_nobody_keeps_gets_a_new_connection_each_time(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    store = ShopStore(path)
    with store.read() as tx:
        conn = tx.conn
    try:
        conn.execute("SELECT 1")
        raise AssertionError("the connection should be closed")
    except sqlite3.ProgrammingError:
        pass


def test_a_connection_dropped_while_in_use_closes_when_given_back(kept_shop: Path) -> None:
    with ShopStore(kept_shop).write() as tx:
        kept.drop(kept_shop)
        conn = tx.conn
    assert _connections(ShopStore(kept_shop), 1) != {id(conn)}


async def _write_everywhere(world: SandboxWorld) -> None:
    services = sandbox_services(world)
    try:
        await services.shop.cancel_order("#W8073958", "no longer needed")
        intent = await services.pay.authorize(1000, "usd", "credit_card_1", "harper_khan_9597")
        await services.pay.capture(intent["id"])
    finally:
        await services.aclose()


def test_pristine_worlds_keep_vendor_connections_and_still_reset_by_the_wal() -> None:
    worlds = PristineWorlds()
    try:
        world = worlds.fresh()
        state = VendorState(world)
        pristine = (state.shop_hash(), state.pay_hash())
        images = {f.path.name: f.image for f in worlds.files}
        rewrites = worlds.rewrites
        for _ in range(3):
            asyncio.run(_write_everywhere(worlds.fresh()))
            with ShopStore(world.path_of("shop")).read() as tx:
                conn = tx.conn
            with pay_store.read_snapshot(world.path_of("pay")) as db:
                pay_conn = db
            assert state.order("#W8073958")["status"] == "cancelled"  # type: ignore[index]
            worlds.fresh()
            for closed in (conn, pay_conn):  # closed by the reset, before the sentinel
                try:
                    closed.execute("SELECT 1")
                    raise AssertionError("a kept connection survived the reset")
                except sqlite3.ProgrammingError:
                    pass
            assert (state.shop_hash(), state.pay_hash()) == pristine
        assert worlds.rewrites == rewrites  # no kept connection ever checkpointed into a main file
        for vendor in ("shop", "pay"):
            path = world.path_of(vendor)
            assert path.read_bytes() == images[path.name]
    finally:
        worlds.close()
    assert not kept.kept(world.path_of("shop"))


def test_a_world_reset_reopens_kept_connections_on_the_new_file(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.ensure()
    path = world.path_of("shop")
    kept.keep(path)
    try:
        state = VendorState(world)
        pristine = state.shop_hash()
        asyncio.run(_write_everywhere(world))
        assert state.shop_hash() != pristine
        world.reset(["shop"])
        assert state.shop_hash() == pristine
    finally:
        kept.forget(path)


def test_a_forked_child_never_uses_its_parents_kept_connections(kept_shop: Path) -> None:
    store = ShopStore(kept_shop)
    with store.read() as tx:
        parent_conn = tx.conn
    pid = os.fork()
    if pid == 0:  # the child: a connection of its own, the inherited one left alone
        code = 1
        try:
            with store.read() as tx:
                ok = tx.conn is not parent_conn and tx.user(USER)["user_id"] == USER
            code = 0 if ok and not kept.kept(kept_shop) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with store.read() as tx:  # the parent still uses its own
        assert tx.conn is parent_conn


def test_pristine_worlds_never_closed_let_go_of_their_kept_files() -> None:
    worlds = PristineWorlds()
    world = worlds.fresh()
    asyncio.run(_write_everywhere(world))
    path = world.path_of("shop")
    assert kept.kept(path)
    del worlds, world
    gc.collect()
    assert not kept.kept(path)
