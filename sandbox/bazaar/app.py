"""The bazaar's HTTP API (docs/vendors.md, "bazaar"): `/v2` routes in an `ok` envelope."""

from __future__ import annotations

import math
import sqlite3
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.bazaar import routes, state
from sandbox.bazaar.errors import BazaarError
from sandbox.bazaar.pristine import init_db
from sandbox.kit import idempotency
from sandbox.kit.params import BadInput, json_object
from sandbox.kit.state import StateFile, savepoint
from sandbox.kit.state_routes import state_routes

Clock = Callable[[], float]
Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` calls in any `per_seconds` window; beyond that, 429 + Retry-After."""

    requests: int
    per_seconds: float


class _Window:
    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self.limit, self.clock, self.calls = limit, clock, deque[float]()

    def retry_after(self) -> float | None:
        """None when the call may go ahead (and it is counted), else seconds to wait."""
        now = self.clock()
        while self.calls and self.calls[0] <= now - self.limit.per_seconds:
            self.calls.popleft()
        if len(self.calls) >= self.limit.requests:
            return self.calls[0] + self.limit.per_seconds - now
        self.calls.append(now)
        return None


def ok(
    data: Any, status: int = 200, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse({"ok": True, "data": data, **extra}, status, headers=headers)


def refused(error: BazaarError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error.envelope(), error.http_status, headers=headers)


def create_app(
    path: Path, *, clock: Clock = time.time, rate_limit: RateLimit | None = None
) -> Starlette:
    """The bazaar over the SQLite state at `path` (initialised first if the file is missing)."""
    store = StateFile(Path(path))
    if not store.path.exists():
        init_db(store.path)
    window = _Window(rate_limit, clock) if rate_limit else None

    def guarded(endpoint: Endpoint) -> Endpoint:
        async def call(request: Request) -> Response:
            wait = window.retry_after() if window else None
            if wait is not None:
                headers = {"Retry-After": str(max(1, math.ceil(wait)))}
                return refused(BazaarError("RATE_LIMITED", "too many requests; slow down"), headers)
            try:
                return await endpoint(request)
            except BadInput as bad:
                return refused(BazaarError("BAD_REQUEST", bad.message))
            except BazaarError as error:
                return refused(error)

        return call

    def read(handler: routes.Reader) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            with store.read() as conn:
                data, extra = routes.split(handler(request, conn, clock()))
            return ok(data, **extra)

        return guarded(endpoint)

    def write(handler: routes.Writer, status: int = 200) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            has_body = request.method in ("POST", "PUT")
            body = json_object(await request.body(), required=False) if has_body else {}
            operation = handler(request, body)
            key = idempotency.clean_key(request.headers.get("idempotency-key"))
            if key is not None and len(key) > idempotency.MAX_KEY_LENGTH:
                raise BazaarError("BAD_REQUEST", "Idempotency-Key is too long")
            fingerprint = idempotency.fingerprint(
                request.method, request.url.path, list(request.query_params.multi_items()), body
            )
            with store.write() as conn:
                if key is not None:
                    stored = idempotency.lookup(conn, key)
                    if stored is not None:
                        if stored.fingerprint != fingerprint:
                            raise BazaarError(
                                "IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used for another request",
                            )
                        replay = {"Idempotent-Replayed": "true"}
                        return JSONResponse(stored.body, stored.status, headers=replay)
                status_now, answer = _run(conn, operation, clock(), status)
                if key is not None:
                    idempotency.save(conn, key, fingerprint, status_now, answer)
            return JSONResponse(answer, status_now)

        return guarded(endpoint)

    app = Starlette(
        routes=[
            *routes.table(read, write),
            *state_routes(store.read, state.document),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.store = store
    return app


def _run(
    conn: sqlite3.Connection, operation: routes.Operation, now: float, status: int
) -> tuple[int, Any]:
    """The operation's answer; a refusal undoes its writes and is the answer instead."""
    try:
        with savepoint(conn):
            data, extra = routes.split(operation(conn, now))
    except BazaarError as error:
        return error.http_status, error.envelope()
    return status, {"ok": True, "data": data, **extra}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "NOT_FOUND" if exc.status_code == 404 else "BAD_REQUEST"
    detail = f"{request.method} {request.url.path}: {exc.detail}"
    return JSONResponse(BazaarError(code, detail).envelope(), exc.status_code)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(BazaarError("INTERNAL", type(exc).__name__).envelope(), 500)
