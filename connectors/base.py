"""The one base every vendor connector shares: an httpx client, error mapping, safe retries.

A connector never decides *whether* to act (that is the policy's job); it only makes the call
well: it waits for its rate limiter (a token bucket that also obeys a vendor's `Retry-After`),
sends the idempotency key and a W3C `traceparent`, retries only what is safe to retry, and
turns whatever the vendor answered, however malformed, into data or a canonical `VendorError`.
Credentials ride on the httpx client (`connectors.auth.TokenAuth`: a Bearer token fetched
with client credentials, refreshed before it expires and after a 401). A call that would leave
the process asks the run's network policy first (`netpolicy`).
"""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from connectors.auth import TokenError
from connectors.errors import ErrorCode, VendorError
from connectors.ratelimit import TokenBucket
from netpolicy import OPEN, Destination, NetworkBlocked, NetworkPolicy, leaves_process

RETRYABLE = {ErrorCode.UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.RATE_LIMITED}
MAX_TEXT = 4000
"""A non-JSON body is kept up to this many characters (for the trace and the error)."""


@dataclass
class HttpExchange:
    """One request/response pair as the trace records it (bodies parsed when they are JSON)."""

    vendor: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: Any
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: Any = None
    duration_ms: float = 0.0
    error: str | None = None
    attempt: int = 1


ExchangeObserver = Callable[[HttpExchange], None]


@dataclass
class RetryPolicy:
    """How often and how patiently a safe call is tried again."""

    attempts: int = 3
    base_delay: float = 0.05
    max_delay: float = 2.0
    #: a Retry-After longer than this is not waited for: the call fails RATE_LIMITED at once
    max_retry_after: float = 30.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return min(self.base_delay * (2 ** (attempt - 1)), self.max_delay)


def new_traceparent(trace_id: str | None = None) -> str:
    """A W3C traceparent header value: version-traceid-spanid-flags."""
    return f"00-{trace_id or secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


@functools.lru_cache(maxsize=4096)
def _target(base_url: httpx.URL, path: str) -> tuple[httpx.URL, str]:
    """The URL a client with this base sends `path` to (merged as httpx merges it), and the
    URL the trace names (`base_url.join(path)`); parsing both costs more than a sandbox call
    to a vendor's handler, and connectors ask for the same few paths again and again."""
    url = httpx.URL(path)
    if url.is_relative_url:
        url = base_url.copy_with(raw_path=base_url.raw_path + url.raw_path.lstrip(b"/"))
    return url, str(base_url.join(path))


