"""Masks secrets before anything reaches the trace: credentials by key and by their configured
value, card numbers by a Luhn check, passwords in URLs."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, quote_plus

SECRET_KEYS = {
    "authorization",
    "proxy-authorization",
    "api_key",
    "api-key",
    "x-api-key",
    "apikey",
    "cookie",
    "set-cookie",
    "password",
    "secret",
    "client_secret",
    "access_token",
    "refresh_token",
    "token",
}
REDACTED = "[REDACTED]"
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
_API_KEY = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b")
URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@\"'<>]*):([^@\s/\"'<>]+)@")
"""`scheme://user:password@`: group 1 up to the user, group 2 the password."""
_URL_PASSWORD_TAIL = re.compile(r"://[^/\s:@\"'<>]*:[^@\s/\"'<>]+@")
"""What every `URL_PASSWORD` match holds from its `://` on."""


def may_hold_url_password(text: str) -> bool:
    """False when `URL_PASSWORD` cannot match: a search that starts at a literal (`://`) is
    ten times faster than one that tries a scheme at every word, as the full pattern does."""
    return "://" in text and _URL_PASSWORD_TAIL.search(text) is not None


# 13+ digits, each joined to the next by at most three spaces, dots or dashes
_DIGIT_RUN = re.compile(r"\d(?:[ .\-]{0,3}\d){12,}")
_GROUP = re.compile(r"\d+")
# digits to 0, separators dropped: a card leaves 13 zeros in a row (bytes translate at C speed)
_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_SEPARATORS = b" .-"
_THIRTEEN_ZEROS = b"0" * 13


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


def _may_hold_a_card(text: str) -> bool:
    """False when no 13 digits in `text` are joined by nothing but separators."""
    # UTF-8 keeps ASCII bytes as they are and uses none in other characters' bytes
    raw = text.encode("utf-8", "surrogatepass")
    return _THIRTEEN_ZEROS in raw.translate(_ZEROS, _SEPARATORS)


def card_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of every card number in `text`: 13-19 digits passing Luhn, in
    groups joined by spaces, dots or dashes; a decimal number (`7.4242…`) is not one, nor are
    digits inside a long hex string (a hash, an idempotency key, an object id)."""
    return _card_spans(text) if _may_hold_a_card(text) else iter(())


def _card_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for run in _DIGIT_RUN.finditer(text):
        base = run.start()
        groups = [(base + m.start(), base + m.end()) for m in _GROUP.finditer(run.group())]
        if len(groups) == 2 and text[groups[0][1] : groups[1][0]] == ".":
            continue  # 4242424242424242.5 or 7.4242424242424242: a number with a fraction
        groups = [g for g in groups if not _inside_hex_string(text, *g)]
        i = 0
        while i < len(groups):
            found = _longest_card_from(text, groups, i)
            if found is None:
                i += 1
                continue
            j, digits = found
            yield groups[i][0], groups[j][1], digits
            i = j + 1


HEX_STRING_MIN = 24
"""Hex strings this long are hashes, keys and ids (24: an object id; 32: an MD5 or our
idempotency keys; 40, 64: SHA digests); nobody types a card glued into one."""
_HEX = frozenset("0123456789abcdefABCDEF")
_SEPARATOR_ONLY = re.compile(r"[ .\-]{0,3}")


_UUID = re.compile(
    r"(?<![0-9A-Za-z])[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}(?![0-9A-Za-z])"
)
"""A UUID (8-4-4-4-12 hex): an order or session id, never a card typed in groups."""
_UUID_LENGTH = 36


def _inside_hex_string(text: str, start: int, end: int) -> bool:
    """True when the digits at start:end belong to a hex string of HEX_STRING_MIN or more
    characters with a letter in it, or to a UUID (a random digest holds a Luhn-valid 13-19
    digit run about once in 600 keys, a UUID's dash-joined groups about once in 370; masking
    one would corrupt the id in the trace and in what the customer is told)."""
    if _inside_a_uuid(text, start, end):
        return True
    left, right = start, end
    while left > 0 and text[left - 1].isascii() and text[left - 1].isalnum():
        left -= 1
    while right < len(text) and text[right].isascii() and text[right].isalnum():
        right += 1
    if right - left < HEX_STRING_MIN or left == start and right == end:
        return False
    token = text[left:right]
    return all(c in _HEX for c in token)


def _inside_a_uuid(text: str, start: int, end: int) -> bool:
    """True when start:end lies inside a UUID (looked for only in the 36 characters around)."""
    if "-" not in text[max(0, start - 1) : end + 1]:
        return False
    window = max(0, start - _UUID_LENGTH)
    return any(
        m.start() <= start and end <= m.end()
        for m in _UUID.finditer(text, window, end + _UUID_LENGTH + 1)
    )


