"""Each canonical error code, from a real bazaar answer (200 with ok=false included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from bazaar_helpers import (
    BASE_URL,
    KETTLE,
    NOTEBOOK,
    SOLD_OUT,
    Clock,
    bazaar_client,
    connector,
    refused,
)

from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, Recovery
from sandbox.bazaar import RateLimit

BUYER = "harper_khan_9597"


async def test_unknown_order_in_the_path_is_a_404(bazaar: BazaarConnector) -> None:
    error = await refused(bazaar.get_order("BZO-000000"), ErrorCode.NOT_FOUND)
    assert error.status == 404 and error.raw["error"]["code"] == "NOT_FOUND"


async def test_unknown_sku_in_a_body_is_not_found_inside_a_200(bazaar: BazaarConnector) -> None:
    error = await refused(bazaar.add_to_cart(BUYER, "BZ-XXXX-0000-AAA"), ErrorCode.NOT_FOUND)
    assert error.status == 200 and error.raw["ok"] is False
    assert error.raw["error"]["code"] == "SKU_NOT_FOUND"
    assert error.recovery is Recovery.ASK_USER


async def test_unknown_promotion_code_is_not_found(bazaar: BazaarConnector) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK)
    error = await refused(bazaar.apply_promo(BUYER, "FREESTUFF"), ErrorCode.NOT_FOUND)
    assert error.raw["error"]["code"] == "PROMOTION_NOT_FOUND"


async def test_malformed_requests_are_invalid(bazaar: BazaarConnector) -> None:
    bad_json = await refused(
        bazaar.request("POST", "/v2/orders", json_body=["x"]), ErrorCode.INVALID_REQUEST
    )
    assert bad_json.status == 400
    bad_qty = await refused(bazaar.add_to_cart(BUYER, NOTEBOOK, 0), ErrorCode.INVALID_REQUEST)
    assert bad_qty.status == 400
    bad_cursor = await refused(
        bazaar.search("notebook", cursor="bm9wZQ"), ErrorCode.INVALID_REQUEST
    )
    assert "cursor" in bad_cursor.message


async def test_too_many_of_one_sku_is_a_validation_failure(bazaar: BazaarConnector) -> None:
    await bazaar.add_to_cart(BUYER, KETTLE, 20)
    error = await refused(bazaar.add_to_cart(BUYER, KETTLE, 1), ErrorCode.INVALID_REQUEST)
    assert error.status == 200 and error.raw["error"]["code"] == "VALIDATION_FAILED"


async def test_unknown_cancel_reason_is_invalid(bazaar: BazaarConnector) -> None:
    order = await bazaar.create_order(BUYER, "pi_r", lines=[(NOTEBOOK, 1)])
    await refused(bazaar.cancel_order(order["order_id"], "bored"), ErrorCode.INVALID_REQUEST)


async def test_sold_out_is_out_of_stock_and_changes_nothing(bazaar: BazaarConnector) -> None:
    await bazaar.create_order("someone_else", "pi_first", lines=[(SOLD_OUT, 1)])
    await refused(bazaar.add_to_cart(BUYER, SOLD_OUT), ErrorCode.OUT_OF_STOCK)
    before = await bazaar.state_hash()
    error = await refused(
        bazaar.create_order(BUYER, "pi_second", lines=[(NOTEBOOK, 1), (SOLD_OUT, 1)]),
        ErrorCode.OUT_OF_STOCK,
    )
    assert error.raw["error"]["context"]["skus"] == [SOLD_OUT]
    assert await bazaar.state_hash() == before


async def test_empty_cart_is_invalid_state(bazaar: BazaarConnector) -> None:
    error = await refused(
        bazaar.create_order(BUYER, "pi_e", from_cart=True), ErrorCode.INVALID_STATE
    )
    assert error.raw["error"]["code"] == "CART_EMPTY"


async def test_changed_total_is_refused_before_anything_is_ordered(
    bazaar: BazaarConnector,
) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK)
    error = await refused(
        bazaar.create_order(BUYER, "pi_p", from_cart=True, expected_total_minor=2000),
        ErrorCode.INVALID_STATE,
    )
    assert error.raw["error"]["context"] == {"expected_total_minor": 2000, "total_minor": 2849}
    assert (await bazaar.get_cart(BUYER))["lines"] != []
    assert await bazaar.list_orders(BUYER) == []


async def test_ineligible_promotion_is_invalid_state(bazaar: BazaarConnector) -> None:
    await bazaar.add_to_cart(BUYER, NOTEBOOK)  # $28.49 < $30
    error = await refused(bazaar.apply_promo(BUYER, "FIVEOFF"), ErrorCode.INVALID_STATE)
    assert error.raw["error"]["code"] == "PROMOTION_NOT_APPLICABLE"
    assert "at least 30.00 USD" in error.message


async def test_cancelling_twice_or_after_shipping_is_invalid_state(
    bazaar: BazaarConnector,
) -> None:
    first = await bazaar.create_order(BUYER, "pi_c1", lines=[(NOTEBOOK, 1)])
    await bazaar.cancel_order(first["order_id"])
    again = await refused(bazaar.cancel_order(first["order_id"]), ErrorCode.INVALID_STATE)
    assert "already cancelled" in again.message
    second = await bazaar.create_order(BUYER, "pi_c2", lines=[(KETTLE, 1)])
    await bazaar.request("POST", f"/_admin/orders/{second['order_id']}/ship")
    shipped = await refused(bazaar.cancel_order(second["order_id"]), ErrorCode.INVALID_STATE)
    assert "has shipped" in shipped.message


async def test_reused_payment_reference_is_a_conflict(bazaar: BazaarConnector) -> None:
    await bazaar.create_order(BUYER, "pi_same", lines=[(NOTEBOOK, 1)])
    error = await refused(
        bazaar.create_order(BUYER, "pi_same", lines=[(KETTLE, 1)]), ErrorCode.CONFLICT
    )
    assert error.raw["error"]["code"] == "PAYMENT_REF_ALREADY_USED"


async def test_idempotency_key_replays_then_refuses_another_body(
    bazaar: BazaarConnector,
    bazaar_http: httpx.AsyncClient,
) -> None:
    first = await bazaar.create_order(BUYER, "pi_k", lines=[(NOTEBOOK, 1)], idempotency_key="k")
    again = await bazaar.create_order(BUYER, "pi_k", lines=[(NOTEBOOK, 1)], idempotency_key="k")
    assert again == first
    assert len(await bazaar.list_orders(BUYER)) == 1
    raw = await bazaar_http.post(
        "/v2/orders",
        headers={"Idempotency-Key": "k"},
        json={
            "buyer_id": BUYER,
            "payment_ref": "pi_k",
            "from_cart": False,
            "lines": [{"sku": NOTEBOOK, "qty": 1}],
        },
    )
    assert raw.headers["Idempotent-Replayed"] == "true"
    error = await refused(
        bazaar.create_order(BUYER, "pi_k", lines=[(KETTLE, 1)], idempotency_key="k"),
        ErrorCode.CONFLICT,
    )
    assert error.status == 409 and error.recovery is Recovery.ESCALATE


async def test_a_refusal_under_a_key_is_replayed_too(bazaar: BazaarConnector) -> None:
    await refused(
        bazaar.create_order(BUYER, "pi_z", from_cart=True, idempotency_key="z"),
        ErrorCode.INVALID_STATE,
    )
    await bazaar.add_to_cart(BUYER, NOTEBOOK)
    await refused(
        bazaar.create_order(BUYER, "pi_z", from_cart=True, idempotency_key="z"),
        ErrorCode.INVALID_STATE,
    )


async def test_rate_limit_answers_429_with_retry_after(bazaar_path: Path) -> None:
    clock = Clock()
    async with bazaar_client(bazaar_path, clock, RateLimit(2, 10.0)) as http:
        bazaar = connector(http)
        await bazaar.categories()
        await bazaar.categories()
        error = await refused(
            bazaar.request("POST", "/v2/buyers/b/cart/lines", json_body={"sku": NOTEBOOK}),
            ErrorCode.RATE_LIMITED,
        )
        assert (error.status, error.retry_after) == (429, 10.0)
        assert error.recovery is Recovery.RETRY
        clock.now += 10
        assert await connector(http).categories()  # a new client: this one waits it out


def _answering(status: int, **response: Any) -> BazaarConnector:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, **response)

    return connector(httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE_URL))


@pytest.mark.parametrize(
    ("status", "response", "code"),
    [
        (200, {"json": {"data": {"order_id": "BZO-1"}}}, ErrorCode.PROTOCOL),
        (200, {"json": {"ok": True}}, ErrorCode.PROTOCOL),
        (200, {"json": {"ok": False, "error": {"code": "SOMETHING_NEW"}}}, ErrorCode.PROTOCOL),
        (200, {"content": b"<html>maintenance</html>"}, ErrorCode.PROTOCOL),
        (200, {"json": {"ok": True, "data": {"id": "no order_id"}}}, ErrorCode.PROTOCOL),
        (503, {"content": b"<html>Service Unavailable</html>"}, ErrorCode.UNAVAILABLE),
        (500, {"json": {"ok": False, "error": {"code": "INTERNAL"}}}, ErrorCode.UNAVAILABLE),
        (418, {"json": {"ok": False, "error": {"code": "TEAPOT"}}}, ErrorCode.INVALID_REQUEST),
    ],
)
async def test_malformed_or_unknown_answers_never_pass_as_success(
    status: int, response: dict[str, Any], code: ErrorCode
) -> None:
    await refused(_answering(status, **response).get_order("BZO-1"), code)


async def test_cancel_without_a_refund_is_protocol() -> None:
    bazaar = _answering(200, json={"ok": True, "data": {"order_id": "BZO-1"}})
    await refused(bazaar.cancel_order("BZO-1"), ErrorCode.PROTOCOL)
