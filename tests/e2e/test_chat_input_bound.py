"""`agentcli chat` reads each input line with a bound: an over-long line is refused, not held."""

from __future__ import annotations

import asyncio
import io
import tracemalloc
from pathlib import Path

import pytest
from rich.console import Console

from agentcli.cli.chat import _converse
from agentcli.cli.lines import LineTooLong, bounded_lines
from agentcli.policy.config import load_policy
from agentcli.runtime import RunOptions
from agentcli.session.loop import MAX_LINE
from tests.e2e.helpers import SOFIA, chat, latest_run_json

ORDER_LOOKUP = "where is order #W5918442"


def _user_lines(run: dict) -> list[str]:
    return [e["payload"]["text"] for e in run["events"] if e["kind"] == "user_message"]


def test_piped_input_stops_cleanly_at_an_over_long_line(agentcli_home: Path) -> None:
    result = chat(f"I'm {SOFIA}", "x" * 5_000_000, ORDER_LOOKUP)
    assert result.exit_code == 2, result.output
    assert (
        f"input line 2 has 5,000,000 characters, more than the {MAX_LINE:,} a turn may "
        "have; the session stopped there"
    ) in result.stderr
    assert "Traceback" not in result.output
    run = latest_run_json()
    assert _user_lines(run) == [f"I'm {SOFIA}"]  # nothing after the refused line was done
    assert run["run"]["status"] == "finished"
    assert run["events"][-1]["kind"] == "run_finished"


def test_a_line_at_the_limit_is_read_and_one_over_it_is_not(agentcli_home: Path) -> None:
    at_limit = "a" * (MAX_LINE - 1) + "b"
    assert chat(at_limit).exit_code == 0
    assert _user_lines(latest_run_json()) == [at_limit]
    result = chat(at_limit + "c")
    assert result.exit_code == 2
    assert f"input line 1 has {MAX_LINE + 1:,} characters" in result.stderr


class _Endless(io.RawIOBase):
    """A byte stream of one `size`-byte line of 'x' and then `tail`, made as it is read."""

    def __init__(self, size: int, tail: bytes) -> None:
        self.left, self.tail = size, tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.left:
            n = min(len(buffer), self.left)
            buffer[:n] = b"x" * n
            self.left -= n
            return n
        n = min(len(buffer), len(self.tail))
        buffer[:n], self.tail = self.tail[:n], self.tail[n:]
        return n


def test_a_50_mb_line_is_skipped_without_holding_it() -> None:
    stream = io.TextIOWrapper(io.BufferedReader(_Endless(50_000_000, b"\nnext line\n")))
    tracemalloc.start()
    try:
        lines = list(bounded_lines(stream, MAX_LINE))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == [LineTooLong(1, 50_000_000), "next line"]
    assert peak < 2_000_000  # a few chunks, not the line


def test_an_interactive_session_refuses_the_line_and_goes_on(
    agentcli_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    options = RunOptions(
        db_path=agentcli_home / "traces.sqlite",
        sandbox_dir=agentcli_home / "sandbox",
        policy=load_policy(None),
        recording=None,
    )
    typed = io.StringIO(f"I'm {SOFIA}\n{'y' * 10_000}\n{ORDER_LOOKUP}\n")
    too_long = asyncio.run(_converse(options, Console(file=io.StringIO()), True, True, typed))
    assert too_long is None
    err = capsys.readouterr().err
    assert f"That line has 10,000 characters, more than the {MAX_LINE:,}" in err
    assert _user_lines(latest_run_json()) == [f"I'm {SOFIA}", ORDER_LOOKUP]
