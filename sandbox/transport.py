"""The in-process transport: an ASGI call per request, plus what a socket would do for free.

Over a socket a client gives up after its read timeout and sees a dropped connection as an
error; a vendor crash is a 500. `SandboxTransport` gives in-process calls the same behaviour,
so a fault plan means the same thing in both modes. It does what `httpx.ASGITransport` does
(the same scope, body and disconnect messages), for asyncio only, in one coroutine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from sandbox.asgi import ASGIApp, ConnectionDropped, Message, send_text

CLIENT = ("127.0.0.1", 123)
ASGI = {"version": "3.0"}


class SandboxTransport(httpx.AsyncBaseTransport):
    """Calls the app in process, honours the request's read timeout, maps dropped connections."""

    #: nothing leaves the process (netpolicy)
    in_process = True

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout") or {}
        try:
            async with asyncio.timeout(timeouts.get("read")):
                return await self._call(request)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the vendor did not answer in time", request=request) from exc
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(
                "the vendor closed the connection without a complete response", request=request
            ) from exc

    async def _call(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": ASGI,
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?")[0],
            "query_string": url.query,
            "server": (url.host, url.port),
            "client": CLIENT,
            "root_path": "",
        }
        assert isinstance(request.stream, httpx.AsyncByteStream)
        chunks = request.stream.__aiter__()
        request_complete = False
        status: int | None = None
        headers: list[tuple[bytes, bytes]] = []
        body: list[bytes] = []
        complete = asyncio.Event()
        keep_body = request.method != "HEAD"

        async def receive() -> Message:
            nonlocal request_complete
            if request_complete:
                await complete.wait()
                return {"type": "http.disconnect"}
            try:
                chunk = await chunks.__anext__()
            except StopAsyncIteration:
                request_complete = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                assert status is None
                status, headers = message["status"], message.get("headers", [])
            elif message["type"] == "http.response.body":
                assert not complete.is_set()
                part = message.get("body", b"")
                if part and keep_body:
                    body.append(part)
                if not message.get("more_body", False):
                    complete.set()

        try:
            await self.app(scope, receive, send)
        except ConnectionDropped:
            raise
        except Exception:
            # a crash stays inside the vendor: a 500 if it had not answered (as uvicorn);
            # Starlette re-raises after sending its 500, so servers can log it
            if not complete.is_set():
                if status is not None:
                    raise ConnectionDropped() from None
                await send_text(send, 500, "Internal Server Error")
        if not complete.is_set():
            raise ConnectionDropped()
        assert status is not None
        # the body the app sent, as one chunk in memory (which a client may take as it is)
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(b"".join(body)))
