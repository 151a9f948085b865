"""Serves HTTP from a cassette: sealed (everything must match) or counterfactual (writes blocked).

One `CassettePlayer` holds the index and the report (misses, blocked writes, forwarded calls);
`player.transport(vendor)` gives each client its transport. Nothing here opens a socket: a
request is answered from the recording, forwarded to a fresh sandbox when asked, or refused
with an `httpx.TransportError` that the connectors turn into a vendor error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import httpx

from agentcli.replay.bodies import is_form
from agentcli.replay.matcher import CassetteIndex, Miss, RequestShape
from agentcli.trace import events as ev
from agentcli.trace.events import TraceEvent

TOKEN_PATHS = frozenset({"/oauth/token"})
"""Credential exchanges: served as often as asked, and never counted as unplayed."""


class UnrecordedRequest(httpx.TransportError):
    """No recorded interaction answers this request (the message names the nearest one)."""


class WriteBlocked(httpx.TransportError):
    """A counterfactual replay refused to send a write anywhere."""


class Forwarder(Protocol):
    """Sends a request somewhere real (a fresh sandbox) and answers with a masked response."""

    async def send(self, vendor: str, request: httpx.Request, content: bytes) -> httpx.Response: ...

    async def aclose(self) -> None: ...


class CassettePlayer:
    """Answers requests from one cassette and keeps the report of what could not be answered."""

    def __init__(
        self,
        index: CassetteIndex,
        *,
        counterfactual: bool = False,
        forwarder: Forwarder | None = None,
        forward_writes: bool = False,
        forward_misses: bool = False,
    ) -> None:
        self.index = index
        self.counterfactual = counterfactual
        self.forwarder = forwarder
        self.forward_writes = forward_writes
        self.forward_misses = forward_misses
        self.misses: list[Miss] = []
        self.blocked: list[str] = []
        self.forwarded: list[str] = []

    def transport(self, vendor: str) -> ReplayTransport:
        return ReplayTransport(self, vendor)

    def unplayed(self, skip_origins: Iterable[str] = ()) -> list[int]:
        """Recorded interactions never asked for (credential exchanges and `skip_origins` aside)."""
        skipped = set(skip_origins)
        return [
            i
            for i in self.index.unplayed()
            if self.index.shapes[i].path not in TOKEN_PATHS
            and self.index.shapes[i].origin not in skipped
        ]

    def consume(self, calls: Iterable[TraceEvent]) -> None:
        """Take these recorded calls (the parent's, for a write shown from the recording) off
        the recording, so the reads after them are answered as the parent's were."""
        for event in calls:
            p = event.typed()
            if not isinstance(p, ev.HttpExchange):
                continue
            body = p.request_body
            form = isinstance(body, str) and is_form(
                {k.lower(): [v] for k, v in (p.request_headers or {}).items()}
            )
            is_json = body is not None and not isinstance(body, str)
            self.index.take(self.index.shape(p.method, p.url, body, is_json, form=form))

    async def respond(self, vendor: str, request: httpx.Request) -> httpx.Response:
        content = await request.aread()
        shape = self.index.wire_shape(
            request.method, str(request.url), content, form=is_form(request.headers)
        )
        token = shape.path in TOKEN_PATHS
        if self.counterfactual and not shape.is_read and not token and self.forward_writes:
            return await self._forward(vendor, request, content, shape)
        found = self.index.take(shape, repeat=self.counterfactual or token)
        if found is not None:
            return _recorded_response(self.index, found, request)
        if self.counterfactual and not shape.is_read:
            self.blocked.append(shape.describe())
            raise WriteBlocked(
                f"counterfactual replay: {shape.describe()} was not sent (writes are blocked)",
                request=request,
            )
        miss = self.index.explain(shape)
        if self.counterfactual and self.forward_misses:
            return await self._forward(vendor, request, content, shape)
        self.misses.append(miss)
        nearest = f"; nearest recorded: {miss.nearest} ({miss.detail})" if miss.nearest else ""
        raise UnrecordedRequest(f"{miss.request} is not in the recording{nearest}", request=request)

    async def _forward(
        self, vendor: str, request: httpx.Request, content: bytes, shape: RequestShape
    ) -> httpx.Response:
        assert self.forwarder is not None
        self.forwarded.append(shape.describe())
        return await self.forwarder.send(vendor, request, content)

    async def aclose(self) -> None:
        if self.forwarder is not None:
            await self.forwarder.aclose()


class ReplayTransport(httpx.AsyncBaseTransport):
    """One client's view of a `CassettePlayer`."""

    #: answered from the cassette; a forwarder that sends on checks the run's network policy
    in_process = True

    def __init__(self, player: CassettePlayer, vendor: str) -> None:
        self.player = player
        self.vendor = vendor

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.player.respond(self.vendor, request)


def _recorded_response(index: CassetteIndex, i: int, request: httpx.Request) -> httpx.Response:
    recorded = index.interactions[i].response
    if recorded.error is not None:
        name, _, message = recorded.error.partition(": ")
        error: Any = getattr(httpx, name, None)
        if not (isinstance(error, type) and issubclass(error, httpx.TransportError)):
            error = httpx.TransportError
        raise error(message or recorded.error, request=request)
    headers = [(k, v) for k, values in recorded.headers.items() for v in values]
    return httpx.Response(
        recorded.status,
        headers=headers,
        stream=httpx.ByteStream(recorded.content()),
        request=request,
    )
