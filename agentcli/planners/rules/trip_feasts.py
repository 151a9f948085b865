"""Days a traveller names by a feast: "over easter", "for christmas, 24th to 27th".

A feast whose date moves (Easter, Thanksgiving) is reckoned for its next coming; a feast said
with bare day numbers ("christmas, 24th to 27th", "new year, 30th to the 2nd") only says which
month they fall in, each number taken as the day of that number nearest to the feast.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from agentcli.planners.rules.trip_dates import HOLIDAY, HOLIDAYS, MONTH, WEEKDAY, WEEKDAYS


def easter(year: int) -> date:
    """Easter Sunday of the year (the Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _thursday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7 * (nth - 1))


def _monday(year: int, month: int, nth: int) -> date:
    """The nth Monday of the month; -1 is its last."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


#: feasts whose day changes every year, each with the days of its stay (first, last or None)
MOVABLE: dict[str, Callable[[int], tuple[date, date | None]]] = {
    r"(?:over|for|during)\s+(?:the\s+)?easter(?:\s+(?:weekend|break|holidays?))?|"
    r"easter\s+(?:weekend|break|holidays?)": lambda y: (
        easter(y) - timedelta(days=2),
        easter(y) + timedelta(days=1),
    ),
    r"good\s+friday": lambda y: (easter(y) - timedelta(days=2), None),
    r"easter\s+monday": lambda y: (easter(y) + timedelta(days=1), None),
    r"easter(?:\s+sunday)?": lambda y: (easter(y), None),
    r"thanksgiving(?:\s+(?:weekend|break))": lambda y: (
        _thursday(y, 11, 4),
        _thursday(y, 11, 4) + timedelta(days=3),
    ),
    r"thanksgiving(?:\s+day)?": lambda y: (_thursday(y, 11, 4), None),
    r"memorial\s+day\s+weekend": lambda y: (
        _monday(y, 5, -1) - timedelta(days=3),
        _monday(y, 5, -1),
    ),
    r"memorial\s+day": lambda y: (_monday(y, 5, -1), None),
    r"labou?r\s+day\s+weekend": lambda y: (_monday(y, 9, 1) - timedelta(days=3), _monday(y, 9, 1)),
    r"labou?r\s+day": lambda y: (_monday(y, 9, 1), None),
}
MOVABLE_FEAST = re.compile(
    r"\b(?:" + "|".join(f"(?P<f{i}>{p})" for i, p in enumerate(MOVABLE)) + r")\b"
    r"(?:,?\s+(?:of\s+)?(?P<fy>\d{4}))?"
)
#: a day of the month said alone: 'the 24th', '27th'; or a range of bare numbers '24-27'
BARE_DAY = re.compile(r"\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b")
BARE_RANGE = re.compile(
    r"\b(?P<a>\d{1,2})\s*(?:-|–|to|till|until)\s*(?P<b>\d{1,2})\b"
    r"(?!\s*(?:nights?|days?|people|persons?|guests?|adults?|kids?|children|pax|ppl|rooms?|"
    r"travell?ers?|[/.:]))"
)
#: a day number the dates read as in this month or the next: 'from the 24th'
LONE_DAY = re.compile(
    r"(?:on|from|until|till|til|to|returning|back|by|and|through|thru)\s+the\s+\d|"
    rf"(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{MONTH}(?:\s|$))"  # '24th to 27th'
)
#: a range word between a feast and another day: 'christmas eve through the 27th'
_JOIN = r"(?:-|–|to|until|till|til|thru|through)"
JOINED_AFTER = re.compile(rf"\s*{_JOIN}\s")
JOINED_BEFORE = re.compile(rf"\s{_JOIN}\s*$")
#: how far from the feast a bare day may fall and still be read as near it
NEAR = 20


def _movable(m: re.Match[str], now: date) -> tuple[date, date | None]:
    reckon = next(f for i, f in enumerate(MOVABLE.values()) if m[f"f{i}"])
    if m["fy"]:
        return reckon(int(m["fy"]))
    first, last = reckon(now.year)
    return (first, last) if first >= now else reckon(now.year + 1)


def _feasts(text: str, now: date) -> list[tuple[int, int, date, date | None]]:
    """Each feast of the line as (start, end, its first day, its last day or None)."""
    found = [(m.start(), m.end(), *_movable(m, now)) for m in MOVABLE_FEAST.finditer(text)]
    for m in HOLIDAY.finditer(text):
        month, day = next(v for i, v in enumerate(HOLIDAYS.values()) if m[f"h{i}"])
        year = int(m["hy"]) if m["hy"] else now.year
        feast = date(year, month, day)
        if not m["hy"] and feast < now:
            feast = feast.replace(year=year + 1)
        found.append((m.start(), m.end(), feast, None))
    return found


def _nearest(day: int, feast: date) -> date | None:
    """The date of that day number nearest to the feast, when it is near at all."""
    options = []
    for shift in (-1, 0, 1):
        month = (feast.month - 1 + shift) % 12 + 1
        year = feast.year + (feast.month - 1 + shift) // 12
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    best = min(options, key=lambda d: abs((d - feast).days), default=None)
    return best if best is not None and abs((best - feast).days) <= NEAR else None


def _after(text: str, at: int, day: date | None, feast: date) -> date | None:
    """A weekday said after a feast falls after it: 'thanksgiving thru sunday'."""
    said = re.match(rf"(?:(?:next|this|on|coming)\s+)?({WEEKDAY})\b", text[at:])
    if day is None or day >= feast or said is None:
        return day
    weekday = next(i for i, name in enumerate(WEEKDAYS) if name[:3] == said.group(1)[:3])
    return feast + timedelta(days=(weekday - feast.weekday()) % 7 or 7)


def _joined(text: str, start: int, end: int, dated: list[tuple[int, date | None]]) -> bool:
    """Whether a range word ties the feast to a day said just after or before it ('christmas
    eve thru boxing day', 'from the 20th till christmas'), so the feast is a day, not a month."""
    after = JOINED_AFTER.match(text, end)
    if after and any(after.start() <= p <= after.end() + 4 for p, _ in dated):
        return True
    before = JOINED_BEFORE.search(text[:start])
    if before is None:
        return False
    at = before.start()
    return any(p < at and "," not in text[p:at] and at - p <= 16 for p, _ in dated)


def feast_days(
    text: str, dated: list[tuple[int, date | None]], now: date
) -> list[tuple[int, date | None]]:
    """The line's days with its feasts read: bare day numbers placed by the feast they are
    said with (which then names no day of its own), else the feast's own days."""
    feasts = _feasts(text, now)
    if not feasts:
        return dated
    start, end, first, last = feasts[0]
    if _joined(text, start, end, dated):  # the feast is one end of a range: its own first day
        kept = [(p, _after(text, p, d, first) if p >= end else d) for p, d in dated]
        kept = [(p, d) for p, d in kept if not start <= p < end]
        return sorted([*kept, (start, first)], key=lambda pair: pair[0])
    lone = [(p, d) for p, d in dated if LONE_DAY.match(text, p)]
    if any(not start <= p < end and (p, d) not in lone for p, d in dated):
        return [(p, d) for p, d in dated if not start <= p < end]  # the dates said win
    bare = [(m.start("d"), int(m["d"])) for m in BARE_DAY.finditer(text)]
    for m in BARE_RANGE.finditer(text):
        bare += [(m.start("a"), int(m["a"])), (m.start("b"), int(m["b"]))]
    placed = {p: _nearest(d, first) for p, d in bare if not start <= p < end}
    kept = [(p, d) for p, d in dated if (p, d) not in lone and not start <= p < end]
    if placed and all(placed.values()):
        return sorted(kept + list(placed.items()), key=lambda pair: pair[0])
    if placed:  # a number too far from the feast to be read by it
        return dated
    own: list[tuple[int, date | None]] = [(start, first)]
    own += [(start + 1, last)] if last is not None else []
    return sorted(kept + own, key=lambda pair: pair[0])
