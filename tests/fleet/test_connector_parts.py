"""The connector's parts on their own: token bucket, token auth, Bearer check, config files."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from connectors.auth import ClientCredentials, TokenAuth
from connectors.base import Connector, RetryPolicy
from connectors.config import ConnectorsConfig
from connectors.errors import ErrorCode, VendorError
from connectors.harness import client_credentials, served_config
from connectors.ratelimit import TokenBucket
from connectors.yamlfile import ConfigFileError
from sandbox.auth import BearerAuth
from sandbox.serve import SandboxServer
from sandbox.world import SandboxWorld
from tests.fleet.test_fault_plans import ok_app

CREDENTIALS = ClientCredentials("agentcli-shop", "s3cret")


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


async def test_token_bucket_allows_bursts_then_spaces_calls() -> None:
    time = FakeTime()
    bucket = TokenBucket(rate=10, burst=2, clock=time.clock, sleep=time.sleep)
    for _ in range(4):
        await bucket.acquire()
    assert time.slept == [0.1, 0.1]


async def test_token_bucket_hold_pauses_even_without_a_rate() -> None:
    time = FakeTime()
    bucket = TokenBucket(clock=time.clock, sleep=time.sleep)
    await bucket.acquire()
    bucket.hold(1.5)
    await bucket.acquire()
    assert time.slept == [1.5] and bucket.waited == 1.5


def test_token_bucket_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=0)
    with pytest.raises(ValueError):
        TokenBucket(burst=0)


class Vendor(Connector):
    vendor = "shop"


def connector_over(handler: httpx.MockTransport) -> Vendor:
    client = httpx.AsyncClient(
        transport=handler, base_url="http://shop.test", auth=TokenAuth(CREDENTIALS)
    )
    return Vendor(client, retry=RetryPolicy(attempts=1))


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (401, {"error": "invalid_client"}, ErrorCode.UNAUTHORIZED),
        (503, None, ErrorCode.UNAVAILABLE),
        (200, {"access_token": "t"}, ErrorCode.PROTOCOL),
        (200, {"access_token": "", "expires_in": 60}, ErrorCode.PROTOCOL),
        (200, "<html>", ErrorCode.PROTOCOL),
    ],
)
async def test_a_bad_token_answer_becomes_a_canonical_error(
    status: int, body: object, code: ErrorCode
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/oauth/token"
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    with pytest.raises(VendorError) as caught:
        await connector_over(httpx.MockTransport(handler)).request("GET", "/users/u")
    assert caught.value.code is code


async def bearer_status(app: BearerAuth, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://v"
    ) as client:
        return (await client.get("/x", headers=headers)).status_code


def tampered(token: str) -> str:
    """The token with its signature's last hex digit changed: always a different signature."""
    last = token[-1]
    return token[:-1] + ("1" if last == "0" else "0")


def test_a_tampered_token_always_differs() -> None:
    assert [tampered("a.b" + digit)[-1] for digit in "0f19"] == ["1", "0", "0", "0"]


async def test_the_vendor_accepts_its_tokens_until_they_expire() -> None:
    time = FakeTime()
    app = BearerAuth(ok_app, CREDENTIALS, ttl=60, clock=time.clock)
    token = app.issue(CREDENTIALS.client_id)
    assert await bearer_status(app, token) == 200
    assert await bearer_status(app, None) == 401
    assert await bearer_status(app, tampered(token)) == 401
    assert await bearer_status(app, BearerAuth(ok_app, CREDENTIALS).issue("x")) == 401
    time.now += 61
    assert await bearer_status(app, token) == 401


async def test_the_token_endpoint_follows_rfc_6749() -> None:
    app = BearerAuth(ok_app, CREDENTIALS, ttl=60)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://v"
    ) as client:
        form = {
            "grant_type": "client_credentials",
            "client_id": "agentcli-shop",
            "client_secret": "s3cret",
        }
        granted = await client.post("/oauth/token", data=form)
        assert granted.json()["token_type"] == "Bearer" and granted.json()["expires_in"] == 60
        wrong = await client.post("/oauth/token", data={**form, "client_secret": "x"})
        assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid_client"})
        grant = await client.post("/oauth/token", data={**form, "grant_type": "password"})
        assert grant.json() == {"error": "unsupported_grant_type"}
        basic = await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=("agentcli-shop", "s3cret"),
        )
        assert basic.status_code == 200


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("vendors:\n  shop:\n    base_url: ftp://x\n", 3, "give an http:// or https:// URL"),
        (
            "vendors:\n  shop:\n    base_url: http://h\n    client_id: a\n",
            2,
            "client_id and client_secret together",
        ),
        ("timeout: -1\nvendors:\n  shop: {base_url: http://h}\n", 1, "timeout"),
        ("vendors: {}\n", 1, "vendors"),
    ],
)
def test_a_bad_connectors_config_names_the_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = tmp_path / "connectors.yaml"
    path.write_text(text)
    with pytest.raises(ConfigFileError) as caught:
        ConnectorsConfig.load(path)
    assert caught.value.line == line and reason in caught.value.reason


def test_a_connectors_config_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    config = ConnectorsConfig.model_validate({"vendors": {"shop": {"base_url": "http://h"}}})
    with pytest.raises(ConfigFileError, match="cannot write the connectors config"):
        config.write(tmp_path)  # a directory


def test_serve_binds_consecutive_ports_and_writes_a_loadable_config(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path / "world")
    probe = SandboxServer(world, port_base=0)
    base = probe.bind()[0].port  # a free port; released again below
    for sock in probe._sockets:
        sock.close()
    server = SandboxServer(world, port_base=base)
    try:
        served = server.bind()
    except ValueError:
        pytest.skip("the probed port was taken meanwhile")
    try:
        assert [(v.name, v.port) for v in served] == [
            (name, base + offset) for offset, name in enumerate(world.names)
        ]
        path = tmp_path / "connectors.yaml"
        served_config(server).write(path, comment="test")
        loaded = ConnectorsConfig.load(path)
        assert loaded.vendors["pay"].base_url == f"http://127.0.0.1:{base + 1}"  # shop, pay, …
        issued = world.credentials()["shop"]
        assert loaded.vendors["shop"].credentials() == client_credentials(issued)
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    finally:
        for sock in server._sockets:
            sock.close()
