"""Golden recorded runs replay sealed to the very same events; altered copies fail precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentcli.replay.archive import from_directory
from agentcli.replay.sealed import sealed_replay
from agentcli.replay.secretkey import load_key

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
RUNS = sorted(p for p in (GOLDEN / "runs").iterdir() if p.is_dir())
ALTERED = sorted(p for p in (GOLDEN / "altered").iterdir() if p.is_dir())


def test_there_are_golden_runs_of_every_kind() -> None:
    assert {p.name for p in RUNS} >= {
        "checkout",
        "cancel-with-refund",
        "approval-denied",
        "capture-fails-compensated",
        "invalid-action-repaired",
        "model-search",
    }


@pytest.mark.parametrize("directory", RUNS, ids=[p.name for p in RUNS])
def test_a_golden_run_replays_sealed(directory: Path) -> None:
    result = sealed_replay(from_directory(directory), load_key(GOLDEN / "secret.key"))
    assert result.ok, (
        f"golden run {directory.name} no longer replays the same: {result.divergence} "
        f"{result.unplayed} {result.notes}. If the change is intended, record it again with "
        f"`python -m tests.golden.record {directory.name}` and review the diff of trace.json"
    )
    assert result.events_replayed == result.events_expected


@pytest.mark.parametrize("directory", ALTERED, ids=[p.name for p in ALTERED])
def test_an_altered_golden_run_fails_with_a_precise_report(directory: Path) -> None:
    expected = json.loads((directory / "expected.json").read_text())
    result = sealed_replay(from_directory(directory), load_key(GOLDEN / "secret.key"))
    assert not result.ok
    d = result.divergence
    assert d is not None
    assert (d.seq, d.turn, d.what, d.path, d.expected) == (
        expected["seq"],
        expected["turn"],
        expected["what"],
        expected["path"],
        expected["expected"],
    )
    if "got" in expected:
        assert d.got == expected["got"]
    else:
        assert str(d.got).startswith(expected["got_starts"])
    if expected["failed_matchers"] is None:
        assert d.miss is None
    else:
        assert d.miss is not None
        assert list(d.miss.failed) == expected["failed_matchers"]
        assert (d.miss.nearest, d.miss.detail) == (expected["nearest"], expected["detail"])
