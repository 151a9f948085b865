"""The pay vendor's HTTP API (docs/vendors.md, "pay") as a Starlette app over one SQLite file.

Each POST is one SQLite write transaction (`BEGIN IMMEDIATE`) that also reads and writes the
Idempotency-Key record, so concurrent requests with one key act once. The database work runs
on the event loop, which keeps the order of ids, and so the ids themselves, reproducible.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.pay import idempotency, intents, params, refunds, state
from sandbox.pay.errors import ApiError
from sandbox.pay.idempotency import StoredResponse
from sandbox.pay.store import canonical_json, read_snapshot, write_transaction

Clock = Callable[[], float]
Operation = Callable[[sqlite3.Connection, dict[str, Any], int], dict[str, Any]]
Reader = Callable[[sqlite3.Connection, Request], Any]


def json_response(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return Response(text, status_code=status, media_type="application/json", headers=headers)


def error_response(error: ApiError) -> Response:
    return json_response(error.status, canonical_json(error.body()))


def run_operation(
    db: sqlite3.Connection, operation: Operation, body: dict[str, Any], now: int
) -> StoredResponse:
    """Run one operation; an error once it has started undoes its writes and is the response."""
    db.execute("SAVEPOINT operation")
    try:
        result = operation(db, body, now)
    except ApiError as error:
        db.execute("ROLLBACK TO operation")
        if error.code == "parameter_invalid":
            raise
        return StoredResponse(error.status, canonical_json(error.body()))
    finally:
        db.execute("RELEASE operation")
    return StoredResponse(200, canonical_json(result))


class PayApp:
    """The request handlers, bound to one state file and one clock."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock

    async def post(self, request: Request, operation: Operation) -> Response:
        raw = await request.body()
        try:
            key = params.idempotency_key(request.headers)
            body = params.json_object(raw)
            now = int(self.clock())
            fingerprint = idempotency.fingerprint(request.method, request.url.path, body)
            with write_transaction(self.path) as db:
                stored = idempotency.lookup(db, key, fingerprint) if key else None
                if stored is not None:
                    replayed = {"Idempotency-Key": key or "", "Idempotent-Replayed": "true"}
                    return json_response(stored.status, stored.body, replayed)
                response = run_operation(db, operation, body, now)
                if key:
                    idempotency.save(db, key, fingerprint, response, now)
        except ApiError as error:
            return error_response(error)
        headers = {"Idempotency-Key": key} if key else None
        return json_response(response.status, response.body, headers)

    async def get(self, request: Request, reader: Reader) -> Response:
        try:
            with read_snapshot(self.path) as db:
                result = reader(db, request)
        except ApiError as error:
            return error_response(error)
        return json_response(200, result if isinstance(result, str) else canonical_json(result))

    async def create_intent(self, request: Request) -> Response:
        return await self.post(request, intents.authorize)

    async def capture_intent(self, request: Request) -> Response:
        intent_id = request.path_params["intent_id"]
        return await self.post(request, lambda db, body, _: intents.capture(db, intent_id, body))

    async def cancel_intent(self, request: Request) -> Response:
        intent_id = request.path_params["intent_id"]
        return await self.post(request, lambda db, body, _: intents.cancel(db, intent_id, body))

    async def create_refund(self, request: Request) -> Response:
        return await self.post(request, refunds.create)

    async def get_intent(self, request: Request) -> Response:
        return await self.get(
            request, lambda db, r: intents.retrieve(db, r.path_params["intent_id"])
        )

    async def list_intents(self, request: Request) -> Response:
        return await self.get(request, lambda db, r: intents.list_page(db, r.query_params))

    async def get_refund(self, request: Request) -> Response:
        return await self.get(
            request, lambda db, r: refunds.retrieve(db, r.path_params["refund_id"])
        )

    async def list_refunds(self, request: Request) -> Response:
        return await self.get(request, lambda db, r: refunds.list_page(db, r.query_params))

    async def get_state(self, request: Request) -> Response:
        return await self.get(request, lambda db, _: state.state_json(db))

    async def get_state_hash(self, request: Request) -> Response:
        return await self.get(request, lambda db, _: {"hash": state.state_hash(db)})


async def http_error(request: Request, exc: Exception) -> Response:
    """Unknown URLs and methods answer in the vendor's envelope too."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = {404: "unrecognized_url", 405: "method_not_allowed"}.get(status, "api_error")
    message = f"Unrecognized request: {request.method} {request.url.path}"
    kind = "api_error" if status >= 500 else "invalid_request_error"
    return error_response(ApiError(status, kind, code, message))


def create_app(path: Path, *, clock: Clock = time.time) -> Starlette:
    """The pay vendor over the state file at `path` (made by `init_db`)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no pay state at {path}: run init_db first")
    handlers = PayApp(path, clock)
    intent = "/v1/payment_intents/{intent_id}"
    routes = [
        Route("/v1/payment_intents", handlers.create_intent, methods=["POST"]),
        Route("/v1/payment_intents", handlers.list_intents, methods=["GET"]),
        Route(intent, handlers.get_intent, methods=["GET"]),
        Route(f"{intent}/capture", handlers.capture_intent, methods=["POST"]),
        Route(f"{intent}/cancel", handlers.cancel_intent, methods=["POST"]),
        Route("/v1/refunds", handlers.create_refund, methods=["POST"]),
        Route("/v1/refunds", handlers.list_refunds, methods=["GET"]),
        Route("/v1/refunds/{refund_id}", handlers.get_refund, methods=["GET"]),
        Route("/_state", handlers.get_state, methods=["GET"]),
        Route("/_state/hash", handlers.get_state_hash, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})
