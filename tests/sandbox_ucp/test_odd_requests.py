"""Odd requests get a refusal from the UCP merchant, never a crash, and change nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sandbox_ucp.conftest import ready

ODD: list[Any] = [
    [],
    "text",
    {"line_items": "many"},
    {"line_items": [{"item": "tulips", "quantity": 1}]},
    {"line_items": [{"item": {"id": "tulips"}, "quantity": True}]},
    {"line_items": [{"item": {"id": "tulips"}, "quantity": -1}]},
    {"line_items": [{"item": {"id": 7}, "quantity": 1}]},
    {"line_items": [{"item": {"id": "tulips"}, "quantity": 1}], "currency": "EUR"},
    {"line_items": [{"item": {"id": "tulips"}, "quantity": 1}], "buyer": "me"},
    {"line_items": [{"item": {"id": "tulips"}, "quantity": 1}], "discounts": {"codes": "10OFF"}},
    {"line_items": [{"item": {"id": "tulips"}, "quantity": 1}], "fulfillment": {"methods": {}}},
    {
        "line_items": [{"item": {"id": "tulips"}, "quantity": 1}],
        "fulfillment": {"methods": [{"type": "pickup"}]},
    },
    {
        "line_items": [{"item": {"id": "tulips"}, "quantity": 1}],
        "fulfillment": {"methods": [{"destinations": [{}]}]},
    },
    {
        "line_items": [{"item": {"id": "tulips"}, "quantity": 1}],
        "fulfillment": {"methods": [{"destinations": "x"}]},
    },
    {
        "line_items": [{"item": {"id": "tulips"}, "quantity": 1}],
        "fulfillment": {"methods": [{"selected_destination_id": "nowhere"}]},
    },
    {
        "line_items": [
            {"id": "a", "item": {"id": "tulips"}, "quantity": 1},
            {"id": "a", "item": {"id": "vase"}, "quantity": 1},
        ]
    },
]
ODD_PAYMENTS: list[Any] = [
    {},
    {"payment_data": "card"},
    {"payment_data": {"handler_id": "stripe", "credential": {"token": "success_token"}}},
    {"payment_data": {"handler_id": "mock_payment_handler"}},
    {
        "payment_data": {
            "handler_id": "mock_payment_handler",
            "credential": {"type": "card", "number": "4242"},
        }
    },
    {
        "payment_data": {
            "handler_id": "mock_payment_handler",
            "credential": {"token": "success_token"},
        },
        "ap2": {"checkout_mandate": "not a jwt"},
    },
    {"payment": {"instruments": [{"id": "x"}], "selected_instrument_id": "y"}},
]


def books(state: Path) -> tuple[int, int, int]:
    with sqlite3.connect(state) as conn:
        return (
            conn.execute("SELECT count(*) FROM orders").fetchone()[0],
            conn.execute("SELECT sum(quantity) FROM inventory").fetchone()[0],
            conn.execute("SELECT count(*) FROM checkouts").fetchone()[0],
        )


@pytest.mark.parametrize("body", ODD)
async def test_an_odd_session_is_refused_in_ucps_error_shape(
    merchant: httpx.AsyncClient, state: Path, body: Any
) -> None:
    before = books(state)
    for answer in (
        await merchant.post("/checkout-sessions", json=body),
        await merchant.post("/checkout-sessions", content=b"{not json"),
    ):
        assert 400 <= answer.status_code < 500, answer.text
        assert answer.json()["messages"][0]["type"] == "error"
    assert books(state) == before


@pytest.mark.parametrize("body", ODD_PAYMENTS)
async def test_an_odd_payment_is_refused_and_nothing_is_taken(
    merchant: httpx.AsyncClient, state: Path, body: Any
) -> None:
    doc = await ready(merchant, ("tulips", 1))
    before = books(state)
    answer = await merchant.post(f"/checkout-sessions/{doc['id']}/complete", json=body)
    assert 400 <= answer.status_code < 500, answer.text
    assert books(state) == before


async def test_unknown_sessions_and_orders_are_404(merchant: httpx.AsyncClient) -> None:
    for answer in (
        await merchant.get("/checkout-sessions/chk_nope"),
        await merchant.put("/checkout-sessions/chk_nope", json={}),
        await merchant.post("/checkout-sessions/chk_nope/complete", json={}),
        await merchant.post("/checkout-sessions/chk_nope/cancel"),
        await merchant.get("/orders/ord_nope"),
        await merchant.get("/ucp/docs/spec/../../secrets.json"),
        await merchant.get("/nowhere"),
    ):
        assert answer.status_code == 404, answer.request.url


@pytest.mark.parametrize(
    "agent",
    [
        'profile="http://127.0.0.1:9/nobody-listens.json"',
        'profile="http://[::1"',
        'profile="https://platform.example/profile.json"',
        "profile=unquoted",
    ],
)
async def test_a_platform_profile_that_cannot_be_read_does_not_stop_a_checkout(
    merchant: httpx.AsyncClient, agent: str
) -> None:
    body = {"line_items": [{"item": {"id": "tulips"}, "quantity": 1}]}
    answer = await merchant.post("/checkout-sessions", json=body, headers={"UCP-Agent": agent})
    assert answer.status_code == 201
