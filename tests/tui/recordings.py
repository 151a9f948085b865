"""Runs recorded by real `agentcli chat` sessions (and synthetic ones) for the inspector tests."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.helpers import HARPER, chat, cli
from tests.patience import PATIENCE

AGENTCLI = str(Path(sys.executable).with_name("agentcli"))
CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
)


@dataclass(frozen=True)
class Recorded:
    """One trace database holding the runs the tests open."""

    home: Path
    db: Path
    browse_second: str  # signs in, finds notebooks, shows the second one
    browse_first: str  # the same, but shows the first one
    purchase: str  # checks out a notebook with the gift card, then cancels an older order
    race: str  # a checkout whose cart was emptied by another session before the "yes"


def _newest_run() -> str:
    result = cli("runs", "list", "--json", "--limit", "1")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)[0]["id"])


def _chat(*lines: str) -> str:
    result = chat(*lines)
    assert result.exit_code == 0, result.output
    return _newest_run()


def wait_for_event(
    db: Path, run_kind: str, proc: subprocess.Popen[str], timeout: float = PATIENCE
) -> None:
    """Wait until the newest run has an event of `run_kind` (the chat process must live)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"chat exited {proc.returncode} early: {err[-2000:]}")
        if db.exists():
            conn = sqlite3.connect(db)
            try:
                found = conn.execute(
                    "SELECT 1 FROM events WHERE kind = ? AND run_id = "
                    "(SELECT id FROM runs ORDER BY id DESC LIMIT 1)",
                    [run_kind],
                ).fetchone()
            except sqlite3.OperationalError:
                found = None
            finally:
                conn.close()
            if found:
                return
        time.sleep(0.05)
    raise AssertionError(f"no {run_kind} event within {timeout} s")


def start_chat(home: Path, *lines: str) -> subprocess.Popen[str]:
    """A real `agentcli chat` process reading piped lines; more can be written later."""
    env = {**os.environ, "AGENTCLI_HOME": str(home)}
    proc = subprocess.Popen(
        [AGENTCLI, "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin is not None
    for line in lines:
        proc.stdin.write(line + "\n")
    proc.stdin.flush()
    return proc


def _race(home: Path) -> str:
    """Session A asks to confirm a checkout; session B empties the cart; A says yes."""
    first = start_chat(home, *CHECKOUT)
    wait_for_event(home / "traces.sqlite", "approval_requested", first)
    race = _newest_run()
    _chat(f"I'm {HARPER}", "what's in my cart", "remove the first one")
    out, err = first.communicate("yes\n", timeout=PATIENCE)
    assert first.returncode == 0, err
    return race


def record(home: Path) -> Recorded:
    """Record every run the inspector tests need into `home` (AGENTCLI_HOME must point there)."""
    second = _chat(f"I'm {HARPER}", "find a notebook", "show me the second one")
    first = _chat(f"I'm {HARPER}", "find a notebook", "show me the first one")
    race = _race(home)
    purchase = _chat(*CHECKOUT, "yes", "cancel order #W8073958, I ordered by mistake", "yes")
    return Recorded(home, home / "traces.sqlite", second, first, purchase, race)
