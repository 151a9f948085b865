"""Request parsing: every malformed body or argument becomes `parameter_invalid`, never a 500."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sandbox.kit.params import control_character
from sandbox.pay.errors import parameter_invalid

CURRENCY = re.compile(r"[a-z]{3}")
MAX_LIMIT = 100
DEFAULT_LIMIT = 10
MAX_IDEMPOTENCY_KEY = 255


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object; an empty body is an empty object."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise parameter_invalid(None, "The request body is not valid JSON.") from exc
    if not isinstance(value, dict):
        raise parameter_invalid(None, "The request body must be a JSON object.")
    return value


def only(body: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse parameters the endpoint does not know (a typo must not pass silently)."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise parameter_invalid(unknown[0], f"Received unknown parameter: {unknown[0]}")


def positive_int(body: Mapping[str, Any], name: str, *, required: bool) -> int | None:
    """A positive integer amount in minor units (booleans and floats are refused)."""
    value = body.get(name)
    if value is None:
        if required:
            raise parameter_invalid(name, f"Missing required param: {name}.")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise parameter_invalid(name, f"{name} must be a positive integer (in cents).")
    return value


def currency(body: Mapping[str, Any]) -> str:
    value = body.get("currency")
    if not isinstance(value, str) or not CURRENCY.fullmatch(value):
        raise parameter_invalid("currency", "currency must be a 3-letter lowercase ISO code.")
    return value


def non_empty_str(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise parameter_invalid(name, f"{name} must be a non-empty string.")
    return _printable(name, value)


def optional_str(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise parameter_invalid(name, f"{name} must be a string.")
    return None if value is None else _printable(name, value)


def _printable(name: str, value: str) -> str:
    refused = control_character(value)
    if refused is not None:
        raise parameter_invalid(name, f"{name} must not contain control characters ({refused}).")
    return value


def metadata(body: Mapping[str, Any]) -> dict[str, str]:
    value = body.get("metadata")
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise parameter_invalid("metadata", "metadata must be an object of string values.")
    for key, text in value.items():
        _printable(f"metadata[{key}]", f"{key}{text}")
    return value


def limit(query: Mapping[str, str]) -> int:
    raw = query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= MAX_LIMIT):
        raise parameter_invalid("limit", f"limit must be an integer from 1 to {MAX_LIMIT}.")
    return int(raw)


def idempotency_key(headers: Mapping[str, str]) -> str | None:
    key = headers.get("idempotency-key")
    if key is None:
        return None
    if not key or len(key) > MAX_IDEMPOTENCY_KEY:
        raise parameter_invalid(
            None, f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} characters."
        )
    return key
