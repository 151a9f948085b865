"""The UCP merchant's HTTP API (REST binding of UCP 2026-01-11) over its SQLite state.

Every write honours an `Idempotency-Key` (the first answer is replayed; the same key with
another request is 409); a `UCP-Agent` asking for a newer protocol version is refused (400).
"""

from __future__ import annotations

import hmac
import json
import re
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from sandbox.kit import idempotency
from sandbox.kit.state import StateFile, savepoint
from sandbox.kit.state_routes import state_routes
from sandbox.ucp import checkout, discovery, orders, webhooks
from sandbox.ucp.errors import UcpError, bad_request, error_body
from sandbox.ucp.pristine import init_db

Doc = dict[str, Any]
VERSION = "2026-01-11"
AGENT_VERSION = re.compile(r'(?:^|;)\s*version="?([^";]+)"?', re.IGNORECASE)
Operation = Callable[[sqlite3.Connection], tuple[int, Doc]]
After = Callable[[int, Doc], Awaitable[None]]


def _fail(error: UcpError) -> JSONResponse:
    return JSONResponse(error.body(), error.status)


def _body(raw: bytes) -> Doc:
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise bad_request("the body is not JSON", "invalid_json") from None
    if not isinstance(value, dict):
        raise bad_request("the body must be a JSON object", "invalid_json")
    return value


def _negotiate(request: Request) -> None:
    match = AGENT_VERSION.search(request.headers.get("ucp-agent", ""))
    if match and match.group(1).strip() > VERSION:
        raise UcpError(
            400,
            "version_unsupported",
            f"Version {match.group(1).strip()} is not supported; this merchant speaks {VERSION}",
        )


def state_document(conn: sqlite3.Connection) -> Doc:
    """Every checkout session, order and stock level, keyed by id."""
    return {
        "checkouts": {i: json.loads(d) for i, d in conn.execute("SELECT id, doc FROM checkouts")},
        "orders": {i: json.loads(d) for i, d in conn.execute("SELECT id, doc FROM orders")},
        "inventory": dict(conn.execute("SELECT product_id, quantity FROM inventory").fetchall()),
    }


