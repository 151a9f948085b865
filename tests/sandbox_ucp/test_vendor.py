"""The UCP merchant as a sandbox vendor: discovery, its catalogue files, faults, config."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from commerce_specs import problems, validator
from connectors.harness import sandbox_clients, served_config
from sandbox.faults import FaultPlan, FaultRule
from sandbox.serve import SandboxServer
from sandbox.ucp.catalogue import BUILT_IN, CatalogueError, derive_built_in, load_directory
from sandbox.ucp.webhooks import loopback
from sandbox.world import SandboxWorld
from tests.e2e.helpers import cli
from tests.sandbox_ucp.conftest import BASE, complete, ready, session, write_catalogue

# the published discovery schemas refer to each other by paths their own $ids do not resolve,
# so the profile's parts are checked against the schemas they mean
CAPABILITY = validator("ucp", "2026-01-11", "schemas/capability.json", "/$defs/discovery")
SERVICE = validator("ucp", "2026-01-11", "services/service_schema.json")
HANDLER = validator("ucp", "2026-01-11", "schemas/shopping/types/payment_handler.json")


async def test_discovery_names_what_it_serves_and_every_document_is_there(
    merchant: httpx.AsyncClient,
) -> None:
    profile = (await merchant.get("/.well-known/ucp")).json()
    assert all(problems(CAPABILITY, c) == [] for c in profile["ucp"]["capabilities"])
    assert problems(SERVICE, profile["ucp"]["services"]["dev.ucp.shopping"]) == []
    assert all(problems(HANDLER, handler) == [] for handler in profile["payment"]["handlers"])
    assert profile["ucp"]["version"] == "2026-01-11"
    assert profile["ucp"]["services"]["dev.ucp.shopping"]["rest"]["endpoint"] == BASE
    names = {c["name"] for c in profile["ucp"]["capabilities"]}
    assert {"dev.ucp.shopping.checkout", "dev.ucp.shopping.order"} <= names
    handlers = {h["id"] for h in profile["payment"]["handlers"]}
    assert "mock_payment_handler" in handlers
    urls = [c[k] for c in profile["ucp"]["capabilities"] for k in ("spec", "schema")]
    for handler in profile["payment"]["handlers"]:
        urls += [handler["spec"], handler["config_schema"], *handler["instrument_schemas"]]
    urls.append(profile["ucp"]["services"]["dev.ucp.shopping"]["rest"]["schema"])
    for url in urls:
        assert url.startswith(BASE)
        answer = await merchant.get(url)
        assert answer.status_code == 200, url
        assert answer.text.strip()
    checkout_schema = (await merchant.get(urls[1])).json()
    assert checkout_schema["$id"] == "https://ucp.dev/schemas/shopping/checkout.json"


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("products.csv", "id,title,price\nx,X,cheap\n", "products.csv: line 2: price must be"),
        ("products.csv", "id,title\nx,X\n", "products.csv: line 1: missing column(s) price"),
        ("inventory.csv", "product_id,quantity\nghost,1\n", "line 2: unknown product 'ghost'"),
        ("discounts.csv", "code,type,value,description\nA,bogus,1,d\n", "type must be one of"),
    ],
)
def test_a_bad_catalogue_file_is_named_with_its_line(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    with pytest.raises(CatalogueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        load_directory(write_catalogue(tmp_path, **{name: text}))


def test_serve_refuses_a_bad_catalogue_in_one_line(tmp_path: Path) -> None:
    bad = write_catalogue(tmp_path / "bad", **{"inventory.csv": "product_id,quantity\nx,1\n"})
    result = cli("sandbox", "serve", "--sandbox", str(tmp_path / "sb"), "--ucp-data", str(bad))
    assert result.exit_code == 2
    assert "unknown product 'x'" in result.output
    assert "Traceback" not in result.output


def test_the_product_feed_lists_what_the_merchant_sells(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.load_data("ucp", write_catalogue(tmp_path / "flowers"))
    feed = world.product_feed("ucp")
    assert feed is not None
    assert feed.splitlines() == [
        "id,title,price,currency,image_url",
        "tulips,Spring Tulips,3000,USD,https://example.com/t.jpg",
        "roses,Red Roses,3500,USD,",
        "vase,Glass Vase,1200,USD,",
        "lilies,Lilies,2000,USD,",
    ]
    assert world.product_feed("shop") is None


def test_the_built_in_catalogue_is_the_shops_products() -> None:
    assert json.loads(BUILT_IN.read_text(encoding="utf-8")) == json.loads(
        json.dumps(derive_built_in())
    )


async def test_a_world_reset_keeps_the_catalogue_it_was_loaded_from(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.load_data("ucp", write_catalogue(tmp_path / "flowers"))
    clients = sandbox_clients(world)
    try:
        merchant = clients["ucp"]
        doc = await ready(merchant, ("tulips", 1))
        assert (await complete(merchant, doc["id"])).status_code == 200
        world.reset(["ucp"])
        with sqlite3.connect(world.path_of("ucp")) as conn:
            assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
            assert (
                conn.execute(
                    "SELECT quantity FROM inventory WHERE product_id = 'tulips'"
                ).fetchone()[0]
                == 10
            )
    finally:
        for client in clients.values():
            await client.aclose()


async def test_fault_plans_apply_to_the_merchant(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.load_data("ucp", write_catalogue(tmp_path / "flowers"))
    plan = FaultPlan(
        rules=[
            FaultRule(
                vendor="ucp",
                endpoint="POST /checkout-sessions/*/complete",
                fault="stock_race",
                count=1,
            ),
            FaultRule(vendor="ucp", endpoint="GET /orders/*", fault="status", status=503),
        ]
    )
    clients = sandbox_clients(world, faults=plan)
    try:
        merchant = clients["ucp"]
        doc = await ready(merchant, ("tulips", 2))
        raced = await complete(merchant, doc["id"])
        assert raced.status_code == 409  # another buyer took the last tulips
        assert "Insufficient stock" in raced.json()["detail"]
        assert (await merchant.get("/orders/any")).status_code == 503
        assert (
            await merchant.post("/checkout-sessions", json=session(("vase", 1)))
        ).status_code == 201
    finally:
        for client in clients.values():
            await client.aclose()


def test_serve_writes_the_merchant_as_a_ucp_vendor_without_credentials(tmp_path: Path) -> None:
    server = SandboxServer(SandboxWorld(tmp_path / "world"))
    served = {vendor.name: vendor.url for vendor in server.bind()}
    config = served_config(server)
    ucp = config.vendors["ucp"]
    assert (ucp.kind, ucp.base_url, ucp.credentials()) == ("ucp", served["ucp"], None)
    assert config.vendors["shop"].kind == "native"
    assert config.vendors["shop"].credentials() is not None


def test_webhooks_call_back_to_this_machine_only() -> None:
    assert loopback("http://localhost:9/hook")
    assert loopback("http://127.0.0.1:9/hook")
    assert not loopback("http://169.254.169.254/latest")
    assert not loopback("http://example.com/hook")
    assert not loopback("file:///etc/passwd")
    assert not loopback("http://[::1")
    assert not loopback(None)


async def test_a_lost_completion_answer_is_settled_by_retrying_with_its_key(
    tmp_path: Path,
) -> None:
    world = SandboxWorld(tmp_path / "world")
    world.load_data("ucp", write_catalogue(tmp_path / "flowers"))
    lost = FaultRule(
        vendor="ucp",
        endpoint="POST /checkout-sessions/*/complete",
        fault="timeout",
        when="after",
        hang=0.01,
        count=1,
    )
    clients = sandbox_clients(world, faults=FaultPlan(rules=[lost]))
    try:
        merchant = clients["ucp"]
        doc = await ready(merchant, ("tulips", 3))
        first = await complete(merchant, doc["id"], key="pay-once")
        assert first.status_code == 504  # the merchant placed the order; its answer was lost
        again = await complete(merchant, doc["id"], key="pay-once")
        assert again.status_code == 200
        with sqlite3.connect(world.path_of("ucp")) as conn:
            assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 1
            stock = "SELECT quantity FROM inventory WHERE product_id = 'tulips'"
            assert conn.execute(stock).fetchone()[0] == 7
    finally:
        for client in clients.values():
            await client.aclose()
