"""The reusable encoders write exactly the text `json` writes, so bodies match and answer alike."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentcli.replay.jsontext import encoder

FORMS: list[dict[str, Any]] = [
    {},
    {"sort_keys": True, "separators": (",", ":")},
    {"separators": (",", ":"), "allow_nan": False},
]

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.parametrize("form", FORMS, ids=str)
@settings(derandomize=True, deadline=None, database=None, max_examples=200)
@given(document=documents)
def test_text_is_what_json_writes(form: dict[str, Any], document: Any) -> None:
    assert encoder(**form)(document) == json.JSONEncoder(ensure_ascii=False, **form).encode(
        document
    )


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(ValueError):
        encoder(allow_nan=False)({"a": math.nan})
    with pytest.raises(TypeError):
        encoder()({"a": object()})
    assert encoder()([math.inf]) == "[Infinity]"
