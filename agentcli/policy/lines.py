"""Where a key (or one value of it) is written in a TOML policy file, for a refusal to name.

`tomllib` keeps no positions, so the text is scanned: table headers, `key =` lines (dotted
keys and inline tables too), and the quoted value inside the key's array.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


def _dotted(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


def line_of(text: str, keys: Sequence[str], value: str | None = None) -> int | None:
    """The 1-based line of `keys` (the line holding `value` in its array, if given), or None."""
    target = ".".join(keys)
    table, start = "", None
    for number, raw in enumerate(text.splitlines(), 1):
        header = _TABLE.match(raw)
        if header:
            if start is not None:
                break
            table = _dotted(header.group(1))
            continue
        if start is None:
            key, equals, _ = raw.partition("=")
            full = ".".join(p for p in (table, _dotted(key)) if p)
            if not equals or not (full == target or target.startswith(full + ".")):
                continue
            start = number
            if value is None:
                return number
        if value is not None and (f'"{value}"' in raw or f"'{value}'" in raw):
            return number
    return start
