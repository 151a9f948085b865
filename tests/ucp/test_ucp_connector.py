"""The UCP connector over an injected transport: discovery, version negotiation, shape checks,
error mapping and idempotency keys, for both published profile layouts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.config import BuyerProfile
from connectors.errors import ErrorCode, VendorError
from connectors.merchant import BasketLine, Buyer, MerchantProduct, WriteKeys
from connectors.ucp.feed import read_feed, search_feed
from connectors.ucp.merchant import ucp_merchant
from connectors.yamlfile import ConfigFileError

BUYER = Buyer.of(
    BuyerProfile.model_validate(
        {
            "name": "Jane Smith",
            "email": "jane.smith@example.com",
            "address": {
                "street_address": "789 Pine Ln",
                "city": "Smallville",
                "state": "KS",
                "postal_code": "66002",
                "country": "US",
            },
            "payment": [
                {"handler": "h", "token": "tok_123456", "brand": "Visa", "last_digits": "1234"}
            ],
        }
    )
)
BASE = "http://flowers.test"


def profile_2026_01_11(version: str = "2026-01-11") -> dict[str, Any]:
    return {
        "ucp": {
            "version": version,
            "services": {"dev.ucp.shopping": {"version": version, "rest": {"endpoint": BASE}}},
            "capabilities": [{"name": "dev.ucp.shopping.checkout", "version": version}],
        },
        "payment": {"handlers": [{"id": "mock_payment_handler", "name": "mock"}]},
    }


def profile_2026_04_08() -> dict[str, Any]:
    entry = {"version": "2026-04-08"}
    return {
        "ucp": {
            "version": "2026-04-08",
            "services": {
                "dev.ucp.shopping": [{**entry, "transport": "rest", "endpoint": f"{BASE}/ucp/v1"}]
            },
            "capabilities": {
                "dev.ucp.shopping.checkout": [entry],
                "dev.ucp.shopping.catalog.search": [entry],
            },
            "payment_handlers": {"com.example.pay": [{**entry, "id": "example_pay"}]},
        }
    }


def checkout(status: str = "ready_for_complete", **extra: Any) -> dict[str, Any]:
    line = {"id": "li_1", "item": {"id": "tulips", "title": "Tulips", "price": 3000}, "quantity": 2}
    return {
        "ucp": {
            "version": "2026-01-11",
            "capabilities": [{"name": "dev.ucp.shopping.checkout", "version": "2026-01-11"}],
        },
        "id": "co_1",
        "line_items": [{**line, "totals": [{"type": "total", "amount": 6000}]}],
        "status": status,
        "currency": "USD",
        "totals": [{"type": "subtotal", "amount": 6000}, {"type": "total", "amount": 6000}],
        "links": [],
        "payment": {"handlers": [], "instruments": []},
        **extra,
    }


Handler = Callable[[httpx.Request], httpx.Response]


def merchant(
    handler: Handler, seen: list[httpx.Request], feed: tuple[MerchantProduct, ...] | None = None
) -> Any:
    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(record), base_url=BASE)
    return ucp_merchant("flowers", client, feed=feed)


def serving(profile: dict[str, Any], **answers: httpx.Response) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/ucp":
            return httpx.Response(200, json=profile)
        return answers[f"{request.method} {request.url.path}"]

    return handle


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_a_merchant_that_speaks_an_unknown_version_is_refused_clearly() -> None:
    seen: list[httpx.Request] = []
    flowers = merchant(serving(profile_2026_01_11("2099-01-01")), seen)
    with pytest.raises(VendorError) as raised:
        run(flowers.search("tulips"))
    assert raised.value.code is ErrorCode.PROTOCOL
    assert "speaks UCP 2099-01-01" in raised.value.message
    assert "2026-01-11 and 2026-04-08" in raised.value.message
    assert [r.url.path for r in seen] == ["/.well-known/ucp"]  # nothing else was sent


@pytest.mark.parametrize(
    ("profile", "endpoint", "handlers", "catalog"),
    [
        (profile_2026_01_11(), BASE, {"mock_payment_handler"}, False),
        (profile_2026_04_08(), f"{BASE}/ucp/v1", {"example_pay"}, True),
    ],
)
def test_both_profile_layouts_give_the_version_endpoint_and_handlers(
    profile: dict[str, Any], endpoint: str, handlers: set[str], catalog: bool
) -> None:
    seen: list[httpx.Request] = []
    read = run(merchant(serving(profile), seen).profile())
    assert (read.version, read.endpoint) == (profile["ucp"]["version"], endpoint)
    assert (read.payment_handlers, read.has_catalog) == (handlers, catalog)


def test_every_write_carries_the_idempotency_key_and_the_negotiated_version() -> None:
    seen: list[httpx.Request] = []
    answers = {"POST /checkout-sessions": httpx.Response(201, json=checkout())}
    flowers = merchant(serving(profile_2026_01_11(), **answers), seen)
    session = run(
        flowers.create_session([BasketLine("tulips", "Tulips", 2)], BUYER, "USD", WriteKeys("k1"))
    )
    assert (session.session_id, session.status, session.total_minor) == ("co_1", "ready", 6000)
    create = seen[-1]
    assert create.headers["Idempotency-Key"] == "k1"
    assert create.headers["UCP-Agent"] == 'version="2026-01-11"'
    body = json.loads(create.content)
    assert body["buyer"]["full_name"] == "Jane Smith" and body["currency"] == "USD"


@pytest.mark.parametrize(
    "broken",
    [
        {"id": "co_1"},  # most of a checkout missing
        checkout(status=17),  # a status that is not a string
        checkout(totals=[{"type": "subtotal", "amount": 6000}]),  # no grand total
        "<html>oops</html>",  # not JSON at all
    ],
)
def test_an_answer_that_breaks_its_schema_is_protocol_not_a_crash(broken: Any) -> None:
    seen: list[httpx.Request] = []
    answer = (
        httpx.Response(200, text=broken)
        if isinstance(broken, str)
        else httpx.Response(200, json=broken)
    )
    flowers = merchant(
        serving(profile_2026_01_11(), **{"GET /checkout-sessions/co_1": answer}), seen
    )
    with pytest.raises(VendorError) as raised:
        run(flowers.get_session("co_1"))
    assert raised.value.code is ErrorCode.PROTOCOL


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (
            402,
            {"detail": "Payment Failed", "code": "INSUFFICIENT_FUNDS"},
            ErrorCode.INSUFFICIENT_FUNDS,
        ),
        (
            402,
            {"detail": "Unknown mock token", "code": "UNKNOWN_TOKEN"},
            ErrorCode.PAYMENT_DECLINED,
        ),
        (
            409,
            {"detail": "not modifiable", "code": "CHECKOUT_NOT_MODIFIABLE"},
            ErrorCode.INVALID_STATE,
        ),
        (404, {"detail": "no such checkout", "code": "RESOURCE_NOT_FOUND"}, ErrorCode.NOT_FOUND),
        (
            400,
            {"messages": [{"type": "error", "code": "out_of_stock", "content": "sold out"}]},
            ErrorCode.INVALID_REQUEST,
        ),
        (503, None, ErrorCode.UNAVAILABLE),
    ],
)
def test_merchant_errors_become_canonical_codes(status: int, body: Any, code: ErrorCode) -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(status, json=body) if body is not None else httpx.Response(status)
    path = "POST /checkout-sessions/co_1/complete"
    flowers = merchant(serving(profile_2026_01_11(), **{path: answer}), seen)
    credential = BuyerProfile.model_validate(BUYER_PROFILE).payment[0]
    with pytest.raises(VendorError) as raised:
        run(flowers.complete_session("co_1", credential, WriteKeys("k2")))
    assert raised.value.code is code
    complete = [r for r in seen if r.url.path.endswith("/complete")]
    assert {r.headers["Idempotency-Key"] for r in complete} == {"k2"}  # a retry, same key


BUYER_PROFILE = {
    "name": "Jane Smith",
    "email": "jane.smith@example.com",
    "address": {"street_address": "1 A St", "city": "B", "postal_code": "1", "country": "US"},
    "payment": [{"handler": "h", "token": "tok_123456", "brand": "Visa", "last_digits": "1234"}],
}


def test_without_a_catalog_the_product_feed_is_searched(tmp_path: Path) -> None:
    feed = tmp_path / "products.csv"
    feed.write_text("id,title,price\nbouquet_tulips,Spring Tulips,3000\nroses,Red Roses,3500\n")
    products = read_feed(feed, "flowers")
    assert [p.product_id for p in search_feed(products, "tulips", 10)] == ["bouquet_tulips"]
    seen: list[httpx.Request] = []
    flowers = merchant(serving(profile_2026_01_11()), seen, products)
    found = run(flowers.search("roses"))
    assert [(p.title, p.price_minor) for p in found] == [("Red Roses", 3500)]
    no_feed = merchant(serving(profile_2026_01_11()), seen)
    with pytest.raises(VendorError, match="no catalog capability"):
        run(no_feed.search("roses"))


def test_a_bad_product_feed_is_a_config_error_with_its_line(tmp_path: Path) -> None:
    feed = tmp_path / "products.csv"
    feed.write_text("id,title,price\nok,Fine,100\nbad,Broken,12.50\n")
    with pytest.raises(ConfigFileError) as raised:
        read_feed(feed, "flowers")
    assert raised.value.line == 3
