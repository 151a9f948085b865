"""POST /chat/completions over httpx, with backoff on 429 (Retry-After), 5xx and timeouts.

A model call has no side effect beyond its cost, so retrying it is always safe. What went out
is kept for the trace with the Authorization header redacted; the key never leaves this module.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from agentcli.planners.base import PlannerUnavailable
from agentcli.planners.openai.presets import Endpoint
from agentcli.planners.openai.spoken import SpokenText, TextObserver
from agentcli.planners.openai.stream import assemble, is_event_stream
from agentcli.trace.redact import SECRETS, mask_cards
from netpolicy import OPEN, Destination, NetworkPolicy, in_process

Sleep = Callable[[float], Awaitable[None]]
RETRY_STATUSES = {408, 409, 429, 500, 502, 503, 504}
#: how servers word a request longer than the model's context (llama.cpp, vLLM, OpenAI, TGI, …)
TOO_LONG = re.compile(
    r"context (length|window|size)|maximum context|n_ctx|too many tokens|too long|"
    r"input length|exceeds? the (model|max)|prompt is too|requested tokens",
    re.IGNORECASE,
)
#: how servers say a model answers only with `stream: true`
STREAM_ONLY = re.compile(
    r"only supports? stream|stream(ing)? (mode )?(is )?required|enable the stream|"
    r"stream must be (set to )?true|requires? stream",
    re.IGNORECASE,
)
#: characters per token of a request body (SmolLM2 served by llama.cpp counted 3.28), a little
#: under, so estimates err high
CHARS_PER_TOKEN = 3.2


def approx_tokens(text: str) -> int:
    """A rough token count for `text`, for messages and budgets where no tokenizer is at hand."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


class ModelRequestRejected(PlannerUnavailable):
    """The endpoint refused the request itself (bad key, unknown model, malformed request)."""


