"""Masks secrets before anything reaches the trace: credentials by key, card numbers by shape."""

from __future__ import annotations

import re
from typing import Any

SECRET_KEYS = {
    "authorization", "proxy-authorization", "api_key", "api-key", "x-api-key", "apikey",
    "cookie", "set-cookie", "password", "secret", "client_secret", "access_token",
    "refresh_token", "token",
}
REDACTED = "[REDACTED]"
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
_API_KEY = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if 13 <= len(digits) <= 19 and _luhn_ok(digits):
        return f"[CARD ****{digits[-4:]}]"
    return match.group(0)


def redact_text(text: str) -> str:
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _API_KEY.sub(REDACTED, text)
    return _CARD.sub(_mask_card, text)


def redact(value: Any) -> Any:
    """A copy of `value` with secret-named fields replaced and secret-shaped strings masked."""
    if isinstance(value, dict):
        return {
            k: (REDACTED if str(k).lower() in SECRET_KEYS and v else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    return value
