"""Checks one turn's (or the whole case's) facts against its expectations."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agentcli.suites.model import ActionMatcher, CaseExpect, Expectations, SagaExpect
from agentcli.suites.observe import ActionFact, RunFacts, ScopeFacts
from agentcli.trace.events import SagaFinished


@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold: where (turn, 1-based; None = the case), what, vs what."""

    check: str
    expected: str
    got: str
    turn: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "check": self.check, "expected": self.expected, "got": self.got}


def check_run(
    case_expect: CaseExpect, turn_expects: list[Expectations], facts: RunFacts
) -> list[Failure]:
    """Every turn's expectations, then the case's."""
    failures: list[Failure] = []
    for number, expect in enumerate(turn_expects, 1):
        scope = facts.turns[number - 1] if number <= len(facts.turns) else ScopeFacts()
        failures += check_scope(expect, scope, number)
    whole = facts.whole
    failures += check_scope(case_expect, whole, None)
    if case_expect.errors is None and whole.errors:  # unless a case says otherwise: none
        failures.append(Failure("errors", "no errors recorded", "; ".join(whole.errors)))
    if case_expect.outcome is not None and facts.outcome != case_expect.outcome:
        failures.append(Failure("outcome", case_expect.outcome, str(facts.outcome)))
    return failures


def check_scope(expect: Expectations, facts: ScopeFacts, turn: int | None) -> list[Failure]:
    failures = list(_checks(expect, facts))
    return [Failure(check, expected, got, turn) for check, expected, got in failures]


def _checks(expect: Expectations, facts: ScopeFacts) -> Iterable[tuple[str, str, str]]:
    if expect.actions is not None:
        got = facts.vendor_actions
        if len(got) != len(expect.actions) or not all(
            matches(m, a) for m, a in zip(expect.actions, got, strict=False)
        ):
            yield "actions", _matchers(expect.actions), _facts(got)
    for matcher in expect.contains:
        if not any(matches(matcher, action) for action in facts.actions):
            yield "contains", describe(matcher), _facts(facts.actions)
    for matcher in expect.absent:
        present = [a for a in facts.actions if matches(matcher, a)]
        if present:
            yield "absent", f"no {describe(matcher)}", _facts(present)
    said = "\n".join(facts.said)
    for text in expect.reply_contains:
        if text.lower() not in said.lower():
            yield "reply_contains", repr(text), _quote(said)
    for text in expect.reply_not_contains:
        if text.lower() in said.lower():
            yield "reply_not_contains", f"no {text!r}", _quote(said)
    if expect.reply_matches is not None and not re.search(expect.reply_matches, said):
        yield "reply_matches", f"/{expect.reply_matches}/", _quote(said)
    if expect.ends_with is not None and facts.ended_with != expect.ends_with:
        yield "ends_with", expect.ends_with, facts.ended_with
    if expect.confirmation_asked is not None and (
        (facts.confirmations > 0) != expect.confirmation_asked
    ):
        yield (
            "confirmation_asked",
            _asked(expect.confirmation_asked),
            _asked(facts.confirmations > 0),
        )
    if expect.approvals_asked is not None and facts.approvals != expect.approvals_asked:
        yield "approvals_asked", str(expect.approvals_asked), str(facts.approvals)
    if expect.sagas is not None:
        got_sagas = [_saga_text(s) for s in facts.sagas]
        if len(facts.sagas) != len(expect.sagas) or not all(
            _saga_matches(e, s) for e, s in zip(expect.sagas, facts.sagas, strict=False)
        ):
            yield (
                "sagas",
                ", ".join(_expected_saga(e) for e in expect.sagas) or "none",
                ", ".join(got_sagas) or "none",
            )
    if expect.compensations is not None and facts.compensations != expect.compensations:
        yield (
            "compensations",
            ", ".join(expect.compensations) or "none",
            ", ".join(facts.compensations) or "none",
        )
    if expect.invalid_actions is not None and facts.invalid != expect.invalid_actions:
        yield "invalid_actions", str(expect.invalid_actions), str(facts.invalid)
    if expect.errors is not None and len(facts.errors) != expect.errors:
        yield "errors", str(expect.errors), "; ".join(facts.errors) or "0"


# -- matching ----------------------------------------------------------------------------


def matches(matcher: ActionMatcher, action: ActionFact) -> bool:
    if matcher.action != action.name:
        return False
    if matcher.ok is not None and action.ok is not matcher.ok:
        return False
    if matcher.error is not None and action.error != matcher.error:
        return False
    if matcher.match == "exact" and set(matcher.args) != set(action.args):
        return False
    return all(
        key in action.args and value_matches(expected, action.args[key])
        for key, expected in matcher.args.items()
    )


def value_matches(expected: Any, got: Any) -> bool:
    """Equality, with `{regex: …}` for text, subsets for mappings and tolerance for money."""
    if isinstance(expected, dict) and set(expected) == {"regex"}:
        return got is not None and re.search(str(expected["regex"]), _text(got)) is not None
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(
            key in got and value_matches(value, got[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(got, list)
            and len(expected) == len(got)
            and all(value_matches(e, g) for e, g in zip(expected, got, strict=True))
        )
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return math.isclose(expected, got, rel_tol=0, abs_tol=1e-9)
    return bool(expected == got)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _saga_matches(expect: SagaExpect, saga: SagaFinished) -> bool:
    return (
        saga.saga == expect.saga
        and saga.status == expect.status
        and (expect.failed_step is None or saga.failed_step == expect.failed_step)
    )


# -- wording -------------------------------------------------------------------------------


def describe(matcher: ActionMatcher) -> str:
    parts = [json.dumps(matcher.args, ensure_ascii=False, sort_keys=True)] if matcher.args else []
    if matcher.ok is not None:
        parts.append("ok" if matcher.ok else "failed")
    if matcher.error is not None:
        parts.append(f"error {matcher.error}")
    return f"{matcher.action}({', '.join(parts)})" if parts else matcher.action


def _matchers(matchers: list[ActionMatcher]) -> str:
    return "[" + ", ".join(describe(m) for m in matchers) + "]"


def _facts(actions: list[ActionFact]) -> str:
    return "[" + ", ".join(a.describe() for a in actions) + "]"


def _saga_text(saga: SagaFinished) -> str:
    text = f"{saga.saga}: {saga.status}"
    return text + (f" at {saga.failed_step}" if saga.failed_step else "")


def _expected_saga(expect: SagaExpect) -> str:
    text = f"{expect.saga}: {expect.status}"
    return text + (f" at {expect.failed_step}" if expect.failed_step else "")


def _asked(value: bool) -> str:
    return "asked" if value else "not asked"


def _quote(said: str, limit: int = 300) -> str:
    text = " / ".join(line for line in said.splitlines() if line.strip()) or "(nothing)"
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
