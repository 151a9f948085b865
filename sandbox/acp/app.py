"""The ACP merchant's HTTP API: the five checkout operations of the Agentic Commerce Protocol.

Every POST runs through `Idempotency-Key` handling: the key is claimed and the operation run in
one SQLite transaction, so the record and the change commit together; completion alone spans
two, around the call to pay. The database work runs on the event loop, like pay's, which keeps
ids in request order.
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
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.acp import operations, store
from sandbox.acp.catalog import Catalogue
from sandbox.acp.contract import status_for
from sandbox.acp.errors import AcpError
from sandbox.acp.guard import VERSIONS, negotiated
from sandbox.acp.idempotency import RETRY_AFTER, checked_key, claim, fingerprint, settle
from sandbox.acp.payment import Declined, PayClient, Refused, Unavailable
from sandbox.acp.pristine import init_db
from sandbox.kit.state import StateFile, sha256_text

Clock = Callable[[], float]
Operation = Callable[[sqlite3.Connection], "operations.Answer"]


def _respond(
    request: Request,
    status: int,
    body: Any,
    version: str | None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The one place answers are made: a session gets `protocol`, a refusal a status the
    operation's contract lists, a busy one `Retry-After`."""
    headers = dict(headers or {})
    if status < 300 and "protocol" not in body:
        body = {**body, "protocol": {"version": version or VERSIONS[-1]}}
    if status == 409:
        headers.setdefault("Retry-After", RETRY_AFTER)
    if status >= 400:
        status = status_for(request.method, request.url.path, status)
    return JSONResponse(body, status, headers=headers)


def _attempt(conn: sqlite3.Connection, operation: Operation) -> tuple[int, Any]:
    """The operation's answer; a refusal undoes whatever it wrote and is the answer."""
    conn.execute("SAVEPOINT operation")
    try:
        status, body = operation(conn)
    except AcpError as error:
        conn.execute("ROLLBACK TO operation")
        status, body = error.status, error.body()
    finally:
        conn.execute("RELEASE operation")
    return status, body


