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
