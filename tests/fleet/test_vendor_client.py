"""Every connector talks through a `VendorClient`, in every mode: a vendor's cookies are never
kept or sent back, and the rest of httpx's client behaves as httpx's does."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from agentcli.orchestrator.services import absent_client
from agentcli.replay.cassette import Cassette
from agentcli.replay.masking import Masker
from agentcli.replay.matcher import CassetteIndex
from agentcli.replay.transport import CassettePlayer
from agentcli.replay.world import CassetteWorld
from connectors import client as client_module
from connectors.client import SyncVendorClient, VendorClient
from connectors.config import ConnectorsConfig
from connectors.harness import KeptClients, sandbox_clients
from sandbox.world import SandboxWorld


def _cookie_echo(seen: list[str | None]) -> httpx.MockTransport:
    """A vendor that sets a cookie on every answer and notes the Cookie header it was sent."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        return httpx.Response(200, headers={"set-cookie": "session=tracked; Path=/"}, json={})

    return httpx.MockTransport(answer)


async def test_a_vendor_cookie_is_never_sent_back() -> None:
    seen: list[str | None] = []
    async with VendorClient(transport=_cookie_echo(seen), base_url="http://shop.test") as client:
        for _ in range(2):
            response = await client.get("/items")
            assert response.headers["set-cookie"].startswith("session=")
        assert not client.cookies
    assert seen == [None, None]


def test_the_blocking_client_keeps_no_vendor_cookie_either() -> None:
    seen: list[str | None] = []
    with SyncVendorClient(transport=_cookie_echo(seen), base_url="http://shop.test") as client:
        client.get("/items")
        client.get("/items")
        client.cookies = httpx.Cookies({"set": "by hand"})
        client.get("/items")
    assert seen == [None, None, "set=by hand"]


async def test_a_stock_client_would_have_sent_it() -> None:
    """The probe above is a real one: httpx's own client keeps the cookie."""
    seen: list[str | None] = []
    async with httpx.AsyncClient(transport=_cookie_echo(seen), base_url="http://x.test") as client:
        await client.get("/items")
        await client.get("/items")
    assert seen == [None, "session=tracked"]


async def test_every_mode_gives_its_connectors_vendor_clients(tmp_path: Path) -> None:
    config = ConnectorsConfig.model_validate(
        {"vendors": {"shop": {"base_url": "http://127.0.0.1:9/"}}}
    )
    world = SandboxWorld(tmp_path / "world")
    kept = KeptClients()
    player = CassettePlayer(CassetteIndex(Cassette(), Masker(b"k" * 32)))
    clients = [
        config.client("shop"),
        *sandbox_clients(world).values(),
        *kept(world).values(),
        *CassetteWorld(player).clients().values(),
        absent_client("trips"),
    ]
    try:
        assert all(isinstance(client, VendorClient) for client in clients)
        assert isinstance(config.sync_client("shop"), SyncVendorClient)
    finally:
        for client in clients:
            await client.aclose()
        await kept.aclose()


@pytest.mark.parametrize("follow", [False, True])
async def test_redirects_and_event_hooks_behave_as_httpx_does(follow: bool) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, json={"path": request.url.path})

    hooked: list[str] = []

    async def hook(response: httpx.Response) -> None:
        hooked.append(response.request.url.path)

    async with VendorClient(
        transport=httpx.MockTransport(answer),
        base_url="http://shop.test",
        follow_redirects=follow,
        event_hooks={"response": [hook]},
    ) as client:
        response = await client.get("/old")
    if follow:
        assert response.json() == {"path": "/new"} and hooked == ["/old", "/new"]
    else:
        assert response.status_code == 301 and response.next_request is not None
        assert hooked == ["/old"]


def _built(client: httpx.AsyncClient, method: str, url: str, **options: object) -> tuple:
    request = client.build_request(method, url, **options)  # type: ignore[arg-type]
    return (
        request.method,
        str(request.url),
        request.headers.raw,
        request.content,
        request.extensions,
        type(request.stream),
    )


CALLS: list[tuple[str, str, dict[str, object]]] = [
    ("POST", "/v1/items/7", {"json": {"b": [1, 2.5, None, "é\n"], "a": {}}}),
    ("post", "v1/items", {"json": [], "headers": {"traceparent": "00-ab-cd-01"}}),
    ("PUT", "/x", {"json": {}, "headers": {"Content-Type": "application/merge+json"}}),
    ("PATCH", "/x", {}),
    ("GET", "/orders/%C3%A9", {"timeout": 3.0}),
    ("GET", "http://elsewhere.test/abs", {"headers": {"Host": "other"}}),
    ("DELETE", "/x", {"extensions": {"trace": "kept"}}),
    ("GET", "/q", {"params": {"a": "1"}}),
    ("POST", "/form", {"data": {"a": "1"}}),
    ("POST", "/raw", {"content": b"{}"}),
]


@pytest.mark.parametrize(("method", "url", "options"), CALLS)
async def test_requests_are_built_as_httpx_builds_them(
    method: str, url: str, options: dict[str, object]
) -> None:
    settings: dict[str, object] = {
        "base_url": "http://shop.test:8080/api",
        "timeout": 7.5,
        "headers": {"Accept": "application/json"},
    }
    async with VendorClient(**settings) as ours, httpx.AsyncClient(**settings) as stock:  # type: ignore[arg-type]
        assert _built(ours, method, url, **options) == _built(stock, method, url, **options)


def test_the_one_pass_builder_is_in_use_on_this_httpx() -> None:
    """Its probe against httpx's own `Request` passed (else every request goes httpx's way)."""
    assert client_module._PREPARED


def _in_memory_vendor(request: httpx.Request) -> httpx.Response:
    """Answers as a cassette does: one in-memory stream, gzip-encoded when asked."""
    body = b'{"item_id": "0000000007", "name": "Notebook \\u00e9"}'
    if request.url.path == "/gzip":
        return httpx.Response(
            200,
            headers=[("content-type", "application/json"), ("content-encoding", "gzip")],
            stream=httpx.ByteStream(gzip.compress(body)),
        )
    return httpx.Response(
        200, headers=[("content-type", "application/json")], stream=httpx.ByteStream(body)
    )


def _read_state(response: httpx.Response) -> tuple:
    return (
        response.content,
        response.json(),
        response.is_closed,
        response.is_stream_consumed,
        response.num_bytes_downloaded,
        response.elapsed >= timedelta(0),
        dict(response.headers),
    )


@pytest.mark.parametrize("path", ["/items/7", "/gzip"])
async def test_an_answer_in_memory_reads_as_httpx_reads_it(path: str) -> None:
    transport = httpx.MockTransport(_in_memory_vendor)
    async with (
        VendorClient(transport=transport) as ours,
        httpx.AsyncClient(transport=transport) as stock,
    ):
        mine = await ours.get(f"http://shop.test{path}")
        theirs = await stock.get(f"http://shop.test{path}")
    assert _read_state(mine) == _read_state(theirs)
    assert mine.json()["name"] == "Notebook é"


async def test_a_streamed_answer_is_left_for_the_caller_to_read() -> None:
    client = VendorClient(transport=httpx.MockTransport(_in_memory_vendor))
    async with client, client.stream("GET", "http://shop.test/items/7") as response:
        assert not response.is_stream_consumed
        assert (await response.aread()).startswith(b'{"item_id"')


def test_answers_in_memory_are_taken_as_they_are_on_this_httpx() -> None:
    """Its check against httpx's own reading passed (else every answer is read httpx's way)."""
    assert client_module._TAKES
