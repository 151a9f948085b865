"""Reading JSON bodies and query strings into typed values, or `BadInput` with a reason."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

#: characters no name, address or id may hold: C0 and C1 controls, DEL, line and paragraph
#: separators, and the BIDI embeddings, overrides and isolates that reorder what is shown
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class BadInput(ValueError):
    """The request is malformed; each vendor renders it in its own error envelope."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def control_character(value: str) -> str | None:
    """The first character of `value` a vendor refuses in text (as `U+001B`), or None."""
    for char in value:
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return f"U+{ord(char):04X}"
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def json_object(raw: bytes, *, required: bool = True) -> dict[str, Any]:
    """The body as a JSON object; an empty body is `{}` unless one is required."""
    if not raw.strip():
        if required:
            raise BadInput("a JSON object body is required")
        return {}
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"the body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object")
    return body


def only(body: Mapping[str, Any], allowed: Collection[str]) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise BadInput(f"unknown field(s): {', '.join(unknown)}", unknown[0])


def text(
    body: Mapping[str, Any], name: str, *, pattern: str | None = None, max_length: int = 200
) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"'{name}' must be a non-empty string", name)
    if len(value) > max_length:
        raise BadInput(f"'{name}' is longer than {max_length} characters", name)
    refused = control_character(value)
    if refused is not None:
        raise BadInput(f"'{name}' holds a control character ({refused})", name)
    if pattern is not None and not re.fullmatch(pattern, value):
        raise BadInput(f"'{name}' is not well formed: {value!r}", name)
    return value


def optional_text(body: Mapping[str, Any], name: str, **kwargs: Any) -> str | None:
    return None if body.get(name) is None else text(body, name, **kwargs)


def integer(
    body: Mapping[str, Any], name: str, *, low: int, high: int, default: int | None = None
) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"'{name}' must be an integer", name)
    if not low <= value <= high:
        raise BadInput(f"'{name}' must be between {low} and {high}", name)
    return value


def boolean(body: Mapping[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise BadInput(f"'{name}' must be true or false", name)
    return value


def string_list(body: Mapping[str, Any], name: str, *, max_items: int = 20) -> list[str]:
    value = body.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise BadInput(f"'{name}' must be a list of strings", name)
    if not value or len(value) > max_items:
        raise BadInput(f"'{name}' must have between 1 and {max_items} entries", name)
    refused = next(filter(None, map(control_character, value)), None)
    if refused is not None:
        raise BadInput(f"'{name}' holds a control character ({refused})", name)
    return list(value)


def query_int(
    query: Mapping[str, str], name: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadInput(f"'{name}' must be an integer, not {raw!r}", name) from exc
    if not low <= value <= high:
        raise BadInput(f"'{name}' must be between {low} and {high}", name)
    return value


def query_flag(query: Mapping[str, str], name: str) -> bool:
    raw = (query.get(name) or "").lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadInput(f"'{name}' must be true or false, not {raw!r}", name)
