"""The vendors' end state against a case's `expect.state`: orders, gift cards, state hashes."""

from __future__ import annotations

import math

from agentcli.suites.assertions import Failure
from agentcli.suites.model import StateExpect
from agentcli.suites.vendor_state import VendorState


def check_state(expect: StateExpect, vendors: VendorState, signed_in: str | None) -> list[Failure]:
    failures: list[Failure] = []
    for order_id, status in expect.orders.items():
        order = vendors.order(order_id)
        got = order["status"] if order is not None else "no such order"
        if got != status:
            failures.append(Failure(f"state order {order_id}", status, str(got)))
    for key, balance in expect.gift_cards.items():
        user_id, _, card = key.rpartition("/")
        got_balance = _balance(vendors, user_id or signed_in, card)
        if not isinstance(got_balance, float) or not math.isclose(
            got_balance, balance, abs_tol=0.005
        ):
            failures.append(Failure(f"state gift card {key}", f"{balance:.2f}", str(got_balance)))
    if expect.shop_hash is not None:
        got_hash = vendors.shop_hash()
        if got_hash != expect.shop_hash:
            failures.append(Failure("state shop_hash", expect.shop_hash, got_hash))
    if expect.pay_hash is not None:
        got_hash = vendors.pay_hash()
        if got_hash != expect.pay_hash:
            failures.append(Failure("state pay_hash", expect.pay_hash, got_hash))
    return failures


def _balance(vendors: VendorState, user_id: str | None, card: str) -> float | str:
    if not user_id:
        return "nobody signed in; write the key as USER_ID/GIFT_CARD_ID"
    user = vendors.user(user_id)
    if user is None:
        return f"no user {user_id}"
    method = user.get("payment_methods", {}).get(card)
    if method is None or "balance" not in method:
        return f"{card} is not a gift card of {user_id}"
    return float(method["balance"])
