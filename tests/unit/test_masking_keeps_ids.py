"""Hashes, idempotency keys and ids are not card numbers: a Luhn-valid run of digits inside a
long hex string stays as it is in the trace and in cassettes, so the key still matches."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from agentcli.replay.masking import Masker
from agentcli.trace.chain import canonical_json
from agentcli.trace.redact import HEX_STRING_MIN, redact_json_text, redact_text
from tests.unit.test_masking_holds import KEY, _luhn_complete

# a real idempotency key whose digest holds "18401465368801", 14 digits that pass Luhn
KEY_WITH_A_CARD_RUN = "agentcli-3a38033f7e9a18401465368801e210a1"


def test_an_idempotency_key_with_a_luhn_valid_run_is_kept() -> None:
    assert redact_text(KEY_WITH_A_CARD_RUN) == KEY_WITH_A_CARD_RUN
    payload = {"step": "authorize_payment", "idempotency_key": KEY_WITH_A_CARD_RUN}
    assert json.loads(redact_json_text(canonical_json(payload))) == payload
    assert (
        Masker(KEY)
        .mask_text(f"Idempotency-Key: {KEY_WITH_A_CARD_RUN}")
        .endswith(KEY_WITH_A_CARD_RUN)
    )


@st.composite
def hex_strings_holding_a_card(draw: st.DrawFn) -> str:
    """A hex string of 24-64 characters with a Luhn-valid 13-19 digit run inside."""
    length = draw(st.integers(13, 19))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    card = _luhn_complete(body)
    letters = st.text(alphabet="abcdef", min_size=1, max_size=1)
    hexes = st.text(alphabet="0123456789abcdef", max_size=20)
    before = draw(hexes) + draw(letters)
    after = draw(letters) + draw(hexes)
    whole = before + card + after
    padding = draw(st.text(alphabet="abcdef", min_size=max(0, HEX_STRING_MIN - len(whole))))
    return (padding + whole)[:64] if len(padding + whole) > 64 else padding + whole


@settings(max_examples=300, deadline=None)
@given(hex_strings_holding_a_card(), st.sampled_from(["", "agentcli-", "sha256:", "id "]))
def test_digits_inside_a_hex_string_are_never_taken_for_a_card(hexed: str, prefix: str) -> None:
    text = prefix + hexed
    assert redact_text(text) == text
    assert json.loads(redact_json_text(canonical_json({"key": text}))) == {"key": text}
    assert Masker(KEY).mask_text(text) == text


def test_a_card_typed_beside_a_hex_id_or_glued_to_a_word_is_still_masked() -> None:
    card = "4111111111111111"
    assert redact_text(f"{KEY_WITH_A_CARD_RUN} {card}").endswith("[CARD ****1111]")
    assert redact_text(f"my card is{card} thanks") == "my card is[CARD ****1111] thanks"
    assert redact_text(f"{'ab' * 3}{card}") == "ababab[CARD ****1111]"  # too short for a hash


# an order id the UCP reference merchant gave; "734151-5552-4240-825" is 17 digits passing Luhn
ORDER_ID_WITH_A_CARD_RUN = "fd734151-5552-4240-825f-b4f919cd6f2f"


def test_an_order_id_whose_dash_joined_digits_pass_luhn_is_kept() -> None:
    said = f"Done: order {ORDER_ID_WITH_A_CARD_RUN} is placed at flowers."
    assert redact_text(said) == said
    payload = {"order_id": ORDER_ID_WITH_A_CARD_RUN, "checkout": ORDER_ID_WITH_A_CARD_RUN.upper()}
    assert json.loads(redact_json_text(canonical_json(payload))) == payload
    assert Masker(KEY).mask_text(f"/orders/{ORDER_ID_WITH_A_CARD_RUN}") == (
        f"/orders/{ORDER_ID_WITH_A_CARD_RUN}"
    )


@st.composite
def uuids_holding_a_card(draw: st.DrawFn) -> str:
    """A UUID whose digit groups, read across their dashes, hold a Luhn-valid card run."""
    hexes = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
    raw = list(draw(hexes))
    start = draw(st.integers(0, 32 - 13))
    length = draw(st.integers(13, min(19, 32 - start)))
    card = _luhn_complete(
        draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    )
    raw[start : start + length] = card
    flat = "".join(raw)
    return "-".join((flat[:8], flat[8:12], flat[12:16], flat[16:20], flat[20:]))


@settings(max_examples=300, deadline=None)
@given(uuids_holding_a_card(), st.sampled_from(["", "order ", "/checkout-sessions/", "id="]))
def test_digits_inside_a_uuid_are_never_taken_for_a_card(uuid: str, prefix: str) -> None:
    text = f"{prefix}{uuid} is placed"
    assert redact_text(text) == text
    assert json.loads(redact_json_text(canonical_json({"id": text}))) == {"id": text}
    assert Masker(KEY).mask_text(text) == text


def test_a_card_in_dashed_groups_beside_a_uuid_is_still_masked() -> None:
    card = "4111-1111-1111-1111"
    said = redact_text(f"order {ORDER_ID_WITH_A_CARD_RUN} paid with {card}")
    assert said == f"order {ORDER_ID_WITH_A_CARD_RUN} paid with [CARD ****1111]"
    assert redact_text(f"{card}-{ORDER_ID_WITH_A_CARD_RUN}").startswith("[CARD ****1111]")
