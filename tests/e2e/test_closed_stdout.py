"""`agentcli … | head`: when the reader goes away early, every command ends quietly (exit 1, as
click does for a closed pipe) with no traceback and no 'Exception ignored' from the final flush."""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.helpers import HARPER, chat
from tests.e2e.test_subprocess import EXE

PIPE_BYTES = 4096  # the smallest pipe Linux makes: a bigger output must wait for the reader
NOISE = ("Traceback", "BrokenPipe", "Exception ignored", "unexpected", "a bug in agentcli", "Errno")


@pytest.fixture
def home_with_runs(agentcli_home: Path) -> Path:
    for _ in range(2):
        result = chat(
            f"I'm {HARPER}",
            "find a notebook",
            "show me the second one",
            "find a pen",
            "find a t-shirt",
            "show me the first one",
        )
        assert result.exit_code == 0, result.output
    return agentcli_home


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "AGENTCLI_HOME": str(home)}


def _full_output(args: list[str], home: Path) -> bytes:
    return subprocess.run(
        [EXE, *args], capture_output=True, env=_env(home), timeout=120, check=False
    ).stdout


def _read_one_line_then_close(
    args: list[str], home: Path, stdin: bytes = b""
) -> tuple[bytes, int, str]:
    """Run the command into a small pipe, read its first line, close the pipe, wait."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    proc = subprocess.Popen(
        [EXE, *args],
        stdin=subprocess.PIPE,
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=_env(home),
    )
    os.close(write_end)
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(read_end, 1)
        if not chunk:
            break
        line += chunk
    os.close(read_end)  # the reader leaves, like `head -1`
    _, err = proc.communicate(stdin, timeout=120)
    return line, proc.returncode, err.decode()


def _closed_from_the_start(args: list[str], home: Path, stdin: bytes = b"") -> tuple[int, str]:
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run(
        [EXE, *args],
        input=stdin,
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=_env(home),
        timeout=120,
        check=False,
    )
    os.close(write_end)
    return proc.returncode, proc.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        ["runs", "show", "latest"],
        ["runs", "show", "latest", "--json"],
        ["schema"],
    ],
    ids=" ".join,
)
def test_a_reader_that_leaves_after_one_line_ends_the_command_quietly(
    home_with_runs: Path, args: list[str]
) -> None:
    assert len(_full_output(args, home_with_runs)) > 2 * PIPE_BYTES  # more than the pipe holds
    line, code, err = _read_one_line_then_close(args, home_with_runs)
    assert line.strip()
    assert code == 1, err
    assert not [word for word in NOISE if word in err], err


@pytest.mark.parametrize(
    "args",
    [
        ["runs", "show", "latest"],
        ["runs", "list"],
        ["runs", "list", "--json"],
        ["diff", "latest", "latest"],
        ["metrics"],
        ["metrics", "--json"],
        ["schema"],
        ["replay", "latest", "--check"],
        ["prompts", "list"],
        ["audit", "verify"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_a_pipe_closed_before_the_first_line_ends_the_command_quietly(
    home_with_runs: Path, args: list[str]
) -> None:
    code, err = _closed_from_the_start(args, home_with_runs)
    assert code == 1, err
    assert not [word for word in NOISE if word in err], err


def test_chat_finishes_the_line_in_hand_and_reads_no_more(home_with_runs: Path) -> None:
    lines = f"I'm {HARPER}\nfind a notebook\nadd the first one\n".encode()
    code, err = _closed_from_the_start(["chat"], home_with_runs, lines)
    assert code == 1, err
    assert not [word for word in NOISE if word in err], err
    assert "finished: completed" in err  # the run is closed properly
    shown = _full_output(["runs", "show", "latest", "--json"], home_with_runs)
    assert shown.count(b'"kind": "user_message"') == 1  # nothing after the first line
