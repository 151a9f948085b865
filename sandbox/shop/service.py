"""The τ² tools over the store: load the records, apply `tau2`, write back what changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from sandbox.shop import tau2
from sandbox.shop.catalog import SearchQuery, search
from sandbox.shop.errors import ShopError
from sandbox.shop.store import ShopTx, text_hash
from sandbox.shop.tau2 import Record

OrderTool = Callable[[Record, Record], Record]


def order_key(order_id: str) -> str:
    """The stored order id: a path may leave out the leading '#'."""
    return order_id if order_id.startswith("#") else f"#{order_id}"


def order_view(tx: ShopTx, order: Record) -> Record:
    """The order record, plus `payment_reference` for orders the shop itself created."""
    created, reference = tx.payment_reference(order["order_id"])
    return {**order, "payment_reference": reference} if created else order


def find_user_by_email(tx: ShopTx, email: str) -> Record:
    candidates = tx.users_maybe_matching("email", email)
    return {"user_id": tau2.find_user_id_by_email(candidates, email)}


def find_user_by_name_zip(tx: ShopTx, first_name: str, last_name: str, zip: str) -> Record:
    candidates = tx.users_maybe_matching("name.last_name", last_name)
    return {"user_id": tau2.find_user_id_by_name_zip(candidates, first_name, last_name, zip)}


def get_user(tx: ShopTx, user_id: str) -> Record:
    return tx.user(user_id)


def modify_user_address(tx: ShopTx, user_id: str, address: Mapping[str, str]) -> Record:
    user = tau2.modify_user_address(tx.user(user_id), address)
    tx.put_user(user)
    return user


def list_product_types(tx: ShopTx) -> dict[str, str]:
    return tau2.product_types(tx.products())


def get_product(tx: ShopTx, product_id: str) -> Record:
    return tx.product(product_id)


def get_item(tx: ShopTx, item_id: str) -> Record:
    """The variant, from the one product that has it (item ids are unique: the `variants`
    table's key), not a scan of every product."""
    return tau2.find_variant([tx.product_of_item(item_id)], item_id)


def search_catalog(tx: ShopTx, query: SearchQuery) -> Record:
    return search(tx.products(), query)


def get_order(tx: ShopTx, order_id: str) -> Record:
    return order_view(tx, tx.order(order_key(order_id)))


def _owner(tx: ShopTx, order: Record) -> Record:
    try:
        return tx.user(order["user_id"])
    except ShopError:
        raise ShopError("not_found", f"The owner of order {order['order_id']} is gone") from None


def _products_of(tx: ShopTx, order: Record) -> dict[str, Record]:
    products = {}
    for product_id in {item["product_id"] for item in order["items"]}:
        try:
            products[product_id] = tx.product(product_id)
        except ShopError:
            continue  # tau2 reports it if the call actually needs this product
    return products


def _apply(tx: ShopTx, order_id: str, tool: OrderTool) -> Record:
    """Run a τ² order tool on the order and its owner, then store both."""
    order = tx.order(order_key(order_id))
    owner = _owner(tx, order)
    tool(order, owner)
    tx.put_order(order)
    tx.put_user(owner)
    return order_view(tx, order)


def cancel_order(tx: ShopTx, order_id: str, reason: str) -> Record:
    return _apply(tx, order_id, partial(tau2.cancel_pending_order, reason=reason))


def modify_order_address(tx: ShopTx, order_id: str, address: Mapping[str, str]) -> Record:
    return _apply(tx, order_id, lambda order, _: tau2.modify_pending_order_address(order, address))


def modify_order_payment(
    tx: ShopTx, order_id: str, payment_method_id: str, payment_reference: str | None = None
) -> Record:
    """τ²'s payment change; `payment_reference` (outside τ²'s document) names the new intent."""
    order = _apply(
        tx,
        order_id,
        partial(tau2.modify_pending_order_payment, payment_method_id=payment_method_id),
    )
    if payment_reference is None:
        return order
    tx.set_payment_reference(order["order_id"], payment_reference)
    return order_view(tx, tx.order(order["order_id"]))


def modify_order_items(
    tx: ShopTx,
    order_id: str,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
    *,
    reproduce_quirk: bool = True,
) -> Record:
    def tool(order: Record, owner: Record) -> Record:
        return tau2.modify_pending_order_items(
            order,
            owner,
            _products_of(tx, order),
            item_ids,
            new_item_ids,
            payment_method_id,
            reproduce_quirk=reproduce_quirk,
        )

    return _apply(tx, order_id, tool)


def exchange_items(
    tx: ShopTx,
    order_id: str,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
) -> Record:
    def tool(order: Record, owner: Record) -> Record:
        products = _products_of(tx, order)
        return tau2.exchange_delivered_order_items(
            order, owner, products, item_ids, new_item_ids, payment_method_id
        )

    return _apply(tx, order_id, tool)


def return_items(
    tx: ShopTx, order_id: str, item_ids: Sequence[str], payment_method_id: str
) -> Record:
    return _apply(
        tx,
        order_id,
        lambda order, owner: tau2.return_delivered_order_items(
            order, owner, item_ids, payment_method_id
        ),
    )


def state_hash(tx: ShopTx) -> Record:
    return {"hash": text_hash(tx.canonical_text())}