def _parse_body(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        text = content.decode("utf-8", errors="replace")
        return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…[truncated]"


class Connector:
    """Base class: subclasses name their vendor and map their vendor's error dialect."""

    vendor: str = "vendor"
    """The vendor's name in errors and the trace (a protocol merchant's is its configured one)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        observer: ExchangeObserver | None = None,
        retry: RetryPolicy | None = None,
        trace_id: Callable[[], str | None] | None = None,
        limiter: TokenBucket | None = None,
        network: NetworkPolicy = OPEN,
    ) -> None:
        self.client = client
        self.observer = observer
        self.retry = retry or RetryPolicy()
        self._trace_id = trace_id
        self.limiter = limiter or TokenBucket()
        #: what this run may reach over the network (an in-process client reaches nothing)
        self.network = network

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        raw: bool = False,
    ) -> Any:
        """Send one call; return the parsed body (its bytes when `raw`) or raise `VendorError`.

        GETs are retried on transient errors; other methods only when they carry an
        idempotency key, because only then is a second attempt guaranteed not to act twice.
        A 429 holds every later call of this connector for its Retry-After.
        """
        safe = method.upper() == "GET" or idempotency_key is not None
        attempts = self.retry.attempts if safe else 1
        last: VendorError | None = None
        for attempt in range(1, attempts + 1):
            await self.limiter.acquire()
            try:
                return await self._once(
                    method, path, json_body, params, idempotency_key, attempt, raw
                )
            except VendorError as error:
                last = error
                wait = error.retry_after if error.code is ErrorCode.RATE_LIMITED else None
                if wait is not None:
                    if wait > self.retry.max_retry_after:
                        raise
                    self.limiter.hold(wait)  # every call of this connector waits it out
                if error.code not in RETRYABLE or attempt == attempts:
                    raise
                if wait is None:
                    await asyncio.sleep(self.retry.delay(attempt, error.retry_after))
        assert last is not None
        raise last

    async def _once(
        self,
        method: str,
        path: str,
        json_body: Any,
        params: dict[str, Any] | None,
        idempotency_key: str | None,
        attempt: int,
        raw: bool = False,
    ) -> Any:
        headers = {"traceparent": new_traceparent(self._trace_id() if self._trace_id else None)}
        headers.update(self.protocol_headers())
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        url, traced_url = _target(self.client.base_url, path)
        exchange = HttpExchange(
            vendor=self.vendor,
            method=method.upper(),
            url=traced_url,
            request_headers=headers,
            request_body=json_body,
            attempt=attempt,
        )
        if not self.network.permits("vendor") and leaves_process(self.client):
            self._refuse(exchange)
        started = time.perf_counter()
        try:
            response = await self.client.request(
                method, url, json=json_body, params=clean_params or None, headers=headers
            )
        except httpx.TimeoutException as exc:
            exchange.error = f"timeout: {exc}"
            raise VendorError(
                ErrorCode.TIMEOUT, f"{self.vendor} did not answer in time", vendor=self.vendor
            ) from exc
        except TokenError as exc:
            exchange.error = f"credentials: {exc}"
            raise VendorError(exc.code, f"{self.vendor}: {exc}", vendor=self.vendor) from exc
        except httpx.HTTPError as exc:
            exchange.error = f"{type(exc).__name__}: {exc}"
            raise VendorError(
                ErrorCode.UNAVAILABLE, f"{self.vendor} could not be reached", vendor=self.vendor
            ) from exc
        finally:
            exchange.duration_ms = round((time.perf_counter() - started) * 1000, 3)
            if exchange.error and self.observer:
                self.observer(exchange)
        exchange.status = response.status_code
        exchange.response_headers = dict(response.headers)
        exchange.response_body = _parse_body(response.content)
        if self.observer:
            self.observer(exchange)
        error = self.error_from(response, exchange.response_body)
        if error is not None:
            raise error
        return response.content if raw else exchange.response_body

    def protocol_headers(self) -> dict[str, str]:
        """Headers the vendor's protocol asks of every call (none by default)."""
        return {}

    def _refuse(self, exchange: HttpExchange) -> None:
        """Raise NetworkBlocked for this call; the trace records the refused exchange."""
        try:
            self.network.check(Destination("vendor", self.vendor, exchange.url))
        except NetworkBlocked as blocked:
            exchange.error = f"{type(blocked).__name__}: {blocked}"
            if self.observer:
                self.observer(exchange)
            raise

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        """Map a response to a canonical error, or None when it is a success.

        The default handles plain HTTP semantics; vendors override to read their envelope.
        """
        status = response.status_code
        if status < 400:
            if isinstance(body, str):
                return VendorError(
                    ErrorCode.PROTOCOL,
                    f"{self.vendor} answered with something that is not JSON",
                    vendor=self.vendor,
                    status=status,
                    raw=body[:2000],
                )
            return None
        message = f"{self.vendor} answered HTTP {status}"
        retry_after = _retry_after(response)
        code = status_code_error(status)
        if isinstance(body, dict):
            err = body.get("error")
            if isinstance(err, dict) and isinstance(err.get("message"), str):
                message = err["message"]
        return VendorError(
            code, message, vendor=self.vendor, status=status, raw=body, retry_after=retry_after
        )


def status_code_error(status: int) -> ErrorCode:
    """The canonical code that a bare HTTP status implies."""
    if status == 404:
        return ErrorCode.NOT_FOUND
    if status in (401, 403):
        return ErrorCode.UNAUTHORIZED
    if status == 409:
        return ErrorCode.CONFLICT
    if status == 429:
        return ErrorCode.RATE_LIMITED
    if status == 402:
        return ErrorCode.PAYMENT_DECLINED
    if status in (408, 504):
        return ErrorCode.TIMEOUT
    if status >= 500:
        return ErrorCode.UNAVAILABLE
    return ErrorCode.INVALID_REQUEST


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
