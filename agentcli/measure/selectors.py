"""Run selectors: `key:value` terms joined by spaces (all must hold), e.g.
`since:7d planner:openai prompt:v2 outcome:purchase,escalated`; commas give alternatives."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from errortree import UserError

DAY = 86400.0
TIME_KEYS = ("since", "until")
COLUMNS = {
    "command": "command",
    "planner": "planner",
    "model": "model",
    "prompt": "prompt_version",
    "outcome": "outcome",
    "status": "status",
    "variant": "variant",
}
KEYS = (*TIME_KEYS, *COLUMNS, "suite")
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": DAY, "w": 7 * DAY}


class SelectorError(UserError):
    """A selector that cannot be read; the message names the term and what is wrong."""


def parse_time(text: str, now: float | None = None) -> float | None:
    """`7d`, `24h`, `30m`, `90s`, `2w` ago, or an ISO date or date-time → Unix time; None if
    neither."""
    now = time.time() if now is None else now
    text = text.strip()
    if text[-1:] in _UNITS and text[:-1].replace(".", "", 1).isdigit():
        return now - float(text[:-1]) * _UNITS[text[-1]]
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


@dataclass(frozen=True)
class Term:
    """One `key:value` of a selector; `values` are alternatives, `moment` a parsed time."""

    key: str
    values: tuple[str, ...]
    moment: float | None = None


@dataclass(frozen=True)
class Selector:
    """The runs a text like `since:7d planner:openai` names; empty means every run."""

    text: str
    terms: tuple[Term, ...] = ()

    def sql(self, table: str = "runs") -> tuple[str, list[Any]]:
        """A WHERE condition over `table` (the runs table or an alias of it) and its params."""
        clauses: list[str] = []
        params: list[Any] = []
        for term in self.terms:
            if term.key == "since":
                clauses.append(f"{table}.started_at >= ?")
                params.append(term.moment)
            elif term.key == "until":
                clauses.append(f"{table}.started_at < ?")
                params.append(term.moment)
            elif term.key == "suite":
                marks = ", ".join("?" * len(term.values))
                clauses.append(
                    f"{table}.id IN (SELECT run_id FROM suite_results "
                    f"WHERE lower(suite) IN ({marks}))"
                )
                params += term.values
            else:
                marks = ", ".join("?" * len(term.values))
                clauses.append(f"lower(COALESCE({table}.{COLUMNS[term.key]}, '')) IN ({marks})")
                params += term.values
        return (" AND ".join(clauses) or "1"), params

    def matches(self, run: Mapping[str, Any]) -> bool:
        """Whether a run row (the runs table's columns, plus `suites` when known) is selected."""
        for term in self.terms:
            if term.key == "since" and not run.get("started_at", 0) >= (term.moment or 0):
                return False
            if term.key == "until" and not run.get("started_at", 0) < (term.moment or 0):
                return False
            if term.key == "suite":
                suites = {str(s).lower() for s in run.get("suites") or ()}
                if not suites & set(term.values):
                    return False
            column = COLUMNS.get(term.key)
            if column and str(run.get(column) or "").lower() not in term.values:
                return False
        return True


def parse_selector(text: str, *, now: float | None = None, option: str = "selector") -> Selector:
    """Read a selector; a mistake raises SelectorError naming the term (`option` names the flag)."""
    terms: list[Term] = []
    for word in text.split():
        key, sep, value = word.partition(":")
        key = key.lower()
        if not sep or not value:
            raise SelectorError(
                f"{option} {text!r}: {word!r} is not key:value (keys: {', '.join(KEYS)})"
            )
        if key not in KEYS:
            raise SelectorError(f"{option} {text!r}: unknown key {key!r} (keys: {', '.join(KEYS)})")
        if key in TIME_KEYS:
            moment = parse_time(value, now)
            if moment is None:
                raise SelectorError(
                    f"{option} {text!r}: {key}:{value} is not a duration like 7d, 24h, 30m "
                    "or a date like 2026-11-01"
                )
            terms.append(Term(key, (value,), moment))
            continue
        values = tuple(v.lower() for v in value.split(",") if v)
        terms.append(Term(key, values))
    return Selector(text.strip(), tuple(terms))
