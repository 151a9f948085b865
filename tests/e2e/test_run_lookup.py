"""Run ids and prefixes are looked up literally: `%` and `_` match only themselves."""

from __future__ import annotations

from pathlib import Path

from agentcli.trace import EventKind, Recorder, Store
from agentcli.tui.readmodel import TraceReader
from tests.e2e.helpers import cli

RUN = "01HZX5QF0000000000000000AB"


def _one_run(home: Path) -> Path:
    db = home / "traces.sqlite"
    store = Store.open(db)
    store.create_run(RUN, command="chat")
    recorder = Recorder(store, RUN)
    recorder.emit(EventKind.USER_MESSAGE, {"text": "a 50% discount"})
    recorder.emit(EventKind.USER_MESSAGE, {"text": "order 5 items"})
    recorder.flush()
    store.close()
    return db


def test_wildcards_in_a_run_prefix_match_no_run(agentcli_home: Path) -> None:
    _one_run(agentcli_home)
    for pattern in ("01H%", "%", "01HZX5QF_", "_1HZX5QF"):
        result = cli("runs", "show", pattern)
        assert result.exit_code == 1, (pattern, result.output)
        assert f"no run matches {pattern!r}" in result.stderr
    shown = cli("runs", "show", "01hzx5")
    assert shown.exit_code == 0 and f"run {RUN}" in shown.stdout


def test_inspector_text_search_is_literal(agentcli_home: Path) -> None:
    reader = TraceReader.open(_one_run(agentcli_home))
    try:
        assert reader.next_match(RUN, 0, text="50%") == 1
        assert reader.next_match(RUN, 0, text="5_% ") is None  # would match "50% " as LIKE
        assert reader.next_match(RUN, 0, text="r 5 i") == 2
    finally:
        reader.close()
