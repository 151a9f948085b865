"""The spec's own examples, both versions, replayed through the connector.

Each example request is sent as published (the merchant gets exactly it) unless it breaks its
own version's schema, in which case it never leaves; each example answer parses unless it
breaks the schema, in which case it is PROTOCOL. The examples that break their schema are
pinned here, so a validator that let everything through, or nothing, fails.
"""

from __future__ import annotations

import json
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import httpx
import pytest
from acp_double import CREATE, MerchantDouble, completed, connector, session, shared_examples

from connectors.acp.connector import AcpConnector, OutgoingBreach
from connectors.acp.contract import VERSIONS
from connectors.errors import ErrorCode, VendorError

EXAMPLES = shared_examples()
if EXAMPLES is None:
    pytest.skip(
        "the published ACP examples (../shared/third_party/acp) are absent", allow_module_level=True
    )
assert EXAMPLES is not None

REQUESTS = {
    "create_checkout_session_request": "create",
    "create_checkout_session_request_with_first_touch_attribution": "create",
    "create_multi_item_checkout_request": "create",
    "update_checkout_session_request": "update",
    "complete_checkout_session_request": "complete",
    "complete_checkout_session_request_seller_backed": "complete",
    "complete_checkout_session_request_with_last_touch_attribution": "complete",
    "complete_session_with_authentication_result_request": "complete",
    "complete_session_with_denied_authentication_request": "complete",
    "cancel_checkout_session_request": "cancel",
    "cancel_checkout_session_request_timing_deferred": "cancel",
}
"""Example request → the operation that sends it."""

RESPONSES: dict[str, tuple[str, ErrorCode | None]] = {
    "create_checkout_session_response": ("create", None),
    "create_multi_item_checkout_response": ("create", None),
    "update_checkout_session_response": ("update", None),
    "get_checkout_session_response": ("get", None),
    "checkout_session_with_out_of_stock": ("get", None),
    "cancel_checkout_session_response": ("cancel", None),
    "complete_checkout_session_response": ("complete", None),
    "checkout_session_with_payment_declined": ("complete", ErrorCode.PAYMENT_DECLINED),
    "checkout_session_authentication_required": ("complete", ErrorCode.INVALID_STATE),
}
"""Example answer → the operation it answers, and the error a valid one raises (complete only
succeeds when the session completed)."""

ERRORS = {
    "error_400_requires_3ds": (400, ErrorCode.INVALID_STATE),
    "error_400_invalid_item": (400, ErrorCode.INVALID_REQUEST),
    "error_400_idempotency_key_required": (400, ErrorCode.INVALID_REQUEST),
    "error_422_idempotency_conflict": (422, ErrorCode.CONFLICT),
}

BREAKS_ITS_SCHEMA = {
    ("2026-04-17", "create_checkout_session_request"): "order_notes",
    ("2026-04-17", "update_checkout_session_request"): "order_notes",
    ("2026-04-17", "complete_checkout_session_request"): "order_notes",
    ("2026-04-17", "complete_checkout_session_request_with_last_touch_attribution"): "order_notes",
    ("2026-04-17", "create_multi_item_checkout_request"): "capabilities",
    ("2026-04-17", "create_checkout_session_response"): "display_order",
    ("2026-04-17", "create_multi_item_checkout_response"): "base_amount",
    ("2026-04-17", "complete_checkout_session_response"): "order",
}
"""The published examples that break their own version's published schema, and a word of why."""


def _examples(version: str) -> dict[str, Any]:
    assert EXAMPLES is not None
    found: dict[str, Any] = {}
    for name in ("examples.agentic_checkout.json", "examples.multi_item_checkout.json"):
        path = EXAMPLES / version / name
        if path.is_file():
            found.update(json.loads(path.read_text(encoding="utf-8")))
    return found


def _cases(table: dict[str, Any]) -> list[tuple[str, str]]:
    return [(v, name) for v in VERSIONS for name in table if name in _examples(v)]


async def _send(acp: AcpConnector, operation: str, body: Any = None) -> dict[str, Any]:
    if operation == "create":
        return await acp.create_session(body)
    if operation == "update":
        return await acp.update_session("checkout_session_123", body)
    if operation == "get":
        return await acp.get_session("checkout_session_123")
    if operation == "complete":
        return await acp.complete_session("checkout_session_123", body)
    return await acp.cancel_session("checkout_session_123", body)


def _double(version: str, *answers: tuple[int, Any]) -> tuple[MerchantDouble, AcpConnector]:
    merchant = MerchantDouble((version,))
    for status, body in answers:
        merchant.answer(status, body)
    return merchant, connector(httpx.ASGITransport(app=merchant), versions=(version,))


@pytest.mark.parametrize(("version", "name"), _cases(REQUESTS))
async def test_an_example_request_leaves_as_published_or_not_at_all(
    version: str, name: str
) -> None:
    example = _examples(version)[name]
    operation = REQUESTS[name]
    answer = completed if operation == "complete" else session
    merchant, acp = _double(version, (200, answer("checkout_session_123")))

    breach = BREAKS_ITS_SCHEMA.get((version, name))
    if breach:
        with pytest.raises(OutgoingBreach, match=breach):
            await _send(acp, operation, example)
        assert merchant.received == []
        return
    await _send(acp, operation, example)
    (received,) = merchant.received
    assert received.json() == example
    assert received.headers["api-version"] == version
    assert received.headers["idempotency-key"]


@pytest.mark.parametrize(("version", "name"), _cases(RESPONSES))
async def test_an_example_answer_parses_or_is_protocol(version: str, name: str) -> None:
    example = _examples(version)[name]
    operation, raises = RESPONSES[name]
    if (version, name) in BREAKS_ITS_SCHEMA:
        raises = ErrorCode.PROTOCOL
    _, acp = _double(version, (201 if operation == "create" else 200, example))
    call = _answered(acp, operation, example["id"], _examples(version))

    if raises is None:
        assert await call == example
        return
    with pytest.raises(VendorError) as caught:
        await call
    assert caught.value.code is raises
    if raises is ErrorCode.PROTOCOL:
        assert BREAKS_ITS_SCHEMA[(version, name)] in caught.value.message


def _answered(
    acp: AcpConnector, operation: str, session_id: str, examples: dict[str, Any]
) -> Coroutine[Any, Any, dict[str, Any]]:
    """The call an example answer answers, with a valid example request where it needs one."""
    if operation == "create":
        return acp.create_session(CREATE)
    if operation == "update":
        return acp.update_session(session_id, {"line_items": [{"id": "item_123"}]})
    if operation == "get":
        return acp.get_session(session_id)
    if operation == "complete":
        payment = examples["complete_checkout_session_request_seller_backed"]
        return acp.complete_session(session_id, payment)
    return acp.cancel_session(session_id)


@pytest.mark.parametrize(("version", "name"), _cases(ERRORS))
async def test_an_example_error_maps_to_its_canonical_code(version: str, name: str) -> None:
    status, expected = ERRORS[name]
    example = _examples(version)[name]
    _, acp = _double(version, (status, example))

    with pytest.raises(VendorError) as caught:
        await acp.get_session("checkout_session_123")

    assert caught.value.code is expected
    assert caught.value.message == example["message"]


def test_the_examples_of_both_versions_are_here() -> None:
    assert EXAMPLES is not None
    for version in VERSIONS:
        assert "create_checkout_session_request" in _examples(version), Path(EXAMPLES, version)
