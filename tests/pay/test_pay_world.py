"""SandboxWorld with the registry restricted to the pay vendor."""

from __future__ import annotations

from pathlib import Path

import pytest
from pay_helpers import card

import sandbox.pay as pay_vendor
from connectors.harness import sandbox_clients
from connectors.pay import PayConnector
from sandbox.world import VENDORS, SandboxWorld


@pytest.fixture
def world(tmp_path: Path) -> SandboxWorld:
    return SandboxWorld(tmp_path / "world", vendors={"pay": pay_vendor})


async def authorize_one(world: SandboxWorld) -> str:
    clients = sandbox_clients(world)
    async with clients["pay"] as client:
        return str((await PayConnector(client).authorize(**card()))["id"])


async def intent_ids(world: SandboxWorld) -> list[str]:
    async with sandbox_clients(world)["pay"] as client:
        return [i["id"] for i in await PayConnector(client).list_intents("sofia_rossi_8776")]


def test_default_registry_names_every_vendor_without_importing_them(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path)
    assert world.names == tuple(VENDORS) == ("shop", "pay", "bazaar", "trips", "ucp", "acp")
    assert world.path_of("shop") == tmp_path / "shop.sqlite"


def test_ensure_creates_only_missing_state(world: SandboxWorld) -> None:
    world.ensure()
    path = world.path_of("pay")
    assert path == world.root / "pay.sqlite"
    assert path.is_file()


async def test_ensure_keeps_existing_state(world: SandboxWorld) -> None:
    intent_id = await authorize_one(world)
    world.ensure()
    assert await intent_ids(world) == [intent_id]


async def test_reset_restores_pristine_state(world: SandboxWorld) -> None:
    first = await authorize_one(world)
    world.reset()
    assert await intent_ids(world) == []
    world.reset(["pay"])
    assert await authorize_one(world) == first


def test_reset_refuses_unknown_vendors_before_touching_any(world: SandboxWorld) -> None:
    world.ensure()
    stamp = world.path_of("pay").stat().st_mtime_ns
    with pytest.raises(ValueError, match="unknown sandbox vendor 'bank'"):
        world.reset(["pay", "bank"])
    assert world.path_of("pay").stat().st_mtime_ns == stamp


async def test_clients_reach_each_app_at_its_sandbox_url(world: SandboxWorld) -> None:
    assert list(world.apps()) == ["pay"]
    clients = sandbox_clients(world, headers={"X-Run": "7"}, timeout=3.0)
    async with clients["pay"] as client:
        assert str(client.base_url) == "http://pay.sandbox"
        assert client.headers["X-Run"] == "7"
        response = await client.get("/_state/hash")
        assert response.status_code == 200


async def test_state_outlives_the_world_object(world: SandboxWorld) -> None:
    intent_id = await authorize_one(world)
    again = SandboxWorld(world.root, vendors={"pay": pay_vendor})
    assert await intent_ids(again) == [intent_id]


async def test_default_world_serves_every_registered_vendor(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path)
    clients = sandbox_clients(world)

    assert list(clients) == list(VENDORS)
    for vendor, client in clients.items():
        async with client:
            assert world.path_of(vendor).is_file()
            assert (await client.get("/_state/hash")).status_code == 200
