"""Card numbers in any format, configured secrets in any shape, and URL passwords are masked in
the trace and in cassettes; decimal numbers are left alone."""

from __future__ import annotations

import base64
import json
import random
import re
import secrets
from urllib.parse import quote

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agentcli.planners.openai.client import without_cards
from agentcli.replay.masking import FILTERED, Masker
from agentcli.trace.chain import canonical_json
from agentcli.trace.redact import (
    REDACTED,
    SECRET_KEYS,
    SECRETS,
    URL_PASSWORD,
    may_hold_url_password,
    redact_json_text,
    redact_text,
)

KEY = bytes(range(32))
SEPARATORS = [" ", "  ", "   ", ".", "-", " - ", " . "]
TRAILING = ["", ".", ",", "!", "?", ";", ":", ")", "...", ".)", "!!"]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=20)


def _luhn_complete(body: str) -> str:
    """`body` plus the check digit that makes it pass Luhn."""
    for check in "0123456789":
        digits = body + check
        total = sum(
            (int(c) * 2 - 9 if int(c) * 2 > 9 else int(c) * 2) if i % 2 else int(c)
            for i, c in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


@st.composite
def typed_cards(draw: st.DrawFn) -> tuple[str, str]:
    """(digits, the card as a customer might type it: any grouping, any separators)."""
    length = draw(st.integers(13, 19))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    digits = _luhn_complete(str(draw(st.integers(1, 9))) + body[1:])
    cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=length - 1)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, length], strict=True)]
    separator = draw(st.sampled_from(SEPARATORS))
    mixed = draw(st.booleans())
    typed = groups[0]
    for group in groups[1:]:
        typed += (draw(st.sampled_from(SEPARATORS)) if mixed else separator) + group
    # two groups joined by one dot is how a decimal number is written: not taken for a card
    assume(not re.fullmatch(r"\d+\.\d+", typed))
    return digits, typed + draw(st.sampled_from(TRAILING))


def _digits_left(text: str) -> str:
    return re.sub(r"\D", "", text)


@settings(max_examples=300, deadline=None)
@given(typed_cards(), WORDS, WORDS)
def test_a_typed_card_leaves_only_its_last_four_digits(
    card: tuple[str, str], before: str, after: str
) -> None:
    digits, typed = card
    line = f"{before} {typed} {after}"
    assert _digits_left(redact_text(line)) == digits[-4:]
    stored = redact_json_text(canonical_json({"text": line, "turn": 1}))
    assert _digits_left(json.loads(stored)["text"]) == digits[-4:]
    masker = Masker(KEY)
    assert masker.mask_text(line) == line.replace(typed.rstrip(".,!?;:)"), masker.token(digits))
    sent = without_cards({"messages": [{"role": "user", "content": line}]})
    assert _digits_left(sent["messages"][0]["content"]) == digits[-4:]


@settings(max_examples=200, deadline=None)
@given(typed_cards())
def test_a_card_as_a_bare_json_number_becomes_a_string_and_the_json_stays_valid(
    card: tuple[str, str],
) -> None:
    digits, _ = card
    stored = redact_json_text(canonical_json({"a": int(digits), "b": [int(digits), 2]}))
    assert json.loads(stored) == {
        "a": f"[CARD ****{digits[-4:]}]",
        "b": [f"[CARD ****{digits[-4:]}]", 2],
    }


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.text(alphabet="0123456789", min_size=13, max_size=19))
def test_decimal_numbers_are_not_cards(whole: int, fraction: str) -> None:
    number = f"{whole}.{fraction}"
    assert redact_text(f"took {number} ms") == f"took {number} ms"
    assert Masker(KEY).mask_text(number) == number
    as_json = canonical_json({"duration_ms": float(number)})
    assert redact_json_text(as_json) == as_json


def test_a_configured_secret_is_masked_in_every_shape() -> None:
    value = "cfg-" + secrets.token_urlsafe(18) + "/+="
    SECRETS.add(value, user="agentcli-shop")
    shapes = [
        value,
        value.upper(),
        quote(value, safe=""),
        json.dumps(value)[1:-1],
        base64.b64encode(value.encode()).decode(),
        base64.b64encode(f"agentcli-shop:{value}".encode()).decode(),
    ]
    for shape in shapes:
        echoed = f"the endpoint said: {shape}!"
        assert shape not in redact_text(echoed), shape
        assert shape not in redact_json_text(canonical_json({"echo": echoed})), shape
        assert Masker(KEY).mask_text(echoed) == "the endpoint said: [FILTERED]!", shape
    memo = Masker(KEY)
    later = "late-" + secrets.token_urlsafe(18)
    assert memo.mask_string(f"x {later}") == f"x {later}"
    SECRETS.add(later)  # a secret configured later is masked even where a result was cached
    assert memo.mask_string(f"x {later}") == f"x {FILTERED}"


def test_passwords_in_urls_are_masked() -> None:
    for url, kept in [
        ("https://bob:s3cr3t-pw@shop.example/v1", "https://bob:"),
        ("postgres://svc:p%40ss@db:5432/x", "postgres://svc:"),
        ("see http://u:pw123456@host.", "see http://u:"),
    ]:
        for masked in (
            redact_text(url),
            Masker(KEY).mask_text(url),
            json.loads(redact_json_text(canonical_json({"u": url})))["u"],
        ):
            assert kept in masked and "@" in masked
            assert not any(p in masked for p in ("s3cr3t", "p%40ss", "pw123456")), masked
    assert redact_text("https://shop.example:8443/v1/users") == "https://shop.example:8443/v1/users"


URL_BITS = st.text(alphabet="ab:/@ \"'<>.%Z9\n", max_size=12)


@settings(max_examples=500, deadline=None)
@given(URL_BITS, URL_BITS, URL_BITS, URL_BITS)
def test_the_quick_look_for_a_url_password_never_misses_one(
    before: str, user: str, password: str, after: str
) -> None:
    """Whatever the full pattern would mask, the quick look lets through to it."""
    for text in (f"{before}://{user}:{password}@{after}", before + user + password + after):
        if URL_PASSWORD.search(text):
            assert may_hold_url_password(text), text


@settings(max_examples=200, deadline=None)
@given(typed_cards(), st.sampled_from(["n°", "карта", "卡号", "💳", "café—", "\ud800"]))
def test_a_card_beside_text_in_any_script_is_masked(card: tuple[str, str], word: str) -> None:
    digits, typed = card
    line = f"{word} {typed} {word}{word}"
    assert _digits_left(redact_text(line)) == digits[-4:]
    stored = redact_json_text(canonical_json({"text": line}))
    assert _digits_left(json.loads(stored)["text"]) == digits[-4:]
    masker = Masker(KEY)
    assert masker.mask_text(line) == line.replace(typed.rstrip(".,!?;:)"), masker.token(digits))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SECRET_KEYS)), st.randoms(use_true_random=False), WORDS)
def test_every_secret_named_field_is_replaced_in_the_trace_whatever_its_case(
    key: str, rng: random.Random, value: str
) -> None:
    cased = "".join(c.upper() if rng.random() < 0.5 else c for c in key)
    near = {"x_" + key: "kept", key + "s": "kept", "note": f"{key} is a word here"}
    payload = {"headers": {cased: "v-" + value, **near}, "turn": 1}
    stored = json.loads(redact_json_text(canonical_json(payload)))
    assert stored == {"headers": {cased: REDACTED, **near}, "turn": 1}
