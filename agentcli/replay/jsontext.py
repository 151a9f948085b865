"""JSON text (non-ASCII kept) from one encoder built once: `json.dumps` builds one per call.

A replay encodes every recorded request twice and every answer once; the encoder `json`
builds for each call costs a third of encoding a small body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json import encoder as _stdlib
from typing import Any

Encode = Callable[[Any], str]

_PROBE = {"b": [1, 2.5, -0.0, 1e100, None, True, 'é\n"\\'], "a": {"": []}, "c": (1,)}


def encoder(
    *, sort_keys: bool = False, separators: tuple[str, str] = (", ", ": "), allow_nan: bool = True
) -> Encode:
    """`json.JSONEncoder(ensure_ascii=False, ...).encode`, through one reusable C encoder where
    this Python has the one `json` itself uses (checked against it on a probe first).

    It skips `json`'s check for circular references: what it encodes is parsed JSON.
    """
    plain = json.JSONEncoder(
        ensure_ascii=False, sort_keys=sort_keys, separators=separators, allow_nan=allow_nan
    )
    make = getattr(_stdlib, "c_make_encoder", None)
    if make is None:
        return plain.encode
    item_separator, key_separator = separators
    try:
        fast = make(
            None,
            plain.default,
            _stdlib.encode_basestring,
            None,
            key_separator,
            item_separator,
            sort_keys,
            False,
            allow_nan,
        )
        same = "".join(fast(_PROBE, 0)) == plain.encode(_PROBE)
    except (TypeError, ValueError):  # another Python's C encoder takes other arguments
        return plain.encode
    if not same:
        return plain.encode

    def encode(value: Any) -> str:
        return "".join(fast(value, 0))

    return encode