def create_app(path: Path, *, simulation_secret: str | None = None) -> Starlette:
    """The merchant over the state at `path`; the simulation endpoints answer only requests
    carrying `simulation_secret` (and none at all without one)."""
    store = StateFile(Path(path))
    if not store.path.exists():
        init_db(store.path)

    def base(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def docs(request: Request) -> str:
        return base(request) + discovery.DOCS

    async def write(request: Request, operation: Operation, after: After | None = None) -> Response:
        try:
            _negotiate(request)
            body = _body(await request.body())
        except UcpError as error:
            return _fail(error)
        key = idempotency.clean_key(request.headers.get("idempotency-key"))
        if key is not None and len(key) > idempotency.MAX_KEY_LENGTH:
            return _fail(bad_request("Idempotency-Key is too long"))
        fingerprint = idempotency.fingerprint(request.method, request.url.path, [], body)
        request.state.body = body
        with store.write() as conn:
            if key is not None:
                stored = idempotency.lookup(conn, key)
                if stored is not None:
                    if stored.fingerprint != fingerprint:
                        return _fail(
                            UcpError(
                                409,
                                "idempotency_conflict",
                                "Idempotency key reused with different parameters",
                            )
                        )
                    return JSONResponse(
                        stored.body, stored.status, headers={"Idempotent-Replayed": "true"}
                    )
            try:
                with savepoint(conn):
                    status, answer = operation(conn)
            except UcpError as error:
                status, answer = error.status, error.body()
            if key is not None:
                idempotency.save(conn, key, fingerprint, status, answer)
        if after is not None and status < 300:
            await after(status, answer)
        return JSONResponse(answer, status)

    async def read(request: Request, reader: Callable[[sqlite3.Connection], Doc]) -> Response:
        try:
            _negotiate(request)
            with store.read() as conn:
                return JSONResponse(reader(conn))
        except UcpError as error:
            return _fail(error)

    async def profile(request: Request) -> Response:
        return JSONResponse(discovery.profile(base(request)))

    async def create(request: Request) -> Response:
        hook = await webhooks.webhook_url(request.headers.get("ucp-agent"))
        return await write(
            request,
            lambda conn: (
                201,
                checkout.create(conn, request.state.body, base(request), docs(request), hook),
            ),
        )

    async def get_session(request: Request) -> Response:
        session_id = request.path_params["id"]
        return await read(request, lambda conn: checkout.load(conn, session_id))

    async def update_session(request: Request) -> Response:
        session_id = request.path_params["id"]
        return await write(
            request,
            lambda conn: (
                200,
                checkout.update(conn, session_id, request.state.body, docs(request)),
            ),
        )

    async def cancel_session(request: Request) -> Response:
        session_id = request.path_params["id"]
        return await write(request, lambda conn: (200, checkout.cancel(conn, session_id)))

    async def complete_session(request: Request) -> Response:
        session_id = request.path_params["id"]
        placed: list[tuple[str | None, Doc]] = []

        def operation(conn: sqlite3.Connection) -> tuple[int, Doc]:
            doc, order = checkout.complete(conn, session_id, request.state.body, base(request))
            placed.append((checkout.webhook_of(conn, session_id), order))
            return 200, doc

        async def after(status: int, answer: Doc) -> None:
            for hook, order in placed:
                await webhooks.notify(hook, "order_placed", session_id, order)

        return await write(request, operation, after)

    async def get_order(request: Request) -> Response:
        order_id = request.path_params["id"]
        return await read(request, lambda conn: orders.get(conn, order_id))

    async def update_order(request: Request) -> Response:
        order_id = request.path_params["id"]
        return await write(
            request, lambda conn: (200, orders.update(conn, order_id, request.state.body))
        )

    async def simulate_shipping(request: Request) -> Response:
        given = request.headers.get("simulation-secret", "")
        if not simulation_secret or not hmac.compare_digest(
            given.encode(), simulation_secret.encode()
        ):
            return _fail(UcpError(403, "forbidden", "a valid Simulation-Secret header is required"))
        order_id = request.path_params["id"]
        try:
            with store.write() as conn:
                order = orders.ship(conn, order_id)
                hook = checkout.webhook_of(conn, order["checkout_id"])
        except UcpError as error:
            return _fail(error)
        await webhooks.notify(hook, "order_shipped", order["checkout_id"], order)
        return JSONResponse({"status": "shipped", "order_id": order_id})

    async def spec_document(request: Request) -> Response:
        found = discovery.spec_document(request.path_params["path"])
        if found is None:
            return _fail(UcpError(404, "not_found", "no such document"))
        return JSONResponse(found)

    async def page(request: Request) -> Response:
        text = discovery.page(request.path_params["name"])
        if text is None:
            return _fail(UcpError(404, "not_found", "no such page"))
        return HTMLResponse(text)

    async def handler_schema(request: Request) -> Response:
        found = discovery.handler_schema(
            request.path_params["handler"], request.path_params["which"]
        )
        if found is None:
            return _fail(UcpError(404, "not_found", "no such document"))
        return JSONResponse(found)

    app = Starlette(
        routes=[
            Route("/.well-known/ucp", profile),
            Route("/checkout-sessions", create, methods=["POST"]),
            Route("/checkout-sessions/{id}", get_session, methods=["GET"]),
            Route("/checkout-sessions/{id}", update_session, methods=["PUT"]),
            Route("/checkout-sessions/{id}/complete", complete_session, methods=["POST"]),
            Route("/checkout-sessions/{id}/cancel", cancel_session, methods=["POST"]),
            Route("/orders/{id}", get_order, methods=["GET"]),
            Route("/orders/{id}", update_order, methods=["PUT"]),
            Route("/testing/simulate-shipping/{id}", simulate_shipping, methods=["POST"]),
            Route(discovery.DOCS + "/spec/{path:path}", spec_document),
            Route(discovery.DOCS + "/handlers/{handler}/{which}.json", handler_schema),
            Route(discovery.DOCS + "/handlers/{name}.html", page),
            Route(discovery.DOCS + "/{name}.html", page),
            *state_routes(store.read, state_document),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.store = store
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else "invalid_request"
    return JSONResponse(
        error_body(exc.status_code, code, f"{request.method} {request.url.path}: {exc.detail}"),
        exc.status_code,
    )


async def _internal_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(error_body(500, "internal", type(exc).__name__), 500)
