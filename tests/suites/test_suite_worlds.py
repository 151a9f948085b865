"""Every case starts from pristine vendor files, whatever the case before it did."""

from __future__ import annotations

import asyncio
import sqlite3

from agentcli.orchestrator.services import sandbox_services
from agentcli.suites.vendor_state import VendorState
from connectors.pay import PayConnector
from sandbox.worlds import PristineWorlds


async def _write_everywhere(worlds: PristineWorlds) -> None:
    services = sandbox_services(worlds.world)
    try:
        await services.shop.cancel_order("#W8073958", "no longer needed")
        pay: PayConnector = services.pay
        intent = await pay.authorize(1000, "usd", "credit_card_1", "harper_khan_9597")
        await pay.capture(intent["id"])
    finally:
        await services.aclose()


def test_fresh_undoes_shop_and_pay_writes_without_rewriting_files() -> None:
    worlds = PristineWorlds()
    try:
        state = VendorState(worlds.fresh())
        pristine = (state.shop_hash(), state.pay_hash())
        rewrites = worlds.rewrites
        asyncio.run(_write_everywhere(worlds))
        assert (state.shop_hash(), state.pay_hash()) != pristine
        assert state.order("#W8073958")["status"] == "cancelled"  # type: ignore[index]
        worlds.fresh()
        assert (state.shop_hash(), state.pay_hash()) == pristine
        assert state.order("#W8073958")["status"] == "pending"  # type: ignore[index]
        assert worlds.rewrites == rewrites  # the WAL alone was thrown away
    finally:
        worlds.close()


def test_a_checkpoint_into_the_main_file_is_noticed_and_undone() -> None:
    worlds = PristineWorlds()
    try:
        state = VendorState(worlds.fresh())
        pristine = state.shop_hash()
        asyncio.run(_write_everywhere(worlds))
        db = sqlite3.connect(worlds.world.path_of("shop"))
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        db.close()
        rewrites = worlds.rewrites
        worlds.fresh()
        assert worlds.rewrites == rewrites + 1
        assert state.shop_hash() == pristine
    finally:
        worlds.close()


def test_books_kept_from_a_pristine_file_give_way_to_what_a_case_wrote() -> None:
    worlds = PristineWorlds()
    try:
        state = VendorState(worlds.fresh(), worlds.pristine)
        assert state.books().payments == ()  # read from the pristine files, and kept
        asyncio.run(_write_everywhere(worlds))
        books = state.books()
        assert [(p.amount, p.received) for p in books.payments] == [(1000, 1000)]
        assert [c.claim_id for c in books.claims if c.vendor == "shop"] == ["#W8073958"]
        worlds.fresh()
        again = state.books()
        assert again.payments == () and not [c for c in again.claims if c.vendor == "shop"]
    finally:
        worlds.close()
