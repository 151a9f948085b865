"""What ACP asks of every request: Bearer API key, API-Version, Idempotency-Key, signatures;
and the answers in the statuses and error shape the OpenAPI document lists."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from acp_helpers import NOTEBOOK, Merchant, complete_body, create_body, problems

from sandbox.acp.guard import signature
from sandbox.faults import FaultPlan, FaultRule
from sandbox.world import SandboxWorld

Intents = Callable[[], list[dict[str, Any]]]


def sessions(world: SandboxWorld) -> list[str]:
    from sandbox.kit.state import StateFile

    with StateFile(world.path_of("acp")).read() as conn:
        return [row[0] for row in conn.execute("SELECT session_id FROM sessions")]


async def test_the_same_key_and_body_answer_the_first_response_again(
    merchant: Merchant, world: SandboxWorld
) -> None:
    first = await merchant.post("/checkout_sessions", create_body(NOTEBOOK), key="k-create")
    # the same JSON with other key order and 1.0 for 1 is the same request (RFC §6.2)
    same = json.dumps({**create_body(NOTEBOOK), "metadata": {"n": 1.0}}, sort_keys=True)
    again = await merchant.http.post(
        "/checkout_sessions",
        content=json.dumps({**create_body(NOTEBOOK), "metadata": {"n": 1}}),
        headers=merchant.headers("k-other"),
    )
    replay = await merchant.http.post(
        "/checkout_sessions", content=same, headers=merchant.headers("k-other")
    )
    assert first.status_code == again.status_code == replay.status_code == 201
    assert replay.json() == again.json() and replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in again.headers
    assert replay.headers["Idempotency-Key"] == "k-other"
    assert sessions(world) == [first.json()["id"], again.json()["id"]]


async def test_the_same_key_with_another_body_is_the_specs_conflict(merchant: Merchant) -> None:
    await merchant.post("/checkout_sessions", create_body(NOTEBOOK), key="k1")
    other = await merchant.post("/checkout_sessions", create_body(NOTEBOOK, NOTEBOOK), key="k1")
    assert other.status_code == 422
    assert other.json() == {
        "type": "invalid_request",
        "code": "idempotency_conflict",
        "message": "Idempotency-Key has already been used with a different request body",
    }


async def test_a_key_is_scoped_to_its_endpoint(merchant: Merchant) -> None:
    sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK), key="k")).json()["id"]
    cancelled = await merchant.post(f"/checkout_sessions/{sid}/cancel", key="k")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "canceled"


async def test_a_post_without_a_key_is_refused(merchant: Merchant) -> None:
    headers = merchant.headers()
    del headers["Idempotency-Key"]
    response = await merchant.http.post(
        "/checkout_sessions", json=create_body(NOTEBOOK), headers=headers
    )
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


async def test_a_replayed_completion_charges_once(merchant: Merchant, intents: Intents) -> None:
    sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
    path = f"/checkout_sessions/{sid}/complete"
    first = await merchant.post(path, complete_body(), key="pay-once")
    second = await merchant.post(path, complete_body(), key="pay-once")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json() and second.headers["Idempotent-Replayed"] == "true"
    assert len(intents()) == 1
    fresh_key = await merchant.post(path, complete_body(), key="pay-twice")
    assert fresh_key.status_code == 400 and len(intents()) == 1


async def test_the_bearer_key_is_required_in_the_statuses_each_operation_lists(
    merchant: Merchant,
) -> None:
    sid = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()["id"]
    for wrong in ({}, {"Authorization": "Bearer not-the-key"}):
        headers = {**merchant.headers(), "Authorization": ""} | wrong
        create = await merchant.http.post("/checkout_sessions", json={}, headers=headers)
        get = await merchant.http.get(f"/checkout_sessions/{sid}", headers=headers)
        cancel = await merchant.http.post(f"/checkout_sessions/{sid}/cancel", headers=headers)
        # 401 where the document allows any 4XX; GET lists 200/404, cancel 200/400/405/409/422
        assert (create.status_code, get.status_code, cancel.status_code) == (401, 404, 400)
        assert {r.json()["code"] for r in (create, get, cancel)} == {"unauthorized"}
    assert (await merchant.get(f"/checkout_sessions/{sid}")).json()["status"] != "canceled"


@pytest.mark.parametrize(
    ("version", "code"), [(None, "missing_api_version"), ("2025-09-29", "unsupported_api_version")]
)
async def test_an_api_version_it_does_not_speak_is_refused(
    merchant: Merchant, version: str | None, code: str
) -> None:
    headers = merchant.headers()
    headers.pop("API-Version")
    if version:
        headers["API-Version"] = version
    response = await merchant.http.post(
        "/checkout_sessions", json=create_body(NOTEBOOK), headers=headers
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "2026-01-30, 2026-04-17" in response.json()["message"]


async def test_each_version_is_answered_in_its_own_schema(merchant: Merchant) -> None:
    merchant.version = "2026-01-30"
    old = (await merchant.post("/checkout_sessions", create_body(NOTEBOOK))).json()
    assert old["protocol"] == {"version": "2026-01-30"}
    assert problems("2026-01-30", "CheckoutSession", old) == []
    merchant.version = "2026-04-17"
    new = (await merchant.get(f"/checkout_sessions/{old['id']}")).json()
    assert new["protocol"] == {"version": "2026-04-17"}


def _signed(merchant: Merchant, body: dict[str, Any], when: float, key: str) -> dict[str, str]:
    stamp = datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    raw = json.dumps(body).encode()
    return merchant.headers(Timestamp=stamp, Signature=signature(key, stamp, raw))


async def test_a_signed_request_is_checked(merchant: Merchant) -> None:
    body, key = create_body(NOTEBOOK), merchant.world.signing_secret("acp")
    good = await merchant.http.post(
        "/checkout_sessions", json=body, headers=_signed(merchant, body, time.time(), key)
    )
    assert good.status_code == 201
    forged = _signed(merchant, body, time.time(), merchant.world.api_key("acp"))
    stale = _signed(merchant, body, time.time() - 3600, key)
    tampered = _signed(merchant, {**body, "currency": "eur"}, time.time(), key)
    for headers in (forged, stale, tampered):
        bad = await merchant.http.post("/checkout_sessions", json=body, headers=headers)
        assert bad.status_code == 400 and bad.json()["code"] == "invalid_signature"


async def test_fault_plans_apply_to_the_merchant(world: SandboxWorld) -> None:
    rule = FaultRule(vendor="acp", endpoint="POST /checkout_sessions", fault="status", status=503)
    app = world.apps(FaultPlan(rules=[rule]))["acp"]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://acp.sandbox"
    ) as http:
        headers = Merchant(http, world).headers()
        response = await http.post(
            "/checkout_sessions", json=create_body(NOTEBOOK), headers=headers
        )
    assert response.status_code == 503
    assert response.json()["type"] == "service_unavailable"
    assert problems("2026-04-17", "Error", response.json()) == []
    assert sessions(world) == []


def test_every_world_makes_its_own_api_key(tmp_path: Any) -> None:
    first, second = SandboxWorld(tmp_path), SandboxWorld(tmp_path)
    assert first.api_key("acp") == first.api_key("acp") != second.api_key("acp")
    assert len(first.api_key("acp")) >= 32


async def test_a_key_still_in_flight_is_the_specs_409_until_it_is_abandoned(
    merchant: Merchant, world: SandboxWorld
) -> None:
    from sandbox.acp.idempotency import IN_FLIGHT_STALE, claim, fingerprint
    from sandbox.kit.state import StateFile

    body = create_body(NOTEBOOK)
    raw = json.dumps(body).encode()
    with StateFile(world.path_of("acp")).write() as conn:  # a request that is still running
        assert claim(conn, "/checkout_sessions", "busy", fingerprint(raw), time.time()) is None
    busy = await merchant.http.post(
        "/checkout_sessions", content=raw, headers=merchant.headers("busy")
    )
    assert busy.status_code == 409 and busy.headers["Retry-After"] == "1"
    assert busy.json()["code"] == "idempotency_in_flight"

    with StateFile(world.path_of("acp")).write() as conn:  # ... or one a crash left behind
        conn.execute("UPDATE idempotency SET created_at = ?", (time.time() - IN_FLIGHT_STALE - 1,))
    taken_over = await merchant.http.post(
        "/checkout_sessions", content=raw, headers=merchant.headers("busy")
    )
    assert taken_over.status_code == 201


async def test_the_worlds_own_clients_sign_and_the_merchant_accepts_them(
    world: SandboxWorld,
) -> None:
    from connectors.harness import sandbox_clients

    clients = sandbox_clients(world)
    async with clients["acp"] as acp:
        response = await acp.post(
            "/checkout_sessions",
            json=create_body(NOTEBOOK),
            headers={"API-Version": "2026-04-17", "Idempotency-Key": "signed"},
        )
        assert response.status_code == 201, response.text
        assert "Signature" in response.request.headers and "Timestamp" in response.request.headers
    for client in clients.values():
        await client.aclose()
