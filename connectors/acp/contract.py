"""The five checkout operations as the official OpenAPI document of each ACP version defines them.

Every message is judged by the published schemas (`commerce_specs`). One reading is ours: the
completed session (`CheckoutSessionWithOrder`) is published as `allOf` a closed session and an
`order`, which no message can satisfy, so it is judged as its authors meant: the session
without `order` by `CheckoutSession`, and `order` by `Order`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import commerce_specs

DOCUMENT = "openapi/openapi.agentic_checkout.yaml"
VERSIONS: tuple[str, ...] = ("2026-04-17", "2026-01-30")
"""The ACP versions this client speaks, preferred first."""


@dataclass(frozen=True)
class Operation:
    """One checkout operation: how it is called and the schemas of what goes and comes back."""

    name: str
    method: str
    request: str | None  # the request body's schema; None: no body
    response: str
    status: int  # the success status the spec gives


CREATE = Operation("create", "POST", "CheckoutSessionCreateRequest", "CheckoutSession", 201)
UPDATE = Operation("update", "POST", "CheckoutSessionUpdateRequest", "CheckoutSession", 200)
GET = Operation("get", "GET", None, "CheckoutSession", 200)
COMPLETE = Operation(
    "complete", "POST", "CheckoutSessionCompleteRequest", "CheckoutSessionWithOrder", 200
)
CANCEL = Operation("cancel", "POST", "CancelSessionRequest", "CheckoutSession", 200)
OPERATIONS = (CREATE, UPDATE, GET, COMPLETE, CANCEL)


def problems(version: str, schema: str, instance: Any) -> list[str]:
    """Where and why `instance` breaks the named schema of `version` (empty when it conforms)."""
    if schema == "CheckoutSessionWithOrder":
        return _session_with_order(version, instance)
    check = commerce_specs.validator("acp", version, DOCUMENT, _pointer(schema))
    return commerce_specs.problems(check, instance)


def _pointer(schema: str) -> str:
    return f"/components/schemas/{schema}"


def _session_with_order(version: str, instance: Any) -> list[str]:
    if not isinstance(instance, dict):
        return problems(version, "CheckoutSession", instance)
    if "order" not in instance:
        return ["(top): 'order' is a required property"]
    session = {key: value for key, value in instance.items() if key != "order"}
    found = problems(version, "CheckoutSession", session)
    found += [f"order/{line}" for line in problems(version, "Order", instance["order"])]
    return found
