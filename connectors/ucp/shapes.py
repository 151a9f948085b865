"""Shape checks of UCP messages against the protocol's published JSON Schemas.

A merchant's answer that breaks its schema is the canonical `PROTOCOL` error, never a crash
further down. A field sent as JSON null is read as absent (the reference merchant sends its
unset optional fields as null, which the schemas, strictly, do not allow).
"""

from __future__ import annotations

from typing import Any

from commerce_specs import problems, validator
from connectors.errors import ErrorCode, VendorError

CHECKOUT = "schemas/shopping/checkout.json"
ORDER = "schemas/shopping/order.json"
CATALOG_SEARCH = "schemas/shopping/catalog_search.json"


def without_nulls(value: Any) -> Any:
    """`value` with every object member whose value is null left out, at any depth."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def checked(
    body: Any, version: str, schema: str, *, vendor: str, what: str, pointer: str = ""
) -> dict[str, Any]:
    """`body` without nulls when it fits the schema; else a PROTOCOL error naming where not."""
    clean = without_nulls(body)
    if not isinstance(clean, dict):
        raise protocol_error(vendor, f"{what} is not a JSON object", body)
    found = problems(validator("ucp", version, schema, pointer), clean, limit=3)
    if found:
        raise protocol_error(
            vendor, f"{what} breaks the UCP {version} schema: {'; '.join(found)}", body
        )
    return clean


def protocol_error(vendor: str, message: str, raw: Any = None) -> VendorError:
    return VendorError(ErrorCode.PROTOCOL, f"{vendor}: {message}", vendor=vendor, raw=raw)
