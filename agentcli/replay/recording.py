"""Records a run's HTTP exchanges at the transport, for any httpx client, into a masked cassette.

`RecordingTransport` wraps the transport a client already has and keeps each exchange in
memory. Masking happens once, when the cassette is built: a first pass learns every personal
value (under a personal key anywhere in the run), a second masks them everywhere, so a user id
first seen in a response is masked in the request paths that use it too.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from agentcli.replay.bodies import is_form, parse_body
from agentcli.replay.cassette import (
    Cassette,
    Headers,
    Interaction,
    RecordedRequest,
    RecordedResponse,
)
from agentcli.replay.masking import SECRET_KEYS, Masker
from netpolicy import in_process

DROP_REQUEST_HEADERS = (
    frozenset(
        {
            "traceparent",
            "tracestate",
            "user-agent",
            "content-length",
            "host",
            "accept-encoding",
            "connection",
            "x-request-id",
            # an ACP request signature and its timestamp: new on every request, and the
            # signature is keyed by a secret
            "signature",
            "timestamp",
            # a UCP request's id: new on every request
            "request-id",
        }
    )
    | SECRET_KEYS
)
DROP_RESPONSE_HEADERS = (
    frozenset(
        {
            "date",
            "content-length",
            "server",
            "traceparent",
            "x-request-id",
            "connection",
            "transfer-encoding",
            "content-encoding",
            "keep-alive",
            "x-ratelimit-reset",
        }
    )
    | SECRET_KEYS
)
"""Volatile or secret headers never written to a cassette (bodies are stored decoded)."""


def kept_headers(headers: httpx.Headers, drop: frozenset[str]) -> Headers:
    out: Headers = {}
    for name, value in headers.multi_items():
        lowered = name.lower()
        if lowered not in drop:
            out.setdefault(lowered, []).append(value)
    return out


@dataclass
class RawExchange:
    """One exchange as it happened, unmasked; lives in memory until the cassette is built."""

    source: str
    model: bool
    method: str
    url: str
    request_headers: Headers
    request_body: bytes
    status: int = 0
    reason: str = ""
    response_headers: Headers = field(default_factory=dict)
    response_body: bytes = b""
    error: str | None = None


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes every request to `inner` and keeps a copy of the exchange for the cassette."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        sink: CassetteRecorder,
        source: str,
        *,
        model: bool = False,
    ) -> None:
        self.inner = inner
        self.sink = sink
        self.source = source
        self.model = model

    @property
    def in_process(self) -> bool:
        return in_process(self.inner)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        raw = RawExchange(
            self.source,
            self.model,
            request.method,
            str(request.url),
            kept_headers(request.headers, DROP_REQUEST_HEADERS),
            body,
        )
        try:
            response = await self.inner.handle_async_request(request)
            if self.model and is_streamed(request, response):
                return self._teed(raw, response)
            try:
                wire = (
                    response.content
                    if response.is_stream_consumed
                    else b"".join([chunk async for chunk in response.aiter_raw()])
                )
            finally:
                await response.aclose()
        except httpx.HTTPError as exc:
            raw.error = f"{type(exc).__name__}: {exc}"
            self.sink.add(raw)
            raise
        replayed = httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(wire),
            extensions=response.extensions,
        )
        decoded = httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(wire)
        )
        raw.status = response.status_code
        raw.reason = response.reason_phrase
        raw.response_headers = kept_headers(response.headers, DROP_RESPONSE_HEADERS)
        raw.response_body = await decoded.aread()
        self.sink.add(raw)
        return replayed

    def _teed(self, raw: RawExchange, response: httpx.Response) -> httpx.Response:
        """`response` passed on as it arrives (a model's streamed answer), recorded once whole
        as the answer it adds up to, so the cassette is the same as for a whole answer."""

        async def done(wire: bytes) -> None:
            decoded = httpx.Response(
                response.status_code, headers=response.headers, stream=httpx.ByteStream(wire)
            )
            text = (await decoded.aread()).decode("utf-8", errors="replace")
            raw.request_body = json.dumps(
                {k: v for k, v in json.loads(raw.request_body).items() if k != "stream"}
            ).encode()
            raw.status = response.status_code
            raw.reason = response.reason_phrase
            headers = kept_headers(response.headers, DROP_RESPONSE_HEADERS)
            headers["content-type"] = ["application/json"]
            raw.response_headers = headers
            from agentcli.planners.openai.stream import assemble  # only a streamed answer

            raw.response_body = json.dumps(assemble(text)).encode()
            self.sink.add(raw)

        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Tee(response, done),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


def is_streamed(request: httpx.Request, response: httpx.Response) -> bool:
    """A successful event-stream answer to a request that asked for one."""
    try:
        asked = json.loads(request.content).get("stream") is True
    except (ValueError, AttributeError):
        return False
    kind = response.headers.get("content-type", "")
    return asked and response.is_success and "text/event-stream" in kind


class _Tee(httpx.AsyncByteStream):
    """The bytes of `response` as they arrive; `done` gets them all once the last came."""

    def __init__(self, response: httpx.Response, done: Callable[[bytes], Awaitable[None]]) -> None:
        self.response = response
        self.done = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        parts = []
        async for chunk in self.response.aiter_raw():
            parts.append(chunk)
            yield chunk
        await self.done(b"".join(parts))

    async def aclose(self) -> None:
        await self.response.aclose()


class CassetteRecorder:
    """Collects raw exchanges from any number of transports; builds one masked cassette."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.exchanges: list[RawExchange] = []

    def add(self, raw: RawExchange) -> None:
        self.exchanges.append(raw)

    def wrap(
        self, source: str, inner: httpx.AsyncBaseTransport, *, model: bool = False
    ) -> RecordingTransport:
        """A transport that records through this recorder; `model` marks a model endpoint."""
        return RecordingTransport(inner, self, source, model=model)

    def model_origins(self) -> list[str]:
        """scheme://host of the model endpoints (their calls are not replayed when sealed)."""
        found = {
            f"{urlsplit(r.url).scheme}://{urlsplit(r.url).netloc}"
            for r in self.exchanges
            if r.model
        }
        return sorted(found)

    def build(self, metadata: dict[str, Any] | None = None) -> Cassette:
        masker = Masker(self.key)
        parsed = [_Parsed.of(raw) for raw in self.exchanges]
        for item in parsed:
            item.teach(masker)
        masker.use_values(masker.learned)
        interactions = [item.masked(masker) for item in parsed]
        return Cassette(interactions, dict(metadata or {}))


@dataclass
class _Parsed:
    raw: RawExchange
    query: list[tuple[str, str]]
    request_body: Any
    request_json: bool
    response_body: Any
    response_json: bool

    @classmethod
    def of(cls, raw: RawExchange) -> _Parsed:
        query = parse_qsl(urlsplit(raw.url).query, keep_blank_values=True)
        request_body, request_json = parse_body(raw.request_body)
        response_body, response_json = parse_body(raw.response_body)
        return cls(raw, query, request_body, request_json, response_body, response_json)

    def teach(self, masker: Masker) -> None:
        for key, value in self.query:
            masker.learn_from({key: value})
        if is_form(self.raw.request_headers) and isinstance(self.request_body, str):
            for key, value in parse_qsl(self.request_body, keep_blank_values=True):
                masker.learn_from({key: value})
        if self.request_json:
            masker.learn_from(self.request_body)
        if self.response_json:
            masker.learn_from(self.response_body)

    def masked(self, masker: Masker) -> Interaction:
        raw = self.raw
        request_body = _mask_body(
            masker, self.request_body, self.request_json, is_form(raw.request_headers)
        )
        response_body = _mask_body(masker, self.response_body, self.response_json, False)
        request = RecordedRequest(
            raw.method.upper(),
            mask_url(masker, raw.url),
            _mask_headers(masker, raw.request_headers),
            request_body,
            self.request_json,
        )
        response = RecordedResponse(
            raw.status,
            raw.reason,
            _mask_headers(masker, raw.response_headers),
            response_body,
            self.response_json,
            raw.error,
        )
        return Interaction(request, response)


def _mask_headers(masker: Masker, headers: Headers) -> Headers:
    """Header values masked like any text: a vendor may echo a key or an email in one."""
    return {name: [masker.mask_text(v) for v in values] for name, values in headers.items()}


def _mask_body(masker: Masker, body: Any, is_json: bool, form: bool) -> Any:
    if body is None:
        return None
    if is_json:
        return masker.mask_json(body)
    return masker.mask_form(body) if form else masker.mask_text(body)


def mask_url(masker: Masker, url: str) -> str:
    """The URL with path segments and query values masked (keys and shape)."""
    return masker.mask_url(url)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
