"""`agentcli chat` at a terminal, driven through a pseudo-terminal as a person would drive it."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from agentcli.cli.console.history import history_path
from agentcli.session.planning import INTERRUPTED_NOTE
from tests.e2e.helpers import cli, latest_run_json
from tests.e2e.test_subprocess import EXE
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI, serve
from tests.patience import PATIENCE

SLOW = "think about this slowly"
CARD = "4242 4242 4242 4242"
UP = "\x1b[A"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class SlowModel:
    """The fake endpoint, except that a request whose last line is SLOW waits until released."""

    def __init__(self) -> None:
        self.fake = FakeOpenAI(shopper)
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.app = Starlette(
            routes=[Route("/v1/chat/completions", self._complete, methods=["POST"])]
        )

    async def _complete(self, request: Request) -> Response:
        body = json.loads(await request.body())
        if body["messages"][-1].get("content") == SLOW:
            self.arrived.set()
            while not self.released.is_set():  # released when the test ends
                await asyncio.sleep(0.05)
        return await self.fake._complete(request)


@pytest.fixture
def model() -> Iterator[tuple[SlowModel, str]]:
    slow = SlowModel()
    with serve(slow.app) as base_url:
        try:
            yield slow, base_url
        finally:
            slow.released.set()


def _console(home: Path, base_url: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "AGENTCLI_HOME": str(home),
        "AGENTCLI_API_KEY": "local-key",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    args = ["chat", "--planner", "openai", "--model", MODEL, "--base-url", base_url]
    child = pexpect.spawn(
        EXE, args, env=env, encoding="utf-8", timeout=PATIENCE, dimensions=(40, 120)
    )
    child.expect_exact("you>")
    return child


def _leave(child: pexpect.spawn) -> None:
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def _json(*args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _kinds(run: dict) -> list[str]:
    return [e["kind"] for e in run["events"]]


def test_commands_interrupt_history_and_replay(
    agentcli_home: Path, model: tuple[SlowModel, str]
) -> None:
    slow, base_url = model
    child = _console(agentcli_home, base_url)
    child.sendline("/help")
    for command in ("/runs", "/inspect", "/replay", "/policy", "/cart", "/new", "/quit"):
        child.expect_exact(command)
    child.expect_exact("you>")
    child.sendline("/runs")
    child.expect_exact("current")
    child.expect_exact("you>")

    child.sendline(SLOW)
    assert slow.arrived.wait(PATIENCE), "the model call never reached the endpoint"
    child.sendintr()
    child.expect_exact("the planner call was cancelled")
    child.expect_exact("you>")
    child.sendline(f"/note my card is {CARD}")
    child.expect_exact("unknown command")
    child.sendline("hello")
    child.expect_exact("agent>")
    child.expect_exact("you>")
    child.sendcontrol("c")  # at an empty prompt: asks once
    child.expect_exact("Press Ctrl-C again")
    child.expect_exact("you>")
    _leave(child)

    run = latest_run_json()
    said = [e["payload"]["text"] for e in run["events"] if e["kind"] == "user_message"]
    assert said == [SLOW, "hello"]  # no command and no key became a customer line
    operator = [e["payload"] for e in run["events"] if e["kind"] == "operator"]
    assert [o["command"] for o in operator] == [
        "/help",
        "/runs",
        "interrupt",
        "/note",
        "ctrl-c",
        "ctrl-d",
    ]
    slow_turn = _kinds(run)[: _kinds(run).index("operator", 2) + 1]
    assert slow_turn[-2:] == ["model_request", "operator"]  # no response was recorded
    assert CARD.replace(" ", "") not in json.dumps(run).replace(" ", "")

    check = subprocess.run(
        [EXE, "replay", "latest", "--check"],
        capture_output=True,
        text=True,
        env={**os.environ, "AGENTCLI_HOME": str(agentcli_home)},
        timeout=PATIENCE,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    requests = [m for body in slow.fake.requests for m in body["messages"]]
    assert not any(str(m.get("content")).startswith("/") for m in requests)
    assert any(m.get("content") == INTERRUPTED_NOTE for m in requests)  # the request withdrawn
    assert slow.fake.problems == []

    kept = history_path()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert CARD not in kept.read_text() and "hello" in kept.read_text()


def test_history_survives_a_restart_and_paste_new_and_ctrl_c_behave(
    agentcli_home: Path, model: tuple[SlowModel, str]
) -> None:
    _slow, base_url = model
    first = _console(agentcli_home, base_url)
    first.sendline("hello there")
    first.expect_exact("agent>")
    first.expect_exact("you>")
    _leave(first)

    again = _console(agentcli_home, base_url)  # a new process: Up recalls the last line
    again.send(UP)
    again.expect_exact("hello there")
    again.sendcontrol("c")  # clears the recalled line without asking anything
    again.send(PASTE_START + "first line\nsecond line" + PASTE_END)
    again.send("\r")  # a pasted block is one turn
    again.expect_exact("agent>")
    again.expect_exact("you>")
    again.sendline("/new")
    again.expect_exact("finished")
    again.expect_exact("you>")
    again.sendcontrol("c")
    again.expect_exact("Press Ctrl-C again")
    again.expect_exact("you>")
    again.sendcontrol("c")  # the second Ctrl-C at an empty prompt leaves
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0

    runs = _json("runs", "list", "--json")  # newest first
    assert len(runs) == 3
    pasted = _json("runs", "show", runs[1]["id"], "--json")
    said = [e["payload"]["text"] for e in pasted["events"] if e["kind"] == "user_message"]
    assert said == ["first line second line"]
    operator = [e["payload"]["command"] for e in pasted["events"] if e["kind"] == "operator"]
    assert operator == ["/new"]
    last = latest_run_json()
    ctrl_c = [e["payload"] for e in last["events"] if e["kind"] == "operator"]
    assert [o["outcome"] for o in ctrl_c] == ["asked whether to leave", "left"]
