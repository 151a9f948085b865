"""agentcli's own ACP connector at the sandbox merchant, both judged by the official schemas:
a whole checkout, signed, through the world's in-process client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from acp_helpers import ADDRESS, NOTEBOOK, PUZZLE_GONE, complete_body

from connectors.acp.connector import AcpConnector
from connectors.errors import ErrorCode, VendorError
from connectors.harness import sandbox_clients
from sandbox.world import SandboxWorld

Intents = Callable[[], list[dict[str, Any]]]


@pytest.fixture
async def connector(world: SandboxWorld) -> AsyncIterator[AcpConnector]:
    clients = sandbox_clients(world)
    try:
        yield AcpConnector(clients["acp"])
    finally:
        for client in clients.values():
            await client.aclose()


async def test_the_connector_checks_out_at_the_merchant(
    connector: AcpConnector, intents: Intents
) -> None:
    session = await connector.create_session(
        {"currency": "usd", "capabilities": {}, "line_items": [{"id": NOTEBOOK}]}
    )
    assert connector.version == "2026-04-17"
    assert session["status"] == "not_ready_for_payment"
    ready = await connector.update_session(
        session["id"], {"fulfillment_details": {"name": "Harper Khan", "address": ADDRESS}}
    )
    assert ready["status"] == "ready_for_payment"
    done = await connector.complete_session(session["id"], complete_body())
    assert done["status"] == "completed" and done["order"]["checkout_session_id"] == session["id"]
    total = next(t["amount"] for t in ready["totals"] if t["type"] == "total")
    assert [i["amount_received"] for i in intents()] == [total]
    assert (await connector.get_session(session["id"]))["status"] == "completed"


async def test_the_merchants_refusals_reach_the_connector_as_canonical_codes(
    connector: AcpConnector,
) -> None:
    session = await connector.create_session(
        {"currency": "usd", "capabilities": {}, "line_items": [{"id": PUZZLE_GONE}]}
    )
    with pytest.raises(VendorError) as refused:
        await connector.complete_session(session["id"], complete_body())
    assert refused.value.code == ErrorCode.INVALID_REQUEST  # a refusal in the contract's shape
    assert "out of stock" in str(refused.value)
    cancelled = await connector.cancel_session(session["id"])
    assert cancelled["status"] == "canceled"
