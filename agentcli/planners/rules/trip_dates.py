"""The days a travel line names: written out, numeric, as ranges, or relative to today.

"2030-12-10", "Dec 10", "the 10th of December", "12/10/2030", "from the 2nd to the 5th of
June", "10-12 dec", "tomorrow", "next friday", "in 3 days", "on the 3rd". A day without a
year is the next such day; a relative day counts from the session's date (`today()`), which
`AGENTCLI_TODAY` fixes so a suite reads the same dates on any day it runs.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

_NAMES = "january february march april may june july august september october november december"
MONTHS = {m: n for n, m in enumerate(_NAMES.split(), 1)}
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?"
_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
#: 'the second', 'twenty-first', 'thirty first': a day of the month in words
DAY_WORDS = {
    **_UNITS,
    **_TEENS,
    **{f"twenty{sep}{w}": 20 + n for w, n in _UNITS.items() for sep in (" ", "-", "")},
    **{f"thirty{sep}first": 31 for sep in (" ", "-", "")},
}
_DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))


def _day(name: str) -> str:
    """A day of the month as a named group: '2', '2nd', 'the 2nd', 'second', 'twenty-first'."""
    return rf"(?:the\s+)?(?P<{name}>\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})\b"


YEAR = r"(?:,?\s+(?:of\s+)?(?P<yr>\d{4}))?"
_TO = r"\s*(?:-|–|to|until|till|til|thru|through|and)\s*"
_OF = r"\s+(?:of\s+)?"
#: the forms of a day or a range in one month, tried in this order
FORMS = (
    re.compile(r"(?<![\d/.-])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?:[/.](?P<y>\d{4}|\d{2}))?\b"),
    re.compile(rf"\b{_day('d1')}{_TO}{_day('d2')}{_OF}(?P<mn>{MONTH}){YEAR}"),
    re.compile(rf"\b(?P<mn>{MONTH})\s+{_day('d1')}{_TO}{_day('d2')}{YEAR}"),
    re.compile(rf"\b{_day('d1')}{_OF}(?P<mn>{MONTH}){YEAR}"),
    re.compile(rf"\b(?P<mn>{MONTH})\s+{_day('d1')}{YEAR}"),
)
RELATIVE = re.compile(
    r"\b(?:(?P<today>today|tonight)|(?P<after>(?:the\s+)?day after tomorrow)|"
    r"(?P<tomorrow>tomorrow|tmrw|tmr|2moro|tomorow)|"
    rf"(?:(?P<next>next|this|coming|on|this coming|(?:the\s+)?following)\s+)?(?P<wd>{WEEKDAY})\b|"
    r"in\s+(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven)\s+(?P<unit>days?|weeks?)|"
    r"(?P<week>a week from (?:today|now)|"
    r"(?:(?:this|next|the)\s+(?:(?:up)?coming\s+)?|(?:up)?coming\s+)weekend(?!\s+of\b)|"
    r"(?:next|this coming)\s+(?:week|month))|"
    r"(?:(?:on|from|until|till|til|to|returning|back|by|and|through|thru|nights? of|for|in|out)"
    r"\s+the|"
    r"(?:check(?:ing)?[- ]?(?:in|out)|arriv(?:e|ing)|leav(?:e|ing)|depart(?:ing)?|"
    r"get(?:ting)? in)(?:\s+on)?(?:\s+the)?)\s+"
    r"(?P<lone>\d{1,2}(?:st|nd|rd|th))\b(?!\s+(?:one|ones|flight|hotel|option|offer|room|time)s?\b)"
    r")"
)
#: two days of the month said as a range with no month: '27th thru the 30th', '12th-15th'
DAYS_RANGE = re.compile(
    r"\b(?:the\s+)?(?P<a>\d{1,2})(?:st|nd|rd|th)"
    r"\s*(?:-|–|to|until|till|til|thru|through)\s*"
    r"(?:the\s+)?(?P<b>\d{1,2})(?:st|nd|rd|th)\b"
)
#: days people name by their feast rather than their date
HOLIDAYS = {
    r"new\s*years?'?s?\s+eve|nye": (12, 31),
    r"new\s*years?'?s?(?:\s+day)?": (1, 1),
    r"christmas\s+eve|xmas\s+eve": (12, 24),
    r"christmas(?:\s+day)?|xmas(?:\s+day)?": (12, 25),
    r"boxing\s+day": (12, 26),
    r"valentine'?s?(?:\s+day)?": (2, 14),
    r"hallowe'?en": (10, 31),
    r"independence\s+day|(?:the\s+)?fourth\s+of\s+july|july\s+(?:4th|fourth)": (7, 4),
}
HOLIDAY = re.compile(
    r"\b(?:" + "|".join(f"(?P<h{i}>{p})" for i, p in enumerate(HOLIDAYS)) + r")"
    r"(?:,?\s+(?:of\s+)?(?P<hy>\d{4}))?"
)
#: a weekday with a day of the month and no month: 'friday the 22nd', 'sat 14th'
WEEKDAY_DAY = re.compile(
    rf"\b(?P<wd>{WEEKDAY}),?\s+(?:(?:the\s+)(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})|"
    r"(?P<n>\d{1,2}(?:st|nd|rd|th)))\b"
)
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def today() -> date:
    """The session's date: `AGENTCLI_TODAY` (YYYY-MM-DD) when set, else today in UTC."""
    fixed = os.environ.get("AGENTCLI_TODAY", "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return datetime.now(UTC).date()


def _day_of(word: str) -> int:
    return int(re.sub(r"\D", "", word)) if word[0].isdigit() else DAY_WORDS[word]


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    return next((n for m, n in MONTHS.items() if len(word) >= 3 and m.startswith(word)), None)


def _make(year: int | None, month: int, day: int, now: date) -> date | None:
    try:
        found = date(year or now.year, month, day)
    except ValueError:
        return None
    if year is None and found < now:
        try:
            found = found.replace(year=now.year + 1)
        except ValueError:
            return None
    return found


def _next_day(day: int, since: date) -> date | None:
    """The next day of that number on or after `since`, in its month or the next."""
    for shift in (0, 1):
        month = (since.month - 1 + shift) % 12 + 1
        year = since.year + (since.month - 1 + shift) // 12
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= since:
            return found
    return None


def _numeric(m: re.Match[str], now: date) -> list[date | None]:
    """'12/10/2030' is month first as the shop's customers write it, unless the first number
    cannot be a month ('25/12/2030'); '10.12.2030' is day first, as people who write dots do."""
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if m["sep"] == "." or a > 12 else (a, b)
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0) if m["y"] else None
    if year is None and m["sep"] == ".":
        return []  # '3.5' is a number, not a day
    return [_make(year, month, day, now)]