@dataclass(frozen=True)
class RetrySettings:
    """How many tries and how long to wait between them."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 20.0
    #: a Retry-After longer than this is not waited for: the call fails instead
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        return min(self.base_delay * (2 ** (attempt - 1)), self.max_delay)


@dataclass
class Completion:
    """A 2xx answer: its body (parsed JSON, or text) and what each try looked like."""

    status: int
    body: Any
    latency_ms: float
    attempts: list[dict[str, Any]] = field(default_factory=list)


def retry_after_seconds(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    if "retry-after-ms" in headers:
        try:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _error_message(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"][:300]
        if isinstance(body.get("message"), str):
            return str(body["message"])[:300]
    return str(body)[:300] if body else ""


def without_cards(value: Any) -> Any:
    """`value` (a request body) with every card number in its strings masked: a card the
    customer types is not the model's to see."""
    if isinstance(value, str):
        return mask_cards(value)
    if isinstance(value, dict):
        return {k: without_cards(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_cards(v) for v in value]
    return value


def _parse(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return content.decode("utf-8", errors="replace")[:20000]


class ChatClient:
    """One endpoint's Chat Completions; owns its httpx client (closed by `aclose`)."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 60.0,
        retry: RetrySettings | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.endpoint = endpoint
        SECRETS.add(endpoint.api_key)  # masked wherever it shows, an endpoint's echo included
        self.retry = retry or RetrySettings()
        self.sleep = sleep
        self._timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        #: set once the endpoint said it answers only streamed requests
        self.streams = bool(endpoint.params.get("stream"))
        #: set once the endpoint refused a streamed request: whole answers from then on
        self.refuses_stream = False

    def headers(self, *, redacted: bool) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.endpoint.api_key:
            headers["Authorization"] = (
                "Bearer [REDACTED]" if redacted else f"Bearer {self.endpoint.api_key}"
            )
        return headers

    def request_record(self, body: dict[str, Any]) -> dict[str, Any]:
        """The request as the trace keeps it: method, URL, headers (key redacted), body."""
        return {
            "method": "POST",
            "url": self.endpoint.url,
            "headers": self.headers(redacted=True),
            "body": without_cards(body),
        }

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport, timeout=self._timeout, trust_env=self._transport is None
            )
        return self._client

    async def complete(
        self,
        body: dict[str, Any],
        *,
        network: NetworkPolicy = OPEN,
        on_text: TextObserver | None = None,
    ) -> Completion:
        """Send `body` (card numbers masked); retry what is worth retrying; raise
        PlannerUnavailable otherwise. With `on_text`, ask for a streamed answer and tell it
        the customer-facing text as it arrives; the Completion is the assembled whole.

        Raises NetworkBlocked, sending nothing, when `network` forbids the endpoint.
        """
        if not network.permits("model") and not in_process(self._transport):
            network.check(Destination("model", self.endpoint.model, self.endpoint.url))
        body = without_cards(body)
        if self.streams or (on_text is not None and not self.refuses_stream):
            body = {**body, "stream": True}
        attempts: list[dict[str, Any]] = []
        last = ""
        for attempt in range(1, self.retry.attempts + 1):
            started = time.perf_counter()
            try:
                response, content = await self._send(body, on_text)
            except httpx.TimeoutException:
                last = f"no answer within {self._timeout:g} s"
                wait: float | None = self.retry.backoff(attempt)
                attempts.append({"attempt": attempt, "error": "timeout", "wait_s": wait})
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # it took the request and hung up: the server most likely died on it, and
                # sending it again would only repeat that (or meet a closed port)
                attempts.append({"attempt": attempt, "error": type(exc).__name__, "wait_s": None})
                raise PlannerUnavailable(
                    f"the model server at {self.endpoint.base_url} closed the connection "
                    f"mid-request ({type(exc).__name__}): it may have crashed on this request; "
                    "check its log",
                    {"attempts": attempts},
                ) from exc
            except httpx.TransportError as exc:
                last = f"cannot reach {self.endpoint.base_url} ({type(exc).__name__})"
                # refused or unresolvable: nothing listens there, and waiting will not change it
                wait = None if isinstance(exc, httpx.ConnectError) else self.retry.backoff(attempt)
                attempts.append({"attempt": attempt, "error": type(exc).__name__, "wait_s": wait})
                if wait is None:
                    break
            else:
                latency = round((time.perf_counter() - started) * 1000, 3)
                if is_event_stream(response.headers.get("content-type", ""), content):
                    payload: Any = assemble(content.decode("utf-8", errors="replace"))
                else:
                    payload = _parse(content)
                record: dict[str, Any] = {
                    "attempt": attempt,
                    "status": response.status_code,
                    "latency_ms": latency,
                }
                attempts.append(record)
                if response.is_success:
                    return Completion(response.status_code, payload, latency, attempts)
                message = _error_message(payload)
                if self._wants_stream(response.status_code, message, body):
                    self.streams, body = True, {**body, "stream": True}
                    record["wait_s"] = 0
                    continue
                if self._refuses_stream(response.status_code, message, body):
                    self.refuses_stream = True
                    body = {k: v for k, v in body.items() if k != "stream"}
                    record["wait_s"] = 0
                    continue
                if response.status_code in (400, 413) and TOO_LONG.search(message):
                    raise ModelRequestRejected(
                        self._too_long(response.status_code, message, body),
                        {"attempts": attempts, "body": payload},
                    )
                if response.status_code not in RETRY_STATUSES:
                    raise ModelRequestRejected(
                        self._rejected(response.status_code, message),
                        {"attempts": attempts, "body": payload},
                    )
                last = f"HTTP {response.status_code}" + (f": {message}" if message else "")
                wait = self._wait(response, attempt)
                record["wait_s"] = wait
                if wait is None:
                    break
            if attempt < self.retry.attempts and wait is not None:
                await self.sleep(wait)
        raise PlannerUnavailable(
            f"the model endpoint did not answer usefully after {len(attempts)} tries ({last})",
            {"attempts": attempts},
        )

    async def _send(
        self, body: dict[str, Any], on_text: TextObserver | None
    ) -> tuple[httpx.Response, bytes]:
        """POST `body`; the response and its whole content, an event stream's lines told to
        `on_text` as they arrive."""
        http = self._http()
        async with http.stream(
            "POST", self.endpoint.url, json=body, headers=self.headers(redacted=False)
        ) as response:
            streamed = "text/event-stream" in response.headers.get("content-type", "")
            if on_text is None or not response.is_success or not streamed:
                return response, await response.aread()
            spoken = SpokenText(on_text)
            lines = []
            async for line in response.aiter_lines():
                lines.append(line)
                spoken.line(line)
            return response, "\n".join(lines).encode()

    def _refuses_stream(self, status: int, message: str, body: dict[str, Any]) -> bool:
        """The endpoint refused a request streamed by choice (not because it only streams)."""
        return (
            status in (400, 422, 501)
            and bool(body.get("stream"))
            and not self.streams
            and "stream" in message.lower()
        )

    def _wants_stream(self, status: int, message: str, body: dict[str, Any]) -> bool:
        """The endpoint refused a plain request because the model only streams."""
        return status == 400 and not body.get("stream") and bool(STREAM_ONLY.search(message))

    def _too_long(self, status: int, message: str, body: dict[str, Any]) -> str:
        text = json.dumps(body, ensure_ascii=False)
        tools = len(body.get("tools") or [])
        return (
            f"the model endpoint rejected the request as too long for the model's context "
            f"(HTTP {status}: {message}); the request was {len(text):,} characters, about "
            f"{approx_tokens(text):,} tokens, with {len(body.get('messages') or [])} messages "
            f"and {tools} tools. Use a model or server setting with a longer context (llama.cpp: "
            "--n_ctx 8192), offer fewer tools with --max-tools, or the compact tool definitions "
            "with --tool-schema portable"
        )

    def _wait(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds before the next try; None when the server asks for more than we wait."""
        if response.status_code == 429:
            asked = retry_after_seconds(response.headers)
            if asked is not None:
                return asked if asked <= self.retry.max_retry_after else None
        return self.retry.backoff(attempt)

    def _rejected(self, status: int, message: str) -> str:
        detail = f": {message}" if message else ""
        if status in (401, 403):
            where = self.endpoint.key_env or "AGENTCLI_API_KEY"
            return f"the model endpoint refused the API key (HTTP {status}); check {where}"
        if status == 404:
            return (
                f"the model endpoint does not know model {self.endpoint.model!r} or the "
                f"URL {self.endpoint.url} (HTTP 404){detail}"
            )
        return f"the model endpoint rejected the request (HTTP {status}){detail}"

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
