"""The shop's HTTP API (docs/vendors.md, "shop"): routes that parse, then call `service`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.shop import bodies, checkout, service
from sandbox.shop.bodies import Body
from sandbox.shop.catalog import SearchQuery
from sandbox.shop.errors import ShopError
from sandbox.shop.idempotency import Operation, checked_key, fingerprint, run_once
from sandbox.shop.pristine import init_db
from sandbox.shop.store import ShopStore, ShopTx, WriteBusy

Endpoint = Callable[[Request], Awaitable[Response]]
ReadHandler = Callable[[Request, ShopTx], Any]
WriteHandler = Callable[[Request, Body], Operation]

ORDER_FIELDS = (
    "user_id",
    "items",
    "payment_method_id",
    "payment_reference",
    "from_cart",
    "address",
)
ITEM_CHANGE_FIELDS = ("item_ids", "new_item_ids", "payment_method_id")


# -- reads -----------------------------------------------------------------------------------


def _user_by_email(request: Request, tx: ShopTx) -> Any:
    return service.find_user_by_email(tx, bodies.query_string(request.query_params, "email"))


def _user_by_name_zip(request: Request, tx: ShopTx) -> Any:
    query = request.query_params
    names = [bodies.query_string(query, name) for name in ("first_name", "last_name", "zip")]
    return service.find_user_by_name_zip(tx, *names)


def _search(request: Request, tx: ShopTx) -> Any:
    query = request.query_params
    search_query = SearchQuery(
        words=tuple((query.get("q") or "").split()),
        min_price=bodies.query_price(query, "min_price"),
        max_price=bodies.query_price(query, "max_price"),
        options=bodies.query_options(query),
        available_only=bodies.query_flag(query, "available"),
        limit=bodies.query_limit(query),
    )
    return service.search_catalog(tx, search_query)


def _by_path(lookup: Callable[[ShopTx, str], Any], name: str) -> ReadHandler:
    return lambda request, tx: lookup(tx, request.path_params[name])


# -- writes: parse the request, return the operation to run inside the transaction -----------


def _modify_user_address(request: Request, body: Body) -> Operation:
    user_id, address = request.path_params["user_id"], bodies.address(body, "body")
    return lambda tx: service.modify_user_address(tx, user_id, address)


def _add_to_cart(request: Request, body: Body) -> Operation:
    bodies.only_fields(body, ("item_id", "quantity"))
    user_id, item_id = request.path_params["user_id"], bodies.string(body, "item_id")
    quantity = bodies.quantity(body.get("quantity", 1))
    return lambda tx: checkout.add_to_cart(tx, user_id, item_id, quantity)


def _remove_from_cart(request: Request, body: Body) -> Operation:
    user_id, item_id = request.path_params["user_id"], request.path_params["item_id"]
    raw = request.query_params.get("quantity")
    quantity = None if raw is None else bodies.quantity(raw)
    return lambda tx: checkout.remove_from_cart(tx, user_id, item_id, quantity)


def _create_order(request: Request, body: Body) -> Operation:
    bodies.only_fields(body, ORDER_FIELDS)
    from_cart = bodies.boolean(body, "from_cart", False)
    address = body.get("address")
    order_request = checkout.OrderRequest(
        user_id=bodies.string(body, "user_id"),
        lines=bodies.order_lines(body) if "items" in body or not from_cart else [],
        payment_method_id=bodies.string(body, "payment_method_id"),
        payment_reference=bodies.optional_string(body, "payment_reference"),
        from_cart=from_cart,
        address=None if address is None else bodies.address(address),
    )
    return lambda tx: service.order_view(tx, checkout.create_order(tx, order_request))


def _cancel_order(request: Request, body: Body) -> Operation:
    bodies.only_fields(body, ("reason",))
    order_id, reason = request.path_params["order_id"], bodies.string(body, "reason")
    return lambda tx: service.cancel_order(tx, order_id, reason)


def _modify_order_address(request: Request, body: Body) -> Operation:
    order_id, address = request.path_params["order_id"], bodies.address(body, "body")
    return lambda tx: service.modify_order_address(tx, order_id, address)


def _modify_order_payment(request: Request, body: Body) -> Operation:
    bodies.only_fields(body, ("payment_method_id", "payment_reference"))
    order_id = request.path_params["order_id"]
    method_id = bodies.string(body, "payment_method_id")
    reference = bodies.optional_string(body, "payment_reference")
    return lambda tx: service.modify_order_payment(tx, order_id, method_id, reference)


def _change_items(
    change: Callable[..., Any], request: Request, body: Body, **options: Any
) -> Operation:
    """Modify or exchange: same body, different τ² tool."""
    bodies.only_fields(body, ITEM_CHANGE_FIELDS)
    order_id = request.path_params["order_id"]
    item_ids = bodies.string_list(body, "item_ids")
    new_item_ids = bodies.string_list(body, "new_item_ids")
    method_id = bodies.string(body, "payment_method_id")
    return lambda tx: change(tx, order_id, item_ids, new_item_ids, method_id, **options)


def _return_items(request: Request, body: Body) -> Operation:
    bodies.only_fields(body, ("item_ids", "payment_method_id"))
    order_id, item_ids = request.path_params["order_id"], bodies.string_list(body, "item_ids")
    method_id = bodies.string(body, "payment_method_id")
    return lambda tx: service.return_items(tx, order_id, item_ids, method_id)


# -- wiring ----------------------------------------------------------------------------------


async def _shop_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ShopError)
    return JSONResponse(exc.envelope(), exc.http_status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else "invalid_request"
    envelope = {"error": {"code": code, "message": exc.detail}}
    return JSONResponse(envelope, exc.status_code, headers=exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    envelope = {"error": {"code": "internal_error", "message": type(exc).__name__}}
    return JSONResponse(envelope, 500)


def create_app(path: Path, *, reproduce_quirk: bool = False) -> Starlette:
    """The shop over the SQLite state at `path` (initialised first if the file is missing).

    The shop follows τ² retail exactly except for the multi-item `modify_order_items` quirk
    (docs/tau2-retail.md §3): each rewritten item gets its own new variant's price and options,
    unless `reproduce_quirk` asks for the reference's behaviour (for hash parity tests).
    """
    store = ShopStore(Path(path))
    if not store.path.exists():
        init_db(store.path)

    def read(handler: ReadHandler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            with store.read() as tx:
                return JSONResponse(handler(request, tx))

        return endpoint

    def write(handler: WriteHandler, status: int = 200) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            body = {} if request.method == "DELETE" else await bodies.json_object(request)
            operation = handler(request, body)
            key = checked_key(request.headers.get("idempotency-key"))
            query = list(request.query_params.multi_items())
            request_fingerprint = fingerprint(request.method, request.url.path, query, body)
            try:  # at once when the write lock is free: a thread hop costs more than most writes
                outcome = run_once(store, key, request_fingerprint, operation, status, wait=False)
            except WriteBusy:
                # a thread, so waiting for another process's write lock never stalls the loop
                outcome = await run_in_threadpool(
                    run_once, store, key, request_fingerprint, operation, status
                )
            headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
            return JSONResponse(outcome.body, outcome.status, headers=headers)

        return endpoint

    async def state(request: Request) -> Response:
        with store.read() as tx:
            return Response(tx.canonical_text(), media_type="application/json")

    routes = [
        Route("/users/by-email", read(_user_by_email)),
        Route("/users/by-name-zip", read(_user_by_name_zip)),
        Route("/users/{user_id}", read(_by_path(service.get_user, "user_id"))),
        Route("/users/{user_id}/address", write(_modify_user_address), methods=["PUT"]),
        Route("/products", read(lambda request, tx: service.list_product_types(tx))),
        Route("/products/{product_id}", read(_by_path(service.get_product, "product_id"))),
        Route("/items/{item_id}", read(_by_path(service.get_item, "item_id"))),
        Route("/search", read(_search)),
        Route("/carts/{user_id}", read(_by_path(checkout.cart_view, "user_id"))),
        Route("/carts/{user_id}/items", write(_add_to_cart), methods=["POST"]),
        Route("/carts/{user_id}/items/{item_id}", write(_remove_from_cart), methods=["DELETE"]),
        Route("/orders", write(_create_order, status=201), methods=["POST"]),
        Route("/orders/{order_id}", read(_by_path(service.get_order, "order_id"))),
        Route("/orders/{order_id}/cancel", write(_cancel_order), methods=["POST"]),
        Route("/orders/{order_id}/address", write(_modify_order_address), methods=["POST"]),
        Route("/orders/{order_id}/payment", write(_modify_order_payment), methods=["POST"]),
        Route(
            "/orders/{order_id}/items",
            write(
                partial(_change_items, service.modify_order_items, reproduce_quirk=reproduce_quirk)
            ),
            methods=["POST"],
        ),
        Route(
            "/orders/{order_id}/exchange",
            write(partial(_change_items, service.exchange_items)),
            methods=["POST"],
        ),
        Route("/orders/{order_id}/return", write(_return_items), methods=["POST"]),
        Route("/_state", state),
        Route("/_state/hash", read(lambda request, tx: service.state_hash(tx))),
    ]
    handlers = {ShopError: _shop_error, HTTPException: _http_error, Exception: _internal_error}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.store = store
    return app
