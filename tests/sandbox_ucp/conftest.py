"""A UCP merchant over its own state file and a small catalogue of UCP sample CSVs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.ucp import create_app, init_db

BASE = "http://merchant.test"
SECRET = "let-me-simulate"
CSV = {
    "products.csv": "id,title,price,image_url\n"
    "tulips,Spring Tulips,3000,https://example.com/t.jpg\n"
    "roses,Red Roses,3500,\n"
    "vase,Glass Vase,1200,\n"
    "lilies,Lilies,2000,\n",
    "inventory.csv": "product_id,quantity\ntulips,10\nroses,5\nvase,3\nlilies,0\n",
    "discounts.csv": "code,type,value,description\n"
    "10OFF,percentage,10,10% Off\nWELCOME20,percentage,20,20% Off\n"
    "FIXED500,fixed_amount,500,$5.00 Off\n",
    "promotions.csv": "id,type,min_subtotal,eligible_item_ids,description\n"
    "big,free_shipping,10000,,Free over $100\n"
    'rosy,free_shipping,,["roses"],Free shipping on roses\n',
    "shipping_rates.csv": "id,country_code,service_level,price,title\n"
    "std-ship,default,standard,500,Standard Shipping\n"
    "exp-ship-us,US,express,1500,Express Shipping (US)\n"
    "exp-ship-intl,default,express,2500,International Express\n",
    "customers.csv": "id,name,email\ncust_1,John Doe,john.doe@example.com\n",
    "addresses.csv": "id,customer_id,street_address,city,state,postal_code,country\n"
    "addr_1,cust_1,123 Main St,Springfield,IL,62704,US\n"
    "addr_2,cust_1,456 Oak Ave,Metropolis,NY,10012,US\n",
}
US = {"id": "home", "street_address": "1 Elm St", "address_country": "US", "postal_code": "62704"}
PAY_WITH = {
    "id": "instr_1",
    "handler_id": "mock_payment_handler",
    "type": "card",
    "brand": "Visa",
    "last_digits": "1234",
    "credential": {"type": "token", "token": "success_token"},
}


def write_catalogue(directory: Path, **changes: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in {**CSV, **changes}.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def state(tmp_path: Path) -> Path:
    path = tmp_path / "ucp.sqlite"
    init_db(path, write_catalogue(tmp_path / "catalogue"))
    return path


@pytest.fixture
async def merchant(state: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(state, simulation_secret=SECRET)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=BASE) as client:
        yield client


def session(*lines: tuple[str, int], **extra: Any) -> dict[str, Any]:
    """A create request for (item id, quantity) lines, the client's own titles ignored."""
    return {
        "currency": "USD",
        "line_items": [
            {"item": {"id": item, "title": "whatever the agent thinks"}, "quantity": quantity}
            for item, quantity in lines
        ],
        "payment": {"instruments": []},
        **extra,
    }


def shipping_to(destination: dict[str, Any], option: str | None = None) -> dict[str, Any]:
    method: dict[str, Any] = {
        "type": "shipping",
        "destinations": [destination],
        "selected_destination_id": destination["id"],
    }
    if option is not None:
        method["groups"] = [{"selected_option_id": option}]
    return {"methods": [method]}


def total(doc: dict[str, Any], kind: str = "total") -> int | None:
    return next((t["amount"] for t in doc["totals"] if t["type"] == kind), None)


async def ready(merchant: httpx.AsyncClient, *lines: tuple[str, int]) -> dict[str, Any]:
    """A session shipping to the US by standard shipping, ready to complete."""
    answer = await merchant.post(
        "/checkout-sessions", json=session(*lines, fulfillment=shipping_to(US, "std-ship"))
    )
    assert answer.status_code == 201, answer.text
    doc: dict[str, Any] = answer.json()
    assert doc["status"] == "ready_for_complete"
    return doc


async def complete(
    merchant: httpx.AsyncClient, session_id: str, token: str = "success_token", key: str = ""
) -> httpx.Response:
    body = {"payment_data": {**PAY_WITH, "credential": {"type": "token", "token": token}}}
    headers = {"Idempotency-Key": key} if key else {}
    return await merchant.post(
        f"/checkout-sessions/{session_id}/complete", json=body, headers=headers
    )
