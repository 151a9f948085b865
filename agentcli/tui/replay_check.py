"""The sealed replay check as the inspector runs it: through `agentcli.replay` when present."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReplayOutcome:
    """`passed` is None when the check could not run at all."""

    passed: bool | None
    text: str


def sealed_check(db_path: Path, run_id: str) -> ReplayOutcome:
    """Replay `run_id` sealed (recorded decisions, recorded HTTP) and compare the streams."""
    try:
        replay = importlib.import_module("agentcli.replay")
    except ImportError:
        return ReplayOutcome(None, "replay is not available in this build (no agentcli.replay)")
    check = getattr(replay, "sealed_check", None)
    if check is None:
        return ReplayOutcome(None, "replay is not available: agentcli.replay has no sealed_check")
    result = check(db_path, run_id)
    passed = bool(getattr(result, "passed", getattr(result, "ok", False)))
    return ReplayOutcome(passed, str(getattr(result, "summary", result)))
