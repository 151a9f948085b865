"""Plain-text explanations of failed cases, shared by the CLI, JUnit and the pytest plugin."""

from __future__ import annotations

from agentcli.suites.results import CaseResult

INSPECT_HINT = "agentcli inspect {run}"


def failure_text(result: CaseResult, *, inspect: str = INSPECT_HINT) -> str:
    """What failed, turn by turn, expected against got, and how to open the run."""
    lines = [f"{result.status.upper()} {result.id}  ({result.path}:{result.line})"]
    if result.status == "error":
        lines.append(f"  could not run: {result.message}")
    turns = sorted({f.turn for f in result.failures if f.turn is not None})
    for turn in turns:
        user = result.transcript[turn - 1][0] if turn <= len(result.transcript) else ""
        lines.append(f"  turn {turn}  user: {user!r}")
        for failure in (f for f in result.failures if f.turn == turn):
            lines += _expected_got(failure.check, failure.expected, failure.got)
        if turn <= len(result.transcript):
            said = " / ".join(result.transcript[turn - 1][1]) or "(nothing)"
            lines.append(f"      agent said: {_short(said)}")
    case_level = [f for f in result.failures if f.turn is None]
    if case_level:
        lines.append("  whole case")
        for failure in case_level:
            lines += _expected_got(failure.check, failure.expected, failure.got)
    if result.run_id:
        lines.append(f"  run {result.run_id}: open it with `{inspect.format(run=result.run_id)}`")
    return "\n".join(lines)


def _expected_got(check: str, expected: str, got: str) -> list[str]:
    return [f"    {check}", f"      expected: {expected}", f"      got:      {got}"]


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
