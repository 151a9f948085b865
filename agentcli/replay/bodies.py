"""Bodies on the wire: JSON parsed when it is JSON, form bodies recognised by content type."""

from __future__ import annotations

import json
from typing import Any

import httpx


def parse_body(content: bytes) -> tuple[Any, bool]:
    """(parsed JSON, True) when the bytes are JSON; else (text or None, False)."""
    if not content:
        return None, False
    text = content.decode("utf-8", errors="replace")
    if text.lstrip()[:1] in ("{", "[", '"') or text.strip() in ("true", "false", "null"):
        try:
            return json.loads(text), True
        except ValueError:
            pass
    return text, False


def is_form(headers: Any) -> bool:
    if isinstance(headers, dict):  # a recording's headers (checked first: it is cheaper)
        value = headers.get("content-type")
    elif isinstance(headers, httpx.Headers):
        # one pass over the raw pairs: `Headers.get` decodes every header on each call
        return any(
            k.lower() == b"content-type" and b"x-www-form-urlencoded" in v for k, v in headers.raw
        )
    else:
        value = headers.get("content-type") if hasattr(headers, "get") else None
    if isinstance(value, list):
        value = value[0] if value else None
    return bool(value) and "x-www-form-urlencoded" in str(value)
