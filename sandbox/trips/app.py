"""The trips vendor's HTTP API (docs/vendors.md, "trips"): plain JSON, problem+json errors."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.kit import idempotency
from sandbox.kit.params import BadInput, json_object
from sandbox.kit.state import StateFile, savepoint
from sandbox.kit.state_routes import state_routes
from sandbox.trips import routes
from sandbox.trips.errors import TripsError
from sandbox.trips.offers import inventory
from sandbox.trips.pristine import init_db

Clock = Callable[[], float]
Endpoint = Callable[[Request], Awaitable[Response]]
PROBLEM = "application/problem+json"


def public(value: Any) -> Any:
    """What the API shows: money as decimal strings, times as ISO text (no internal copies)."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.endswith(("_minor", "_epoch"))}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def problem(error: TripsError, request: Request) -> Response:
    return JSONResponse(error.problem(request.url.path), error.status, media_type=PROBLEM)


def state_document(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every hold and booking, keyed by id."""
    holds = {
        row["hold_id"]: {k: v for k, v in dict(row).items() if k != "seq"}
        for row in conn.execute("SELECT * FROM holds")
    }
    bookings = {
        bid: json.loads(doc) for bid, doc in conn.execute("SELECT booking_id, doc FROM bookings")
    }
    return {"holds": holds, "bookings": bookings}


def create_app(
    path: Path,
    *,
    clock: Clock = time.time,
    hold_seconds: float | None = None,
    void_seconds: float | None = None,
) -> Starlette:
    """The trips vendor over the SQLite state at `path`; `clock` decides when holds expire."""
    store = StateFile(Path(path))
    if not store.path.exists():
        init_db(store.path)
    policies = inventory()["policies"]
    policy = routes.Policy(
        hold_seconds=policies["hold_minutes"] * 60 if hold_seconds is None else hold_seconds,
        void_seconds=policies["void_minutes"] * 60 if void_seconds is None else void_seconds,
    )

    def guarded(endpoint: Endpoint) -> Endpoint:
        async def call(request: Request) -> Response:
            try:
                return await endpoint(request)
            except BadInput as bad:
                extra = {"param": bad.field} if bad.field else {}
                return problem(TripsError("malformed-request", bad.message, **extra), request)
            except TripsError as error:
                return problem(error, request)

        return call

    def read(handler: routes.Reader) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            with store.read() as conn:
                return JSONResponse(public(handler(request, conn, clock())))

        return guarded(endpoint)

    def write(handler: routes.Writer, status: int = 200) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            body = json_object(await request.body(), required=False)
            operation = handler(request, body)
            key = idempotency.clean_key(request.headers.get("idempotency-key"))
            if key is not None and len(key) > idempotency.MAX_KEY_LENGTH:
                raise BadInput("Idempotency-Key is too long")
            fingerprint = idempotency.fingerprint(
                request.method, request.url.path, list(request.query_params.multi_items()), body
            )
            with store.write() as conn:
                if key is not None:
                    stored = idempotency.lookup(conn, key)
                    if stored is not None:
                        if stored.fingerprint != fingerprint:
                            raise TripsError(
                                "idempotency-conflict",
                                "this Idempotency-Key was used for another request",
                            )
                        return JSONResponse(
                            stored.body, stored.status, headers={"Idempotent-Replayed": "true"}
                        )
                try:
                    with savepoint(conn):
                        answer, code = public(operation(conn, clock())), status
                except TripsError as error:
                    answer, code = error.problem(request.url.path), error.status
                if key is not None:
                    idempotency.save(conn, key, fingerprint, code, answer)
            media = PROBLEM if code >= 400 else None
            return JSONResponse(answer, code, media_type=media)

        return guarded(endpoint)

    app = Starlette(
        routes=[
            *routes.table(read, write, policy),
            *state_routes(store.read, state_document),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.store = store
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kind = "not-found" if exc.status_code == 404 else "malformed-request"
    error = TripsError(kind, f"{request.method} {request.url.path}: {exc.detail}")
    return JSONResponse(error.problem(request.url.path), exc.status_code, media_type=PROBLEM)


async def _internal_error(request: Request, exc: Exception) -> Response:
    error = TripsError("internal", type(exc).__name__)
    return JSONResponse(error.problem(request.url.path), 500, media_type=PROBLEM)
