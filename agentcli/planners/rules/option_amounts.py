"""Amounts said in any unit spelling, read as the catalogue writes them: '1 litre', '1 ltr' and
'1L' are one capacity, '10 inch' and '10-inch' one screen, so a swap 'to the 1L' finds the
kettle whose capacity is written '1 liter', 'the 1.5 litre one' the one written '1.5L', and
'the 1 litre bottle' the one written '1000ml'."""

from __future__ import annotations

import re

#: each unit's spellings, to one name
_UNITS = {
    **dict.fromkeys("l ltr ltrs liter liters litre litres".split(), "l"),
    **dict.fromkeys("ml mls milliliter milliliters millilitre millilitres".split(), "ml"),
    **dict.fromkeys('inch inches in "'.split(), "inch"),
    **dict.fromkeys("ft feet foot".split(), "ft"),
    **dict.fromkeys("gb gig gigs".split(), "gb"),
    **dict.fromkeys("tb".split(), "tb"),
    **dict.fromkeys("mm".split(), "mm"),
    **dict.fromkeys("lb lbs pound pounds".split(), "lbs"),
    **dict.fromkeys("cup cups".split(), "cup"),
    **dict.fromkeys("hour hours hr hrs".split(), "hour"),
}
_AMOUNT = re.compile(r'(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*([a-z"]+)(?![\w])')


#: units that are another's multiple: '1 litre' is the '1000ml' bottle, '1TB' the '1000GB'
_SCALE = {"l": ("ml", 1000.0), "tb": ("gb", 1000.0)}


def _amounts(text: str) -> list[tuple[re.Match[str], float, str]]:
    found = []
    for m in _AMOUNT.finditer(text):
        unit = _UNITS.get(m.group(2))
        if unit is not None:
            base, scale = _SCALE.get(unit, (unit, 1.0))
            found.append((m, round(float(m.group(1)) * scale, 6), base))
    return found


def as_offered(words: list[str], values: list[str]) -> list[str]:
    """The words with each amount written as the one option value of the same amount and unit
    writes it; an amount no value has stays as it was said."""
    text = " ".join(words)
    offered = {(n, unit): m.group(0) for v in values for m, n, unit in _amounts(v.lower())}
    out, end = [], 0
    for m, n, unit in _amounts(text):
        written = offered.get((n, unit))
        if written is not None:
            out += [text[end : m.start()], written]
            end = m.end()
    return "".join([*out, text[end:]]).split()
