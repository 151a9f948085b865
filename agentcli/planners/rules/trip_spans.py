"""Days a traveller names by a span rather than a date: "next week", "end of the month".

"next week" and "the week after next" start on their Monday, "early", "mid" and "late" or
"the end of" a month fall on its 1st, 15th, 25th or last day, and "in a fortnight" is two
weeks on. A span is counted from the session's date, like every relative day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from agentcli.planners.rules.trip_dates import MONTH, MONTHS, found_dates, today
from agentcli.planners.rules.trip_feasts import feast_days

#: where in a month each edge word falls; 0 is the month's last day
EDGES = {"early": 1, "beginning": 1, "start": 1, "mid": 15, "middle": 15, "late": 25, "end": 0}
MONTH_SPAN = re.compile(
    r"\b(?:at\s+|by\s+)?(?:the\s+)?(?P<edge>early|beginning|start|mid|middle|late|end)"
    r"(?:\s+of|-|\s+)\s*(?:the\s+)?"
    rf"(?:(?P<which>this|next|the|coming)?\s*month\b|(?P<mn>{MONTH})(?:,?\s+(?P<yr>\d{{4}}))?)"
)
WEEK_SPAN = re.compile(
    r"\b(?:the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+(?P<whose>the|this|next)\s+week\b|"
    r"\b(?P<after>(?:the\s+)?week after next)\b|"
    r"\b(?:next|the following|this coming|the coming)\s+week\b(?!end)|"
    r"\bin\s+(?:a|one)\s+fortnight\b|\bin\s+(?P<weeks>two|2|three|3)\s+weeks'?\s+time\b"
)


def _month_day(month_start: date, edge: str) -> date:
    day = EDGES[edge] or calendar.monthrange(month_start.year, month_start.month)[1]
    return month_start.replace(day=day)


def _following(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _month_edge(m: re.Match[str], now: date) -> date:
    if m["mn"]:
        month = next(n for name, n in MONTHS.items() if name.startswith(m["mn"][:3]))
        year = int(m["yr"]) if m["yr"] else now.year
        found = _month_day(date(year, month, 1), m["edge"])
        if not m["yr"] and found < now:
            found = _month_day(date(year + 1, month, 1), m["edge"])
        return found
    start = now.replace(day=1) if m["which"] != "next" else _following(now)
    found = _month_day(start, m["edge"])
    return found if found >= now else _month_day(_following(now), m["edge"])


def _week(m: re.Match[str], now: date) -> date:
    monday = now + timedelta(days=7 - now.weekday())
    if m["part"]:  # the week's Monday, Wednesday or Friday
        start = monday if m["whose"] == "next" else monday - timedelta(days=7)
        day = start + timedelta(days={"end": 4, "middle": 2}.get(m["part"], 0))
        return day if day >= now else day + timedelta(days=7)
    if m["after"]:
        return monday + timedelta(days=7)
    if m["weeks"]:
        return now + timedelta(days=7 * (2 if m["weeks"] in ("two", "2") else 3))
    if "fortnight" in m.group(0):
        return now + timedelta(days=14)
    return monday


def span_days(text: str, now: date | None = None) -> list[tuple[int, int, date]]:
    """Every span the line names, as (start, end, its first day)."""
    now = now or today()
    found = [(m.start(), m.end(), _month_edge(m, now)) for m in MONTH_SPAN.finditer(text)]
    return found + [(m.start(), m.end(), _week(m, now)) for m in WEEK_SPAN.finditer(text)]


def trip_days(text: str, now: date | None = None) -> list[tuple[int, date | None]]:
    """The days of a travel line: its dates, and each span as its first day where the dates
    found no day ('next week' is none to them)."""
    now = now or today()
    spans = span_days(text, now)
    dated = feast_days(text, found_dates(text, now), now)

    def inside(p: int, start: int, end: int) -> bool:
        return start <= p < end

    kept = [(p, d) for p, d in dated if d is not None or not any(inside(p, *s[:2]) for s in spans)]
    for start, end, day in spans:
        if not any(inside(p, start, end) for p, d in kept if d is not None):
            kept.append((start, day))
    return sorted(kept, key=lambda pair: pair[0])
