"""Every official example request of the five checkout operations, sent to the merchant in
both versions it speaks: each answer validates against that version's published schemas."""

from __future__ import annotations

from typing import Any

import pytest
from acp_helpers import EXAMPLES, NOTEBOOK, Merchant, examples, problems

VERSIONS = ("2026-04-17", "2026-01-30")
pytestmark = pytest.mark.skipif(
    not EXAMPLES.is_dir(), reason="the ACP examples (../shared/third_party/acp) are not here"
)


def named(version: str, *prefixes: str) -> dict[str, Any]:
    return {k: v for k, v in examples(version).items() if k.startswith(prefixes)}


async def created(merchant: Merchant, version: str) -> str:
    response = await merchant.post(
        "/checkout_sessions", examples(version)["create_checkout_session_request"]
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize("version", VERSIONS)
async def test_create_examples_open_sessions_ready_once_there_is_an_address(
    merchant: Merchant, version: str
) -> None:
    merchant.version = version
    requests = named(version, "create_checkout_session_request")
    assert len(requests) == 2
    for name, request in requests.items():
        response = await merchant.post("/checkout_sessions", request)
        session = response.json()
        assert response.status_code == 201, (name, response.text)
        assert problems(version, "CheckoutSession", session) == [], name
        assert session["protocol"] == {"version": version}
        assert session["line_items"][0]["item"] == {"id": NOTEBOOK}
        if "fulfillment_details" in request:
            assert session["status"] == "ready_for_payment", session["messages"]
        else:
            assert session["status"] == "not_ready_for_payment"
            assert [m["param"] for m in session["messages"]] == ["$.fulfillment_details.address"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_update_example_selects_a_fulfillment_option(
    merchant: Merchant, version: str
) -> None:
    merchant.version = version
    session_id = await created(merchant, version)
    request = examples(version)["update_checkout_session_request"]
    request["selected_fulfillment_options"][0]["option_id"] = "ship_express"
    response = await merchant.post(f"/checkout_sessions/{session_id}", request)
    assert response.status_code == 200, response.text
    session = response.json()
    assert problems(version, "CheckoutSession", session) == []
    assert session["selected_fulfillment_options"][0]["option_id"] == "ship_express"
    shipping = next(t for t in session["totals"] if t["type"] == "fulfillment")
    assert shipping["amount"] == 1500


@pytest.mark.parametrize("version", VERSIONS)
async def test_complete_examples_are_answered_per_the_schemas(
    merchant: Merchant, version: str
) -> None:
    merchant.version = version
    requests = named(version, "complete_checkout_session_request", "complete_session_with_")
    expected = {
        "complete_checkout_session_request": 200,
        "complete_checkout_session_request_with_last_touch_attribution": 200,
        "complete_session_with_authentication_result_request": 200,
        # a seller-backed saved card: a handler this merchant does not offer
        "complete_checkout_session_request_seller_backed": 400,
        # the issuer denied 3-D Secure: nothing is charged
        "complete_session_with_denied_authentication_request": 402,
    }
    assert set(requests) <= set(expected) and len(requests) >= 3
    for name, request in requests.items():
        session_id = await created(merchant, version)
        response = await merchant.post(f"/checkout_sessions/{session_id}/complete", request)
        assert response.status_code == expected[name], (name, response.text)
        if response.status_code == 200:
            body = response.json()
            assert problems(version, "CheckoutSessionWithOrder", body) == [], name
            assert body["status"] == "completed"
            assert body["order"]["checkout_session_id"] == session_id
        else:
            assert problems(version, "Error", response.json()) == [], name


@pytest.mark.parametrize("version", VERSIONS)
async def test_get_and_cancel_examples(merchant: Merchant, version: str) -> None:
    merchant.version = version
    for name, request in named(version, "cancel_checkout_session_request").items():
        session_id = await created(merchant, version)
        got = await merchant.get(f"/checkout_sessions/{session_id}")
        assert got.status_code == 200
        assert problems(version, "CheckoutSession", got.json()) == []
        response = await merchant.post(f"/checkout_sessions/{session_id}/cancel", request)
        assert response.status_code == 200, (name, response.text)
        assert problems(version, "CheckoutSession", response.json()) == [], name
        assert response.json()["status"] == "canceled"
