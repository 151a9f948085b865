"""The key and the signature reach the merchant; neither they nor a payment token reach a trace."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from acp_double import API_KEY, CREATE, PAYMENT, MerchantDouble, completed, connector, session

from agentcli.trace.redact import redact
from connectors.acp.auth import AcpAuth
from connectors.base import HttpExchange
from connectors.config import ConnectorsConfig
from connectors.yamlfile import ConfigFileError

SECRET = "whsec-shared-7a1b"


async def test_a_signed_request_proves_its_exact_canonical_body_and_time() -> None:
    merchant = MerchantDouble()
    merchant.answer(201, session())
    acp = connector(httpx.ASGITransport(app=merchant), signing_secret=SECRET)

    await acp.create_session(
        {"line_items": [{"id": "item_123"}], "currency": "usd", "capabilities": {}}
    )

    (received,) = merchant.received
    timestamp = received.headers["timestamp"]
    datetime.fromisoformat(timestamp)  # RFC 3339
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + received.body, hashlib.sha256)
    assert received.headers["signature"] == (
        base64.urlsafe_b64encode(expected.digest()).rstrip(b"=").decode()
    )
    # the bytes sent are the canonical JSON of what was meant: sorted keys, no spaces
    meant = json.loads(received.body)
    assert received.body == json.dumps(meant, sort_keys=True, separators=(",", ":")).encode()


async def test_without_a_signing_secret_nothing_is_signed() -> None:
    merchant = MerchantDouble()
    merchant.answer(201, session())
    acp = connector(httpx.ASGITransport(app=merchant))

    await acp.create_session(CREATE)

    (received,) = merchant.received
    assert received.headers["authorization"] == f"Bearer {API_KEY}"
    assert "signature" not in received.headers and "timestamp" not in received.headers


async def test_the_trace_of_a_checkout_holds_neither_the_key_nor_the_payment_token() -> None:
    merchant = MerchantDouble()
    merchant.answer(200, completed())
    seen: list[HttpExchange] = []
    acp = connector(httpx.ASGITransport(app=merchant), signing_secret=SECRET, observer=seen.append)

    await acp.complete_session("cs_1", PAYMENT)

    (exchange,) = seen
    assert exchange.request_headers["API-Version"] == "2026-04-17"
    recorded = json.dumps(redact(exchange.__dict__))
    token = PAYMENT["payment_data"]["instrument"]["credential"]["token"]  # type: ignore[index]
    assert token in json.dumps(exchange.request_body)  # what the merchant needed …
    for secret in (API_KEY, SECRET, token):  # … is masked as the recorder stores it
        assert secret not in recorded
    assert repr(AcpAuth(API_KEY, SECRET)).count(API_KEY) == 0


def test_an_acp_merchant_in_the_config_gets_a_client_with_its_key(tmp_path: Path) -> None:
    path = tmp_path / "connectors.yaml"
    path.write_text(
        "vendors:\n"
        "  notebooks: {kind: acp, base_url: 'http://127.0.0.1:9', api_key: k-123456,"
        " signing_secret: s-123456}\n",
        encoding="utf-8",
    )
    client = ConnectorsConfig.load(path).client("notebooks")
    assert isinstance(client.auth, AcpAuth)


def test_a_signing_secret_is_for_acp_merchants_only(tmp_path: Path) -> None:
    path = tmp_path / "connectors.yaml"
    path.write_text(
        "vendors:\n  shop: {base_url: 'http://127.0.0.1:9', signing_secret: s-123456}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigFileError, match="signing_secret is for kind: acp"):
        ConnectorsConfig.load(path)
