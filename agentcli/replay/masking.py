"""Masks personal data and secrets in recordings with a keyed token: one value, one token.

A token is `pii_<kind>_<12 hex>` where the hex is an HMAC-SHA256 of the value under a secret
key, so the same value masks the same way everywhere (requests still match on replay) and a
token cannot be turned back into the value without the key and a guess. Tokens are fixed
points: masking a token gives the token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from agentcli.replay.secretkey import key_id
from agentcli.trace.redact import SECRET_KEYS as TRACE_SECRET_KEYS
from agentcli.trace.redact import SECRETS, URL_PASSWORD, card_spans, may_hold_url_password

PERSONAL_KEYS = frozenset(
    {
        "email",
        "first_name",
        "last_name",
        "full_name",
        "address1",
        "address2",
        "city",
        "zip",
        "postal_code",
        "phone",
        "user_id",
        "customer",
        "last_four",
        "card_number",
        "street_address",
        "extended_address",
        "address_locality",
        "phone_number",
    }
)
"""JSON fields and query parameters whose string values are personal data."""

SECRET_KEYS = frozenset(TRACE_SECRET_KEYS | {"client_id", "id_token"})
"""Fields and headers whose values are credentials: replaced by FILTERED, never tokenised."""

FILTERED = "[FILTERED]"
TOKEN = re.compile(r"pii_(?:email|card|num|text)_[0-9a-f]{12}")
_TOKEN_WHOLE = re.compile(r"\Apii_(?:email|card|num|text)_[0-9a-f]{12}\Z")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_BEARER = re.compile(r"\b(Bearer|Basic)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}")
_API_KEY = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}")
_SUSPECT = re.compile(r"@|\d{4}|[spr]k-|Bearer|Basic")
"""A cheap first look: text without any of these has nothing shaped like a secret."""


PCHAR = ":@!$&'()*+,;=-._~"
"""Characters a URL path segment keeps unescaped."""

_MEMO_SIZE = 100_000
"""Masked strings remembered per masker (paths, ids and fields repeat across requests)."""

_CARD_FORMS = re.compile(r"pii_card_[0-9a-f]{12}|\[CARD \*{4}\d{4}\]")
_SECRET_FORMS = re.compile(r"\[(?:REDACTED|FILTERED)\]")


def fold_redactions(text: str) -> str:
    """One spelling for what the trace and the cassette each hide their own way.

    The trace keeps a card as `[CARD ****1234]` and a secret as `[REDACTED]`; a cassette keeps
    a card as a keyed token and a secret as `[FILTERED]`. A replay that takes its decisions
    from the trace must still match (and compare with) the cassette's spelling.
    """
    if "[" in text or "pii_card_" in text:
        text = _SECRET_FORMS.sub("[FILTERED]", _CARD_FORMS.sub("[CARD]", text))
    return text


def is_token(value: str) -> bool:
    return _TOKEN_WHOLE.match(value) is not None


class Masker:
    """Masks with one key.

    `known` holds the tokens of personal values, masked wherever one is a whole string;
    `values` are personal values in the clear, masked inside free text too (word-bounded).
    """

    def __init__(
        self,
        key: bytes,
        known: Iterable[str] = (),
        values: Iterable[str] = (),
        *,
        min_length: int = 3,
    ) -> None:
        self._key = key
        self.key_id = key_id(key)
        self.known: set[str] = set(known)
        #: the plain values learned in this process (never saved anywhere)
        self.learned: set[str] = set()
        self._tokens: dict[str, str] = {}
        self._values: re.Pattern[str] | None = None
        #: bumped whenever what this masker masks changes (so callers can drop cached results)
        self.generation = 0
        self._masked: dict[tuple[str, str | None], str] = {}
        self._secrets_generation = SECRETS.generation
        self.use_values(values, min_length=min_length)

    def use_values(self, values: Iterable[str], *, min_length: int = 3) -> None:
        """Mask these values inside any text from now on (longest first, whole words)."""
        chosen = sorted(
            {v for v in values if len(v) >= min_length and not is_token(v)}, key=len, reverse=True
        )
        self._values = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in chosen) + r")(?!\w)")
            if chosen
            else None
        )
        self._changed()

    def _changed(self) -> None:
        self.generation += 1
        self._masked.clear()

    # -- tokens ------------------------------------------------------------------------------

    def token(self, value: str) -> str:
        """The token for `value` (a token is its own token)."""
        cached = self._tokens.get(value)
        if cached is not None:
            return cached
        if is_token(value):
            return value
        digest = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
        self._tokens[value] = token = f"pii_{_kind(value)}_{digest}"
        return token

    def learn(self, value: Any) -> None:
        """Remember a personal value, so it is masked wherever it appears on its own."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value and not is_token(value):
            token = self.token(value)
            if token not in self.known or value not in self.learned:
                self.known.add(token)
                self.learned.add(value)
                self._changed()

    def learn_from(self, data: Any, key: str | None = None) -> None:
        """Learn every value under a personal key in a JSON document (or query pairs)."""
        if isinstance(data, Mapping):
            for k, v in data.items():
                self.learn_from(v, str(k).lower())
        elif isinstance(data, list | tuple):
            for v in data:
                self.learn_from(v, key)
        elif key in PERSONAL_KEYS:
            self.learn(data)

    # -- masking -----------------------------------------------------------------------------

    def mask_text(self, text: str) -> str:
        """Mask configured secrets, personal values (see `use_values`) and secret- and
        personal-shaped substrings: API keys, bearer tokens, URL passwords, emails, cards."""
        if SECRETS.pattern is not None:
            text = SECRETS.mask(text, FILTERED)
        if self._values is not None:
            text = self._values.sub(lambda m: self.token(m.group(0)), text)
        if may_hold_url_password(text):
            text = URL_PASSWORD.sub(lambda m: f"{m.group(1)}:{FILTERED}@", text)
        if _SUSPECT.search(text):
            if "-" in text:
                text = _API_KEY.sub(FILTERED, text)
            if "Bearer" in text or "Basic" in text:
                text = _BEARER.sub(lambda m: f"{m.group(1)} {FILTERED}", text)
            if "@" in text:
                text = _EMAIL.sub(lambda m: self.token(m.group(0)), text)
        return self._mask_cards(text) if len(text) >= 13 else text

    def _mask_cards(self, text: str) -> str:
        pieces, last = [], 0
        for start, end, digits in card_spans(text):
            pieces += [text[last:start], self.token(digits)]
            last = end
        return "".join(pieces) + text[last:] if pieces else text

    def mask_string(self, value: str, key: str | None = None) -> str:
        """One string value: by its key, by being a known personal value, else by shape."""
        if self._secrets_generation != SECRETS.generation:
            self._secrets_generation = SECRETS.generation
            self._masked.clear()
        memo = (value, key)
        masked = self._masked.get(memo)
        if masked is None:
            if len(self._masked) >= _MEMO_SIZE:
                self._masked.clear()
            masked = self._masked[memo] = self._mask_string(value, key)
        return masked

    def _mask_string(self, value: str, key: str | None) -> str:
        if not value or is_token(value):
            return value
        if key is not None:
            if key in SECRET_KEYS:
                return FILTERED
            if key in PERSONAL_KEYS:
                return self.token(value)
        if self.known and self.token(value) in self.known:
            return self.token(value)
        if value.startswith(("http://", "https://")) and " " not in value:
            return self.mask_url(value)
        return self.mask_text(value)

    def mask_url(self, url: str) -> str:
        """The URL with each path segment and query value masked as a value of its own."""
        parts = urlsplit(url)
        path = "/".join(
            quote(self.mask_string(unquote(s)), safe=PCHAR) for s in parts.path.split("/")
        )
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = urlencode([(k, self.mask_string(v, k.lower())) for k, v in pairs])
        return urlunsplit((parts.scheme, parts.netloc, path, query, ""))

    def mask_form(self, text: str) -> str:
        """A masked `application/x-www-form-urlencoded` body."""
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode([(k, self.mask_string(v, k.lower())) for k, v in pairs])

    def mask_json(self, data: Any, key: str | None = None) -> Any:
        """A masked copy of a JSON document."""
        if isinstance(data, str):
            return self.mask_string(data, key)
        if isinstance(data, dict):
            return {k: self.mask_json(v, str(k).lower()) for k, v in data.items()}
        if isinstance(data, list):
            return [self.mask_json(v, key) for v in data]
        if key in PERSONAL_KEYS and isinstance(data, int | float) and not isinstance(data, bool):
            return self.token(str(data))
        return data


def _kind(value: str) -> str:
    if _EMAIL.fullmatch(value):
        return "email"
    digits = value.replace(" ", "").replace("-", "")
    if digits.isdigit():
        return "card" if len(digits) >= 13 else "num"
    return "text"


class ValueMask:
    """Masks a document for comparing: as a cassette masks it (by key, by known value, inside
    URLs), and personal values of any length wherever they stand as words in text."""

    def __init__(self, masker: Masker, values: Iterable[str]) -> None:
        self._masker = Masker(masker._key, masker.known, values, min_length=1)

    def __call__(self, text: str) -> str:
        return fold_redactions(self._masker.mask_string(text))

    def json(self, data: Any) -> Any:
        return self._fold(self._masker.mask_json(data))

    def _fold(self, data: Any) -> Any:
        if isinstance(data, str):
            return fold_redactions(data)
        if isinstance(data, dict):
            return {k: self._fold(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self._fold(v) for v in data]
        return data