def _named(m: re.Match[str], now: date) -> list[date | None]:
    groups = m.groupdict()
    if "m" in groups:
        return [_make(int(m["y"]), int(m["m"]), int(m["d"]), now)]
    if "a" in groups:
        return _numeric(m, now)
    month = _month(m["mn"])
    if month is None:
        return []
    year = int(m["yr"]) if m["yr"] else None
    days = [_make(year, month, _day_of(m["d1"]), now)]
    if groups.get("d2"):
        days.append(_make(year, month, _day_of(m["d2"]), now))
    return days


def _relative(m: re.Match[str], now: date) -> date | None:
    if m["today"]:
        return now
    if m["tomorrow"]:
        return now + timedelta(days=1)
    if m["after"]:
        return now + timedelta(days=2)
    if m["wd"]:
        wanted = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(m["wd"][:3]))
        ahead = (wanted - now.weekday()) % 7 or 7
        if m["next"] == "next" and now.weekday() + ahead <= 6:
            ahead += 7  # on a Wednesday 'next friday' is the Friday of next week
        return now + timedelta(days=ahead)
    if m["n"]:
        count = _COUNT.get(m["n"]) or int(m["n"])
        return now + timedelta(days=count * (7 if m["unit"].startswith("week") else 1))
    if m["week"]:
        if "weekend" in m["week"]:
            ahead = (4 - now.weekday()) % 7 or 7  # the Friday that starts it
            return now + timedelta(days=ahead + (7 if m["week"].startswith("next") else 0))
        if "week from" in m["week"]:
            return now + timedelta(days=7)
        return None  # 'next week', 'next month': no day said
    day = _day_of(m["lone"])
    found = _make(now.year, now.month, day, now)
    if found is None or found < now or found.month != now.month:
        following = date(now.year + (now.month == 12), now.month % 12 + 1, 1)
        found = _make(following.year, following.month, day, now)
    return found


