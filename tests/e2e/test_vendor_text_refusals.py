"""The sandbox vendors refuse control characters in names, addresses and ids with a 400 in their
own error envelope, as a real shop would, and change nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from connectors.harness import sandbox_clients
from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER_ID, ensure_world

ADDRESS = {
    "address1": "1 Main St",
    "address2": "",
    "city": "Austin",
    "state": "TX",
    "zip": "78701",
    "country": "USA",
}
ATTACKS = ["\x1b[2J", "Main St\rTotal $9.99", "A\nB", "\u202eevil", "\x9b1A", "\x00", "\x7f"]


async def _call(home: Path, vendor: str, method: str, url: str, body: dict[str, Any]) -> Any:
    clients = sandbox_clients(SandboxWorld(home / "sandbox"))
    try:
        before = (await clients[vendor].get("/_state/hash")).text
        answer = await clients[vendor].request(
            method, url, json=body, headers={"Idempotency-Key": "k-1"}
        )
        after = (await clients[vendor].get("/_state/hash")).text
        return answer, before == after
    finally:
        for client in clients.values():
            await client.aclose()


def _requests(text: str) -> dict[str, tuple[str, str, str, dict[str, Any]]]:
    return {
        "shop": ("shop", "PUT", f"/users/{HARPER_ID}/address", {**ADDRESS, "address1": text}),
        "bazaar": (
            "bazaar",
            "POST",
            "/v2/orders",
            {
                "buyer_id": HARPER_ID,
                "payment_ref": "pi_1",
                "lines": [{"sku": "BZ-NTBK-0022-WLC", "qty": 1}],
                "ship_to": {
                    "name": f"Harper {text}",
                    "line1": "1 Main St",
                    "city": "Austin",
                    "region": "TX",
                    "postal_code": "78701",
                    "country": "US",
                },
            },
        ),
        "trips": (
            "trips",
            "POST",
            "/v1/bookings",
            {"hold_ids": ["h_1"], "customer": f"harper{text}", "payment_reference": "pi_1"},
        ),
        "pay": (
            "pay",
            "POST",
            "/v1/payment_intents",
            {
                "amount": 1000,
                "currency": "usd",
                "payment_method": "pm_card_visa",
                "customer": f"harper{text}",
            },
        ),
    }


ENVELOPES = {
    "shop": lambda body: body["error"]["code"] == "bad_request",
    "bazaar": lambda body: body["error"]["code"] == "BAD_REQUEST",
    "trips": lambda body: body["type"].endswith("/malformed-request"),
    "pay": lambda body: body["error"]["code"] == "parameter_invalid",
}


@pytest.mark.parametrize("vendor", list(ENVELOPES))
@pytest.mark.parametrize("text", ATTACKS, ids=[repr(a) for a in ATTACKS])
def test_a_vendor_refuses_control_characters_in_names_and_addresses(
    agentcli_home: Path, vendor: str, text: str
) -> None:
    ensure_world(agentcli_home)
    answer, unchanged = asyncio.run(_call(agentcli_home, *_requests(text)[vendor]))
    assert answer.status_code == 400, answer.text
    assert ENVELOPES[vendor](answer.json()), answer.text
    assert "control character" in answer.text
    assert unchanged


def test_the_shop_still_takes_an_honest_address(agentcli_home: Path) -> None:
    ensure_world(agentcli_home)
    answer, unchanged = asyncio.run(_call(agentcli_home, *_requests("Ünïcode Straße 5")["shop"]))
    assert answer.status_code == 200, answer.text
    assert not unchanged
