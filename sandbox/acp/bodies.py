"""Request bodies read and checked against the negotiated version's OpenAPI schemas.

Fields the schema does not name at the top level are ignored (the official examples send some,
e.g. `order_notes`); everything else must validate, formats included, so what the merchant
stores and echoes back always conforms too.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import commerce_specs
from sandbox.acp.errors import AcpError

if TYPE_CHECKING:  # imported with the first validator (commerce_specs says why)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

OPENAPI = "openapi/openapi.agentic_checkout.yaml"


@functools.cache
def _validator(version: str, schema: str) -> Draft202012Validator:
    check = commerce_specs.validator("acp", version, OPENAPI, f"/components/schemas/{schema}")
    return check.evolve(format_checker=check.FORMAT_CHECKER)


@functools.cache
def _fields(version: str, schema: str) -> frozenset[str]:
    document = commerce_specs.load("acp", version, OPENAPI)
    return frozenset(document["components"]["schemas"][schema].get("properties", {}))


def json_path(parts: Any) -> str:
    """An RFC 9535 JSONPath for a location in the body (`$.line_items[0].id`)."""
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _refusal(error: ValidationError) -> AcpError:
    parts = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing:
            where = json_path([*parts, missing[0]])
            return AcpError(400, "missing", f"{where} is required", param=where)
    where = json_path(parts)
    return AcpError(400, "invalid", f"{where}: {error.message[:200]}", param=where)


def parse(raw: bytes, version: str, schema: str, *, required: bool = True) -> dict[str, Any]:
    """The body as a JSON object valid against `schema`, or a 400 in ACP's error shape."""
    if not raw.strip():
        if required:
            raise AcpError(400, "missing", "A JSON request body is required", param="$")
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise AcpError(400, "invalid", "The request body is not valid JSON", param="$") from None
    if not isinstance(body, dict):
        raise AcpError(400, "invalid", "The request body must be a JSON object", param="$")
    fields = _fields(version, schema)
    known = {name: value for name, value in body.items() if name in fields}
    from jsonschema.exceptions import best_match

    error = best_match(_validator(version, schema).iter_errors(known))
    if error is not None:
        raise _refusal(error)
    return known
