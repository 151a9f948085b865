"""The in-process transport behaves like a socket to a server: crashes are 500s, a cut answer is
a protocol error, a slow one a read timeout; bodies, queries and headers arrive as sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from sandbox.asgi import Message, Receive, Scope, Send, read_body, send_json
from sandbox.transport import SandboxTransport


def client(app: object, **kwargs: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=SandboxTransport(app),  # type: ignore[arg-type]
        base_url="http://v.sandbox",
        **kwargs,
    )  # type: ignore[arg-type]


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    body = await read_body(receive)
    headers = {k.decode(): v.decode() for k, v in scope["headers"]}
    await send_json(
        send,
        201,
        {
            "method": scope["method"],
            "path": scope["path"],
            "raw_path": scope["raw_path"].decode(),
            "query": scope["query_string"].decode(),
            "body": body.decode(),
            "x": headers.get("x-thing"),
            "disconnect": (await receive())["type"] == "http.disconnect"
            if scope["method"] == "PUT"
            else None,
        },
        {"X-Echo": "yes"},
    )


async def test_requests_arrive_as_sent_and_answers_come_back_whole() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"he"
        yield b"llo"

    async with client(echo) as http:
        answer = await http.post("/a%2Fb/c?q=1&r=%23", content=b"hello", headers={"X-Thing": "t"})
        assert answer.status_code == 201 and answer.headers["x-echo"] == "yes"
        assert answer.json() == {
            "method": "POST",
            "path": "/a/b/c",
            "raw_path": "/a%2Fb/c",
            "query": "q=1&r=%23",
            "body": "hello",
            "x": "t",
            "disconnect": None,
        }
        streamed = await http.post("/s", content=chunks())
        assert streamed.json()["body"] == "hello"
        head = await http.head("/h")
        assert head.status_code == 201 and head.content == b""


async def test_after_the_answer_the_app_sees_the_client_hang_up() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await read_body(receive)
        await send_json(send, 200, {})
        seen.append((await receive())["type"])

    async with client(app) as http:
        assert (await http.put("/x", content=b"{}")).status_code == 200
    assert seen == ["http.disconnect"]


async def test_a_crash_before_answering_is_a_500() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("bug")

    async with client(app) as http:
        answer = await http.get("/x")
    assert (answer.status_code, answer.text) == (500, "Internal Server Error")


async def test_a_crash_after_a_complete_answer_keeps_the_answer() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send_json(send, 500, {"error": "logged"})
        raise RuntimeError("re-raised for the server's log")

    async with client(app) as http:
        answer = await http.get("/x")
    assert answer.status_code == 500 and answer.json() == {"error": "logged"}


@pytest.mark.parametrize("crash", [True, False])
async def test_an_answer_cut_short_is_a_protocol_error(crash: bool) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{", "more_body": True})
        if crash:
            raise RuntimeError("bug mid-answer")

    async with client(app) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get("/x")


async def test_a_slow_answer_is_a_read_timeout() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(5)

    async with client(app, timeout=httpx.Timeout(5.0, read=0.05)) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.get("/x")


async def test_the_last_body_message_ends_the_answer() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        parts: list[Message] = [
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain")],
            },
            {"type": "http.response.body", "body": b"a", "more_body": True},
            {"type": "http.response.body", "body": b"b"},
        ]
        for message in parts:
            await send(message)

    async with client(app) as http:
        assert (await http.get("/x")).text == "ab"
