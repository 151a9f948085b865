"""Suite-wide guards: no real network, and no test touches the developer's own agentcli home."""

from __future__ import annotations

import ipaddress
import os
import random
import socket
from pathlib import Path

import pytest

_real_connect = socket.socket.connect

# every test's `random` starts from this seed; a run prints it, AGENTCLI_TEST_SEED repeats it
TEST_SEED = int(os.environ.get("AGENTCLI_TEST_SEED") or random.randrange(1, 10**6))


def pytest_report_header() -> str:
    return f"random seed: AGENTCLI_TEST_SEED={TEST_SEED}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int) -> None:
    """A failed run says how to repeat its randomness (the header is hidden under -q)."""
    if exitstatus not in (0, 5):
        terminalreporter.write_line(f"to repeat this run's randomness: AGENTCLI_TEST_SEED="
                                    f"{TEST_SEED} (and --random-order-seed if it was shuffled)")


@pytest.fixture(autouse=True)
def _seeded_random() -> None:
    random.seed(TEST_SEED)


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise RuntimeError(f"the test suite forbids network access (tried {address!r})")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def kept_worlds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One AGENTCLI_CACHE for the session: its pristine worlds are keyed by content."""
    return tmp_path_factory.mktemp("agentcli-cache")


@pytest.fixture(autouse=True)
def agentcli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept_worlds: Path) -> Path:
    """Each test gets its own AGENTCLI_HOME (trace database, sandbox world, policy)."""
    home = tmp_path / "agentcli-home"
    monkeypatch.setenv("AGENTCLI_HOME", str(home))
    monkeypatch.setenv("AGENTCLI_CACHE", str(kept_worlds))
    for var in ("AGENTCLI_DB", "AGENTCLI_SANDBOX", "AGENTCLI_KILL_SWITCH", "AGENTCLI_ENGINE"):
        monkeypatch.delenv(var, raising=False)
    return home
