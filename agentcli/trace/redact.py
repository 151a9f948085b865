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
# the leftmost match starts at the first digit of a run and is greedy, so no look-arounds
_CARD = re.compile(r"\d[\d -]{11,24}\d")
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
    text, start, end = match.string, match.start(), match.end()
    if (start > 0 and text[start - 1] in ".-") or text[end:end + 1] == ".":
        return match.group(0)  # part of a number such as 7.287791999942783, not a card
    digits = re.sub(r"\D", "", match.group(0))
    if 13 <= len(digits) <= 19 and _luhn_ok(digits):
        bare_json_number = (digits == match.group(0) and start > 0 and text[start - 1] in ":,["
                            and (end == len(text) or text[end] in ",]}"))
        masked = f"[CARD ****{digits[-4:]}]"
        return f'"{masked}"' if bare_json_number else masked  # keep JSON text valid
    return match.group(0)


def redact_text(text: str) -> str:
    lowered = text.lower()
    if "bearer" in lowered or "basic" in lowered:
        text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    if "k-" in text:
        text = _API_KEY.sub(REDACTED, text)
    if _may_hold_card(text):
        text = _CARD.sub(_mask_card, text)
    return text


_ZEROS = str.maketrans("123456789", "000000000")


def _may_hold_card(text: str) -> bool:
    """A card number has 13+ digits, contiguous or in groups of 4+: a cheap C-speed test."""
    flat = text.translate(_ZEROS)
    return "0" * 13 in flat or "0000 0000" in flat or "0000-0000" in flat


_SECRET_FIELD = re.compile(
    r'"(' + "|".join(re.escape(k) for k in sorted(SECRET_KEYS)) + r')":"(?:[^"\\]|\\.)+"',
    re.IGNORECASE,
)


# a case-sensitive search over the lowered text is several times faster than IGNORECASE
_SECRET_KEY_LOWER = re.compile('"(?:' + "|".join(re.escape(k) for k in SECRET_KEYS) + ')":')


def redact_json_text(text: str) -> str:
    """Redact compact JSON text in one pass per pattern: much cheaper than walking objects.

    Expects the separators of `canonical_json` (no spaces): secret-named string fields are
    replaced, and secret-shaped substrings anywhere are masked.
    """
    if _SECRET_KEY_LOWER.search(text.lower()):
        text = _SECRET_FIELD.sub(lambda m: f'"{m.group(1)}":"{REDACTED}"', text)
    return redact_text(text)


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