def found_dates(text: str, now: date | None = None) -> list[tuple[int, date | None]]:
    """Every day the line names, as (position, day), in the order written; a range gives two,
    and a day said but impossible ('Feb 30', 'next week') gives None so the caller can ask."""
    now = now or today()
    found: list[tuple[int, date | None]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(m.start() < end and start < m.end() for start, end in taken)

    for form in FORMS:
        for m in form.finditer(text):
            days = _named(m, now) if free(m) else []
            if days:
                taken.append(m.span())
                found.extend((m.start() + i, d) for i, d in enumerate(days))
    for m in DAYS_RANGE.finditer(text):  # '27th thru the 30th', '12th-15th': no month said
        if free(m):
            taken.append(m.span())
            first = _next_day(int(m["a"]), now)
            found += [(m.start(), first), (m.start("b"), _next_day(int(m["b"]), first or now))]
    for m in HOLIDAY.finditer(text):
        if free(m):
            taken.append(m.span())
            month, day = next(v for i, v in enumerate(HOLIDAYS.values()) if m[f"h{i}"])
            found.append((m.start(), _make(int(m["hy"]) if m["hy"] else None, month, day, now)))
    for m in WEEKDAY_DAY.finditer(text):
        if free(m):
            taken.append(m.span())
            found.append((m.start(), _weekday_day(m, now)))
    dated = list(taken)
    for m in RELATIVE.finditer(text):
        if free(m) and not _named_weekday(text, m, dated):
            taken.append(m.span())
            earlier = [d for p, d in found if d is not None and p < m.start()]
            said = (m["next"] or "on").split()[
                -1
            ]  # 'the 3rd to the 10th', 'back the following sat'
            after = m["lone"] or (m["wd"] and said in ("on", "following"))
            since = max(earlier) if after and earlier else now  # 'june 14, back sunday'
            found.append((m.start(), _relative(m, since)))
    found = _either_way(text, found, now)
    years = [d.year for _, d in found if d is not None]
    if re.search(r"\b20\d\d\b", text) and len(set(years)) > 1:  # 'Dec 1 to Dec 4 2030'
        found = [(p, _same_year(d, max(years))) for p, d in found]
    return sorted(found, key=lambda pair: pair[0])


def _weekday_day(m: re.Match[str], now: date) -> date | None:
    """The next day that is both the weekday and the day of the month said ('friday the 22nd');
    if no month within a year has both, the next such day of the month, as the number is the
    surer of the two."""
    day = _day_of(m["d"] or m["n"])
    wanted = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(m["wd"][:3]))
    first: date | None = None
    for ahead in range(13):
        month = (now.month - 1 + ahead) % 12 + 1
        found = _make(now.year + (now.month - 1 + ahead) // 12, month, day, now)
        if found is None or found < now:
            continue
        first = first or found
        if found.weekday() == wanted:
            return found
    return first


def _named_weekday(text: str, m: re.Match[str], dated: list[tuple[int, int]]) -> bool:
    """A weekday said beside a date names that date's day, not a day of its own: 'friday the
    14th of june', 'fri 6/14', 'june 14 (a friday)'."""
    if not m["wd"] or m["next"] in ("next", "this coming"):
        return False
    between = r"[\s,(]*(?:a|on\s+a|which is\s+a)?\s*"
    before = any(
        start >= m.end() and re.fullmatch(r"[\s,]*", text[m.end() : start]) for start, _ in dated
    )
    after = any(
        end <= m.start() and re.fullmatch(between, text[end : m.start()]) for _, end in dated
    )
    return before or after


def _either_way(
    text: str, found: list[tuple[int, date | None]], now: date
) -> list[tuple[int, date | None]]:
    """Two numeric days that read either way round ('10/12/2030-12/12/2030') are read the way
    that makes the shorter stay: the customer wrote the order they use for both."""
    pairs = [m for m in FORMS[1].finditer(text) if m["sep"] == "/" and int(m["b"]) <= 12]
    if len(pairs) != 2 or any(int(m["a"]) > 12 for m in pairs):
        return found
    flipped = [_make(_year(m), int(m["b"]), int(m["a"]), now) for m in pairs]
    kept = [d for p, d in found if p in (pairs[0].start(), pairs[1].start())]
    if None in flipped or len(kept) != 2 or None in kept:
        return found

    def gap(days: list[date | None]) -> int:
        first, last = days
        assert first is not None and last is not None
        span = (last - first).days
        return span if span > 0 else 10_000

    if gap(list(flipped)) >= gap(kept):
        return found
    swap = {pairs[0].start(): flipped[0], pairs[1].start(): flipped[1]}
    return [(p, swap.get(p, d)) for p, d in found]


def _year(m: re.Match[str]) -> int | None:
    return int(m["y"]) + (2000 if len(m["y"]) == 2 else 0) if m["y"] else None


def _same_year(day: date | None, year: int) -> date | None:
    if day is None or day.year == year:
        return day
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def parse_date(text: str, now: date | None = None) -> date | None:
    """One day: '2026-12-10', 'December 10', 'Dec 10, 2026', '10 December', 'tomorrow'."""
    days = found_dates(text.strip().rstrip(".,").lower(), now)
    return days[0][1] if days else None


def weekend(text: str) -> bool:
    """'this weekend', 'next weekend': a stay from the Friday to the Sunday."""
    return bool(
        re.search(r"\b(?:(?:this|next|the) (?:(?:up)?coming )?|(?:up)?coming )weekend\b", text)
    )
