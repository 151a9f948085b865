"""The buyer a protocol merchant is told of when the customer signed in at the shop.

Without a buyer profile in the connectors config, the shop's account of the signed-in
customer stands in for the platform's: their name, email and address, and their saved cards
as delegated payment credentials (the card's payment method id is the token the merchant
charges through the payment vendor).
"""

from __future__ import annotations

from typing import Any

from connectors.config import PaymentCredential
from connectors.merchant import Buyer

COUNTRIES = {"USA": "US", "UNITED STATES": "US"}
"""The shop's country names, as the two-letter codes merchants take."""
CARD_HANDLER = "card"
"""The handler of a saved card: the merchant's delegated card handler charges it."""


def buyer_of(user: dict[str, Any]) -> Buyer:
    name, address = user.get("name") or {}, user.get("address") or {}
    first, last = str(name.get("first_name", "")), str(name.get("last_name", ""))
    country = str(address.get("country", ""))
    return Buyer(
        first,
        last or first,
        f"{first} {last}".strip(),
        str(user["email"]),
        None,
        str(address.get("address1", "")),
        address.get("address2") or None,
        str(address.get("city", "")),
        address.get("state") or None,
        str(address.get("zip", "")),
        COUNTRIES.get(country.upper(), country),
    )


def cards_of(user: dict[str, Any]) -> tuple[PaymentCredential, ...]:
    """The customer's saved cards (gift cards and wallets pay only at the shop); the shop's
    record is taken as it is (a replay's has its digits as the cassette's tokens)."""
    return tuple(
        PaymentCredential.model_construct(
            handler=CARD_HANDLER,
            token=str(method["id"]),
            brand=str(method.get("brand", "card")).capitalize(),
            last_digits=str(method["last_four"]),
        )
        for method in (user.get("payment_methods") or {}).values()
        if method.get("source") == "credit_card" and method.get("last_four") and method.get("id")
    )
