"""The in-process transport: httpx's ASGI transport, plus what a socket would do for free.

Over a socket a client gives up after its read timeout and sees a dropped connection as an
error; a vendor crash is a 500. `SandboxTransport` gives in-process calls the same behaviour,
so a fault plan means the same thing in both modes.
"""

from __future__ import annotations

import asyncio

import httpx

from connectors.sandbox.asgi import (
    ASGIApp,
    ConnectionDropped,
    Message,
    Receive,
    Scope,
    Send,
    send_text,
)


class SandboxTransport(httpx.ASGITransport):
    """An ASGI transport that honours the request's read timeout and maps dropped connections."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app=_contained(app))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout") or {}
        limit = timeouts.get("read")
        try:
            async with asyncio.timeout(limit):
                return await super().handle_async_request(request)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the vendor did not answer in time", request=request) from exc
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(
                "the vendor closed the connection without a complete response", request=request
            ) from exc


def _contained(app: ASGIApp) -> ASGIApp:
    """The app, with a crash kept inside the vendor: a 500 if it had not answered (as uvicorn)."""

    async def contained(scope: Scope, receive: Receive, send: Send) -> None:
        started = complete = False

        async def tracking_send(message: Message) -> None:
            nonlocal started, complete
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                complete = True
            await send(message)

        try:
            await app(scope, receive, tracking_send)
        except ConnectionDropped:
            raise
        except Exception:
            if complete:
                return  # Starlette re-raises after sending its 500, so servers can log it
            if started:
                raise ConnectionDropped() from None
            await send_text(send, 500, "Internal Server Error")
            return
        if not complete:
            raise ConnectionDropped()

    return contained
