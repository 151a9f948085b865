"""The runs screen's filter: plain words match anywhere, `field:value` matches one column,
and the run selectors' time terms (`since:7d`, `until:2026-11-01`) bound when it started."""

from __future__ import annotations

from agentcli.measure.selectors import TIME_KEYS, SelectorError, parse_selector
from agentcli.tui.rows import RunSummary

FIELDS = ("id", "status", "outcome", "command", "planner", "model", "prompt", "variant")


def _field(run: RunSummary, name: str) -> str:
    if name == "prompt":
        return run.prompt_version or ""
    return str(getattr(run, name) or "")


def matches(run: RunSummary, query: str) -> bool:
    """Whether every term of `query` holds for the run (case-insensitive)."""
    haystack = " ".join(
        [
            run.id,
            run.status,
            run.outcome or "",
            run.command,
            run.planner_model,
            run.prompt_version or "",
            run.parent_run or "",
            run.variant or "",
        ]
    ).lower()
    for term in query.lower().split():
        name, sep, value = term.partition(":")
        if sep and name in TIME_KEYS:
            try:
                selector = parse_selector(term)
            except SelectorError:
                continue  # still being typed: no bound yet
            if not selector.matches({"started_at": run.started_at}):
                return False
        elif sep and name in FIELDS:
            if value not in _field(run, name).lower():
                return False
        elif term not in haystack:
            return False
    return True
