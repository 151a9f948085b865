"""The real `agentcli` executable, as a user runs it: piped stdin, exit codes, the trace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.e2e.helpers import HARPER

EXE = shutil.which("agentcli", path=str(Path(sys.executable).parent)) or "agentcli"


def _run(args: list[str], home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AGENTCLI_HOME": str(home)}
    return subprocess.run(
        [EXE, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_piped_session_in_a_real_process(agentcli_home: Path) -> None:
    lines = f"I'm {HARPER}\nfind a notebook\nadd the first one\ncheckout with my gift card\nyes\n"
    done = _run(["chat"], agentcli_home, lines)
    assert done.returncode == 0, done.stderr
    assert "is placed" in done.stdout
    assert "finished: purchase" in done.stderr
    runs = json.loads(_run(["runs", "list", "--json"], agentcli_home).stdout)
    assert runs[0]["outcome"] == "purchase"
    assert _run(["audit", "verify"], agentcli_home).returncode == 0


def test_empty_stdin_exits_zero(agentcli_home: Path) -> None:
    done = _run(["chat"], agentcli_home, "")
    assert done.returncode == 0
