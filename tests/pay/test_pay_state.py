"""The pay state file: it persists, resets, reproduces ids, and hashes canonically."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pay_helpers import card, connector, pay_client

from connectors.pay import PayConnector
from sandbox.pay import create_app, init_db


async def test_state_survives_a_new_app_instance(pay_path: Path) -> None:
    async with pay_client(pay_path) as first:
        pay = connector(first)
        intent = await pay.authorize(**card(idempotency_key="k"))
        await pay.capture(intent["id"])

    async with pay_client(pay_path) as second:
        pay = connector(second)
        assert (await pay.get_intent(intent["id"]))["status"] == "succeeded"
        assert (await pay.authorize(**card(idempotency_key="k")))["id"] == intent["id"]
        assert len(await pay.list_intents("sofia_rossi_8776")) == 1


async def test_init_db_overwrites_with_pristine_state(pay_path: Path, pay: PayConnector) -> None:
    pristine_hash = await pay.state_hash()
    first = await pay.authorize(**card())

    init_db(pay_path)

    assert await pay.state() == {"payment_intents": {}, "refunds": {}}
    assert await pay.state_hash() == pristine_hash
    assert (await pay.authorize(**card()))["id"] == first["id"]


def test_init_db_replaces_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "pay.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"garbage")
    init_db(path)
    create_app(path)


def test_an_app_needs_its_state_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        create_app(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()


async def scripted_run(path: Path) -> tuple[list[str], str]:
    """The same calls in the same order against fresh state: the ids and the final hash."""
    init_db(path)
    async with pay_client(path) as client:
        pay = connector(client)
        first = await pay.authorize(**card())
        second = await pay.authorize(**card(amount_cents=700))
        await pay.capture(first["id"])
        await pay.void(second["id"])
        refund = await pay.refund(first["id"], amount_cents=99)
        return [first["id"], second["id"], refund["id"]], await pay.state_hash()


async def test_runs_are_reproducible(tmp_path: Path) -> None:
    one = await scripted_run(tmp_path / "one.sqlite")
    two = await scripted_run(tmp_path / "two.sqlite")
    assert one == two
    assert len(set(one[0])) == 3


async def test_hash_is_sha256_of_the_state_document(pay: PayConnector) -> None:
    before = await pay.state_hash()
    await pay.authorize(**card())

    text = (await pay.client.get("/_state")).content
    after = await pay.state_hash()

    assert after != before
    assert after == hashlib.sha256(text).hexdigest()
    assert text.startswith(b'{"payment_intents":{"pi_')