def _longest_card_from(text: str, groups: list[tuple[int, int]], i: int) -> tuple[int, str] | None:
    """The last group index and digits of the longest card starting at group `i`."""
    windows: list[tuple[int, str]] = []
    digits = ""
    for j in range(i, len(groups)):
        if j > i and not _SEPARATOR_ONLY.fullmatch(text, groups[j - 1][1], groups[j][0]):
            break  # a group dropped as part of a hex string lay between: no longer one number
        digits += text[groups[j][0] : groups[j][1]]
        if len(digits) > 19:
            break
        if len(digits) >= 13:
            windows.append((j, digits))
    return next((w for w in reversed(windows) if _luhn_ok(w[1])), None)


def mask_cards(text: str, *, json_text: bool = False) -> str:
    """`text` with each card number replaced by `[CARD ****1234]`; in JSON text a card that
    is a bare number becomes a string, so the text stays valid JSON."""
    if not _may_hold_a_card(text):
        return text
    pieces, last = [], 0
    for start, end, digits in _card_spans(text):
        masked = f"[CARD ****{digits[-4:]}]"
        if (
            json_text
            and digits == text[start:end]
            and start > 0
            and text[start - 1] in ":,["
            and text[end : end + 1] in ("", ",", "]", "}")
        ):
            masked = f'"{masked}"'
        pieces += [text[last:start], masked]
        last = end
    return "".join(pieces) + text[last:] if pieces else text


class SecretValues:
    """The configured credential values of this process (model API key, vendor secrets),
    masked wherever they appear: as given, JSON-escaped, URL-encoded, base64, in any case."""

    def __init__(self) -> None:
        self._forms: set[str] = set()
        self._lowered: tuple[str, ...] = ()
        self.pattern: re.Pattern[str] | None = None
        #: bumped whenever a value is added (so callers can drop cached results)
        self.generation = 0

    def add(self, value: str | None, *, user: str | None = None) -> None:
        """Mask `value` from now on; `user` also masks `user:value` as Basic auth sends it."""
        if not value or len(value) < 6:
            return  # too short to tell from ordinary text
        forms = {value, json.dumps(value)[1:-1], quote(value, safe=""), quote_plus(value)}
        for plain in (value, f"{user}:{value}" if user else None):
            if plain is None:
                continue
            for encoded in (
                base64.b64encode(plain.encode()),
                base64.urlsafe_b64encode(plain.encode()),
            ):
                forms |= {encoded.decode(), encoded.decode().rstrip("=")}
        if forms <= self._forms:
            return
        self._forms |= forms
        self._lowered = tuple({f.lower() for f in self._forms})
        alternatives = sorted(self._forms, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(f) for f in alternatives), re.IGNORECASE)
        self.generation += 1

    def mask(self, text: str, replacement: str = REDACTED, lowered: str | None = None) -> str:
        """`text` with every form of every value replaced; `lowered` is `text.lower()`."""
        if self.pattern is None:
            return text
        lowered = text.lower() if lowered is None else lowered
        # substring tests run at C speed; the case-blind pattern is several times slower
        if not any(form in lowered for form in self._lowered):
            return text
        return self.pattern.sub(replacement, text)


SECRETS = SecretValues()
"""This process's configured secrets: whoever reads a credential from configuration adds it."""


def _mask_secret_shapes(text: str, lowered: str | None = None) -> str:
    lowered = text.lower() if lowered is None else lowered
    if SECRETS.pattern is not None:
        masked = SECRETS.mask(text, lowered=lowered)
        if masked is not text:
            text, lowered = masked, masked.lower()
    if "bearer" in lowered or "basic" in lowered:
        text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    if "k-" in text:
        text = _API_KEY.sub(REDACTED, text)
    if may_hold_url_password(text):
        text = URL_PASSWORD.sub(lambda m: f"{m.group(1)}:{REDACTED}@", text)
    return text


def redact_text(text: str) -> str:
    """Configured secrets, bearer tokens, API keys, URL passwords and card numbers masked."""
    return mask_cards(_mask_secret_shapes(text))


_SECRET_FIELD = re.compile(
    r'"(' + "|".join(re.escape(k) for k in sorted(SECRET_KEYS)) + r')":"(?:[^"\\]|\\.)+"',
    re.IGNORECASE,
)


# `"key":` looked for in the lowered text reversed, as `:"yek"`: case-sensitive is several
# times faster than IGNORECASE, and the engine skips ahead to the literal `:"` (one per key)
# where forwards it stops at every `"`: a third faster again
_SECRET_KEY_REVERSED = re.compile(
    ':"(?:' + "|".join(re.escape(k[::-1]) for k in SECRET_KEYS) + ')"'
)


def redact_json_text(text: str) -> str:
    """Redact compact JSON text in one pass per pattern: much cheaper than walking objects.

    Expects the separators of `canonical_json` (no spaces): secret-named string fields are
    replaced, and secret-shaped substrings anywhere are masked.
    """
    lowered = text.lower()
    if _SECRET_KEY_REVERSED.search(lowered[::-1]):
        text = _SECRET_FIELD.sub(lambda m: f'"{m.group(1)}":"{REDACTED}"', text)
        lowered = text.lower()
    return mask_cards(_mask_secret_shapes(text, lowered), json_text=True)


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
