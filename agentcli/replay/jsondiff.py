"""The first place where two JSON documents differ, as a path like `$.items[0].price`."""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class Absent:
    """Stands for a key or list element that one side does not have."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT = Absent()


class Difference(NamedTuple):
    path: str
    expected: Any
    got: Any


def _same_scalar(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def first_difference(expected: Any, got: Any, path: str = "$") -> Difference | None:
    """None when equal; dict keys are visited in sorted order, lists by position."""
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in sorted(set(expected) | set(got), key=str):
            here = f"{path}.{key}"
            if key not in expected:
                return Difference(here, ABSENT, got[key])
            if key not in got:
                return Difference(here, expected[key], ABSENT)
            found = first_difference(expected[key], got[key], here)
            if found is not None:
                return found
        return None
    if isinstance(expected, list) and isinstance(got, list):
        for i in range(max(len(expected), len(got))):
            here = f"{path}[{i}]"
            if i >= len(expected):
                return Difference(here, ABSENT, got[i])
            if i >= len(got):
                return Difference(here, expected[i], ABSENT)
            found = first_difference(expected[i], got[i], here)
            if found is not None:
                return found
        return None
    if isinstance(expected, dict | list) or isinstance(got, dict | list):
        return Difference(path, expected, got)
    return None if _same_scalar(expected, got) else Difference(path, expected, got)


def short(value: Any, limit: int = 120) -> str:
    """A one-line rendering of a value for reports."""
    if value is ABSENT:
        return "<absent>"
    text = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    )
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3] + "..."
