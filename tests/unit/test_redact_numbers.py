"""A card-shaped number outside a JSON string is masked without breaking the stored JSON."""

from __future__ import annotations

import json

from agentcli.trace.chain import canonical_json
from agentcli.trace.redact import redact_json_text


def test_bare_card_numbers_become_masked_strings() -> None:
    text = redact_json_text(
        canonical_json(
            {
                "a": 16241194966992,
                "b": [4111111111111111],
                "c": "card 4111111111111111",
                "d": 4111111111111111,
            }
        )
    )
    data = json.loads(text)
    assert data == {
        "a": "[CARD ****6992]",
        "b": ["[CARD ****1111]"],
        "c": "card [CARD ****1111]",
        "d": "[CARD ****1111]",
    }


def test_ordinary_numbers_stay_numbers() -> None:
    data = {"price": 29.28, "id": 1234567890, "big": 12345678901234}  # the last fails Luhn
    assert json.loads(redact_json_text(canonical_json(data))) == data
