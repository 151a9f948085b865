"""A chat whose terminal closes (SIGHUP) or that is killed (SIGTERM) finishes its run as
interrupted, writes its cassette and replays, instead of staying `running` with nothing saved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pexpect

from tests.e2e.helpers import HARPER, cli, latest_run_json
from tests.e2e.test_subprocess import EXE
from tests.patience import PATIENCE


def _said(run: dict[str, Any]) -> list[str]:
    return [e["payload"]["text"] for e in run["events"] if e["kind"] == "assistant_message"]


def _wait_for_answers(count: int, chat: subprocess.Popen[str], stderr: Path) -> dict[str, Any]:
    """The latest run once the agent has answered `count` lines (read from the trace); if it
    never does, the failure says what the chat and the trace were doing."""
    deadline = time.monotonic() + PATIENCE
    seen = "nothing read yet"
    while time.monotonic() < deadline:
        result = cli("runs", "show", "latest", "--json")
        if result.exit_code == 0:
            run = json.loads(result.stdout)
            said = _said(run)
            if len(said) >= count:
                return run
            seen = f"run {run['run']['status']} with {len(run['events'])} events, said {said!r}"
        else:
            seen = f"runs show latest exited {result.exit_code}: {result.output[-500:]}"
        time.sleep(0.1)
    state = "running" if chat.poll() is None else f"exited {chat.returncode}"
    raise AssertionError(
        f"the agent did not answer {count} lines within {PATIENCE:g} s; the chat is {state}; "
        f"the trace: {seen}; the chat's stderr: {stderr.read_text(errors='replace')[-2000:]!r}"
    )


def _finished_as_interrupted(home: Path) -> None:
    run = latest_run_json()
    assert run["run"]["status"] == "interrupted"
    cassette = run["run"]["cassette"]
    assert cassette and Path(cassette).is_file()
    assert "notebook" in " ".join(_said(run)).lower()
    replayed = cli("replay", run["run"]["id"], "--check")
    assert replayed.exit_code == 0, replayed.output


def test_a_killed_piped_chat_finishes_its_run_and_keeps_its_cassette(
    agentcli_home: Path, tmp_path: Path
) -> None:
    stderr = tmp_path / "chat-stderr.txt"
    with stderr.open("w") as errors:  # a file, never a pipe nobody reads until the end
        chat = subprocess.Popen(
            [EXE, "chat"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            text=True,
            env={**os.environ},
        )
    try:
        assert chat.stdin is not None
        chat.stdin.write(f"I am {HARPER}\nfind a notebook\n")
        chat.stdin.flush()  # stdin stays open: the chat waits for the next line
        _wait_for_answers(2, chat, stderr)
        chat.send_signal(signal.SIGTERM)
        assert chat.wait(PATIENCE) == 128 + signal.SIGTERM
        assert "stopped by SIGTERM" in stderr.read_text()
    finally:
        if chat.poll() is None:
            chat.kill()
            chat.wait()
    _finished_as_interrupted(agentcli_home)


def _as_a_terminal_starts_it() -> None:
    """A hang-up as a login shell leaves it, even when the tests run under `nohup` (which
    would make the chat ignore it, as it should there)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_a_console_whose_terminal_closes_finishes_its_run(agentcli_home: Path) -> None:
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        EXE,
        ["chat"],
        env=env,
        encoding="utf-8",
        timeout=PATIENCE,
        dimensions=(40, 120),
        preexec_fn=_as_a_terminal_starts_it,
    )
    try:
        child.expect_exact("you>")
        for line in (f"I am {HARPER}", "find a notebook"):
            child.sendline(line)
            child.expect_exact("agent>")
            child.expect_exact("you>")
        child.kill(signal.SIGHUP)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.signalstatus is None, "the chat died of the hang-up instead of finishing"
    _finished_as_interrupted(agentcli_home)
