"""Reading request bodies and query strings into typed values, or a 422 `invalid_request`."""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request

from sandbox.kit.params import control_character
from sandbox.shop.errors import ShopError
from sandbox.shop.tau2 import ADDRESS_FIELDS

Body = dict[str, Any]

MAX_QUANTITY = 100


def _invalid(message: str) -> ShopError:
    return ShopError("invalid_request", message)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


async def json_object(request: Request) -> Body:
    """The request body as a JSON object."""
    raw = await request.body()
    if not raw.strip():
        raise _invalid("A JSON object body is required")
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid(f"Body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise _invalid("Body must be a JSON object")
    return body


def only_fields(body: Body, allowed: Collection[str]) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise _invalid(f"Unknown field(s): {', '.join(unknown)}")


def string(body: Body, name: str) -> str:
    """A string without control characters (a real shop refuses those with a 400)."""
    value = body.get(name)
    if not isinstance(value, str):
        raise _invalid(f"'{name}' must be a string")
    refused = control_character(value)
    if refused is not None:
        raise ShopError("bad_request", f"'{name}' must not contain control characters ({refused})")
    return value


def optional_string(body: Body, name: str) -> str | None:
    return None if body.get(name) is None else string(body, name)


def string_list(body: Body, name: str) -> list[str]:
    value = body.get(name)
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise _invalid(f"'{name}' must be a list of strings")
    return value


def boolean(body: Body, name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise _invalid(f"'{name}' must be true or false")
    return value


def quantity(value: Any, name: str = "quantity") -> int:
    """A whole number of units between 1 and MAX_QUANTITY."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_QUANTITY:
        raise _invalid(f"'{name}' must be a whole number from 1 to {MAX_QUANTITY}")
    return value


def address(body: Any, name: str = "address") -> dict[str, str]:
    """The six address fields, all strings, nothing else."""
    if not isinstance(body, dict):
        raise _invalid(f"'{name}' must be an object with {', '.join(ADDRESS_FIELDS)}")
    only_fields(body, ADDRESS_FIELDS)
    return {field: string(body, field) for field in ADDRESS_FIELDS}


def order_lines(body: Body, name: str = "items") -> list[tuple[str, int]]:
    """`[{"item_id", "quantity"}]` as (item_id, quantity) pairs."""
    value = body.get(name)
    if not isinstance(value, list):
        raise _invalid(f"'{name}' must be a list of {{item_id, quantity}}")
    lines = []
    for entry in value:
        if not isinstance(entry, dict):
            raise _invalid(f"Each entry of '{name}' must be an object")
        only_fields(entry, ("item_id", "quantity"))
        lines.append((string(entry, "item_id"), quantity(entry.get("quantity", 1))))
    return lines


def query_string(query: QueryParams, name: str) -> str:
    value = query.get(name)
    if value is None:
        raise _invalid(f"Query parameter '{name}' is required")
    return value


def query_price(query: QueryParams, name: str) -> float | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise _invalid(f"'{name}' must be a number") from None
    if not math.isfinite(value) or value < 0:
        raise _invalid(f"'{name}' must be a non-negative number")
    return value


def query_limit(query: QueryParams, default: int = 20, maximum: int = 100) -> int:
    raw = query.get("limit")
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise _invalid(f"'limit' must be a whole number from 1 to {maximum}")
    return int(raw)


def query_flag(query: QueryParams, name: str) -> bool:
    raw = (query.get(name) or "false").lower()
    if raw not in ("true", "false", "1", "0"):
        raise _invalid(f"'{name}' must be true or false")
    return raw in ("true", "1")


def query_options(query: QueryParams) -> dict[str, str]:
    """Repeated `option=key:value` pairs."""
    options = {}
    for raw in query.getlist("option"):
        key, sep, value = raw.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise _invalid("'option' must look like key:value")
        options[key.strip()] = value.strip()
    return options
