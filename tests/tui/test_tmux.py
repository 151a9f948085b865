"""The real `agentcli inspect` binary in a real terminal (tmux): keys in, screen read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.patience import PATIENCE
from tests.tui.recordings import Recorded

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
AGENTCLI = Path(sys.executable).with_name("agentcli")


class Terminal:
    """One tmux server of our own (its own socket), one window of a fixed size."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, text=True, capture_output=True
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "inspect")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "inspect", *keys)

    def wait_for(self, ready: Callable[[str], bool], timeout: float = PATIENCE) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if ready(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never got there; it shows:\n{text}")
            time.sleep(0.1)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"agentcli-inspect-test-{os.getpid()}")
    yield term
    subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True)


def test_inspect_in_a_terminal_steps_jumps_helps_and_quits(terminal: Terminal, recorded: Recorded):
    command = (
        f"{AGENTCLI} inspect {recorded.race} --db {recorded.db}; echo inspect-exited-$?; sleep 30"
    )
    terminal.tmux("new-session", "-d", "-s", "inspect", "-x", "140", "-y", "40", command)
    screen = terminal.wait_for(lambda s: "user: I'm harper.khan1177@example.com" in s)
    assert f"run {recorded.race}" in screen
    assert "seq" in screen and "C M A S H" in screen

    terminal.keys("c")
    screen = terminal.wait_for(lambda s: "compensation at #" in s)
    assert "undo authorize_payment" in screen
    assert "saga place_order" in screen  # the ledger in the detail pane

    terminal.keys("?")
    terminal.wait_for(lambda s: "next compensation" in s and "Lanes" in s)
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Lanes" not in s)

    terminal.keys("q")
    screen = terminal.wait_for(lambda s: "filter runs" in s and recorded.purchase in s)
    assert recorded.race in screen
    terminal.keys("q")
    terminal.wait_for(lambda s: "inspect-exited-0" in s)
