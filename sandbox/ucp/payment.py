"""The payment handlers this merchant takes, and what each credential does.

Every handler is a sandbox double (no real network is charged): a token credential
`success_token` pays and `fail_token` is declined, as in the UCP reference merchant; a card
credential pays unless its number is the decline test card or fails the Luhn check.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.ucp.errors import UcpError, bad_request

Doc = dict[str, Any]
VERSION = "2026-01-11"
PAYING_TOKENS = ("success_token",)
DECLINED_TOKENS = ("fail_token",)
DECLINED_CARD = "4000000000000002"
MANDATE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(~[A-Za-z0-9_-]+)*$")
HANDLERS = (
    ("mock_payment_handler", "dev.ucp.mock_payment", {"supported_tokens": list(PAYING_TOKENS)}),
    ("google_pay", "com.google.pay", {"environment": "TEST", "merchant_name": "Sandbox"}),
    ("shop_pay", "com.shopify.shop_pay", {"shop_id": "sandbox-ucp-merchant"}),
)


def handlers(docs_url: str) -> list[Doc]:
    """The handlers as discovery and every checkout show them (documents served locally)."""
    return [
        {
            "id": handler_id,
            "name": name,
            "version": VERSION,
            "spec": f"{docs_url}/handlers/{handler_id}.html",
            "config_schema": f"{docs_url}/handlers/{handler_id}/config.json",
            "instrument_schemas": [f"{docs_url}/handlers/{handler_id}/instrument.json"],
            "config": dict(config),
        }
        for handler_id, name, config in HANDLERS
    ]


def instrument_of(body: Doc) -> Doc:
    """The instrument a complete request pays with: `payment_data`, or the selected one of
    `payment.instruments`."""
    data = body.get("payment_data")
    if isinstance(data, dict):
        return data
    payment = body.get("payment")
    if isinstance(payment, dict) and isinstance(payment.get("instruments"), list):
        chosen = payment.get("selected_instrument_id")
        for instrument in payment["instruments"]:
            if isinstance(instrument, dict) and instrument.get("id") == chosen:
                return instrument
    raise bad_request("payment_data (the instrument to pay with) is required", "missing_payment")


def charge(body: Doc) -> Doc:
    """Pay with the request's instrument, or raise (402 declined, 400 unusable); returns
    the instrument as the order keeps it (no credential)."""
    instrument = instrument_of(body)
    handler_id = instrument.get("handler_id")
    if handler_id not in {h[0] for h in HANDLERS}:
        raise bad_request(f"Unsupported payment handler: {handler_id}", "unsupported_handler")
    _mandate(body.get("ap2"))
    credential = instrument.get("credential")
    if not isinstance(credential, dict):
        raise bad_request("the instrument carries no credential", "missing_credential")
    if credential.get("type") == "card" or "number" in credential:
        _card(str(credential.get("number", "")))
    else:
        token = credential.get("token")
        if token in DECLINED_TOKENS:
            raise UcpError(402, "payment_declined", "Payment declined by the payment handler")
        if token not in PAYING_TOKENS:
            raise UcpError(402, "payment_declined", "Payment declined: the token is not valid")
    return {k: v for k, v in instrument.items() if k != "credential"}


def _card(number: str) -> None:
    digits = number.replace(" ", "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not _luhn(digits):
        raise bad_request("the card number is not valid", "invalid_card")
    if digits == DECLINED_CARD:
        raise UcpError(402, "payment_declined", "Payment declined: card declined")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _mandate(ap2: Any) -> None:
    if ap2 is None:
        return
    mandate = ap2.get("checkout_mandate") if isinstance(ap2, dict) else None
    if not isinstance(mandate, str) or not MANDATE.match(mandate):
        raise bad_request("ap2.checkout_mandate must be an SD-JWT+kb", "invalid_mandate")