class AcpMerchant:
    """The request handlers, bound to the merchant's state, the shop's catalogue and pay."""

    def __init__(self, path: Path, shop_path: Path, pay_path: Path, clock: Clock) -> None:
        self.state_file = StateFile(path)
        self.catalogue = Catalogue(shop_path)
        self.pay = PayClient(pay_path)
        self.clock = clock

    def _echo(self, request: Request, key: str | None = None) -> dict[str, str]:
        headers = {"Idempotency-Key": key} if key else {}
        if request.headers.get("request-id"):
            headers["Request-Id"] = request.headers["request-id"]
        return headers

    async def _write(
        self, request: Request, operation: Callable[[sqlite3.Connection, bytes, str], Any]
    ) -> Response:
        """Run a POST once per key; a replay answers the first status and body again."""
        version = negotiated(request.headers.get("api-version"))
        key = checked_key(request.headers.get("idempotency-key"))
        raw = await request.body()
        with self.state_file.write() as conn:
            stored = claim(conn, request.url.path, key, fingerprint(raw), self.clock())
            if stored is None:
                status, body = _attempt(conn, lambda c: operation(c, raw, version))
                settle(conn, request.url.path, key, status, body)
        headers = self._echo(request, key)
        if stored is not None:
            headers["Idempotent-Replayed"] = "true"
            status, body = stored.status, stored.body
        if status == 201:
            headers["Location"] = f"/checkout_sessions/{body['id']}"
        return _respond(request, status, body, version, headers)

    async def create(self, request: Request) -> Response:
        return await self._write(
            request,
            lambda conn, raw, version: operations.create(conn, self.catalogue, raw, version),
        )

    async def update(self, request: Request) -> Response:
        session_id = request.path_params["checkout_session_id"]
        return await self._write(
            request,
            lambda conn, raw, version: operations.update(
                conn, self.catalogue, session_id, raw, version, self.clock()
            ),
        )

    async def cancel(self, request: Request) -> Response:
        session_id = request.path_params["checkout_session_id"]
        return await self._write(
            request,
            lambda conn, raw, version: operations.cancel(
                conn, session_id, raw, version, self.clock()
            ),
        )

    async def get(self, request: Request) -> Response:
        version = negotiated(request.headers.get("api-version"))
        with self.state_file.read() as conn:
            found = store.load(conn, request.path_params["checkout_session_id"])
        return _respond(request, 200, found.view, version, self._echo(request))

    async def state(self, request: Request) -> Response:
        """`GET /_state` (canonical JSON) and `/_state/hash`, the contract every vendor shares."""
        with self.state_file.read() as conn:
            text = store.state_text(conn)
        if request.url.path.endswith("/hash"):
            return JSONResponse({"hash": sha256_text(text)})
        return Response(text, media_type="application/json")

    async def complete(self, request: Request) -> Response:
        """Claim the key and mark the session in progress; charge through pay; settle both."""
        version = negotiated(request.headers.get("api-version"))
        key = checked_key(request.headers.get("idempotency-key"))
        raw, path = await request.body(), request.url.path
        session_id = request.path_params["checkout_session_id"]
        headers = self._echo(request, key)
        with self.state_file.write() as conn:
            stored = claim(conn, path, key, fingerprint(raw), self.clock())
            if stored is None:
                conn.execute("SAVEPOINT operation")
                try:
                    charge = operations.begin_completion(
                        conn, session_id, raw, version, self.clock()
                    )
                except AcpError as error:
                    conn.execute("ROLLBACK TO operation")
                    settle(conn, path, key, error.status, error.body())
                    return _respond(request, error.status, error.body(), version, headers)
                finally:
                    conn.execute("RELEASE operation")
        if stored is not None:
            headers["Idempotent-Replayed"] = "true"
            return _respond(request, stored.status, stored.body, version, headers)
        failure: AcpError | None = None
        try:
            intent = await self.pay.charge(charge)
        except Declined as declined:
            failure = AcpError(402, "payment_declined", f"The payment was declined: {declined}")
        except Refused as refused:
            failure = AcpError(
                400, "invalid", f"The payment was refused: {refused}", param="$.payment_data"
            )
        except Unavailable:
            failure = AcpError(
                503,
                "payment_unavailable",
                "The payment service did not answer; retry with the same Idempotency-Key",
                type_="service_unavailable",
            )
        with self.state_file.write() as conn:
            if failure is None:
                status, body = operations.completed(conn, charge, intent)
            else:
                operations.not_completed(conn, self.catalogue, charge, failure)
                status, body = failure.status, failure.body()
            settle(conn, path, key, status, body)
        return _respond(request, status, body, version, headers)


async def _refused(request: Request, exc: Exception) -> Response:
    """Refusals, unknown URLs and methods answer in ACP's error shape too."""
    if not isinstance(exc, AcpError):
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "processing_error")
        message = f"No such operation: {request.method} {request.url.path}"
        exc = AcpError(
            status, code, message, type_="processing_error" if status >= 500 else "invalid_request"
        )
    return _respond(request, exc.status, exc.body(), None, exc.headers)


def create_app(
    path: Path,
    *,
    shop_path: Path | None = None,
    pay_path: Path | None = None,
    clock: Clock = time.time,
) -> Starlette:
    """The merchant over its state at `path`, selling from the shop's and charging through pay's
    state files (by default the world's, beside it)."""
    path = Path(path)
    if not path.exists():
        init_db(path)
    handlers = AcpMerchant(
        path,
        shop_path or path.with_name("shop.sqlite"),
        pay_path or path.with_name("pay.sqlite"),
        clock,
    )
    one = "/checkout_sessions/{checkout_session_id}"
    routes = [
        Route("/checkout_sessions", handlers.create, methods=["POST"]),
        Route(one, handlers.update, methods=["POST"]),
        Route(one, handlers.get, methods=["GET"]),
        Route(f"{one}/complete", handlers.complete, methods=["POST"]),
        Route(f"{one}/cancel", handlers.cancel, methods=["POST"]),
        Route("/_state", handlers.state, methods=["GET"]),
        Route("/_state/hash", handlers.state, methods=["GET"]),
    ]
    return Starlette(
        routes=routes, exception_handlers={AcpError: _refused, HTTPException: _refused}
    )
