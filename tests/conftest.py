"""Suite-wide guards: no real network, and no test touches the developer's own agentcli home.

The one network guard of the tests: a socket may connect to loopback only (the fake model
endpoint, served vendors, a Temporal dev server); a test that asks for `no_sockets` may
connect nowhere at all. agentcli itself never patches sockets: a run's network policy is
checked where each call is made (`netpolicy`).
"""

from __future__ import annotations

import ipaddress
import os
import random
import socket
from collections.abc import Callable
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
        terminalreporter.write_line(
            f"to repeat this run's randomness: AGENTCLI_TEST_SEED="
            f"{TEST_SEED} (and --random-order-seed if it was shuffled)"
        )


#: markers (registered in pyproject.toml) by where a test lives, relative to the repository
MARKED_PATHS: dict[str, tuple[str, ...]] = {
    "temporal": ("tests/temporal/",),
    "e2e": ("tests/e2e/", "tests/ucp/test_shopping_at_the_reference_merchant.py"),
    "slow": (
        "tests/reliability/",  # processes killed at every journal point; the fault matrix
        "tests/llm/test_adversarial_outputs.py",  # hundreds of generated model outputs
        "tests/sandbox/test_pristine_templates.py",  # processes building one world at once
        "tests/suites/test_suite_pytest_plugin.py",  # pytest sessions in subprocesses
        "tests/unit/test_without_temporal.py",  # fresh interpreters import and collect everything
        "tests/tui/test_tmux.py",  # the inspector in a real terminal
        "tests/sandbox_ucp/test_conformance.py",  # the UCP suite in its own venv, a served sandbox
    ),
}
ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by where it lives (`-m "not slow and not temporal"`: the quick subset)."""
    for item in items:
        try:
            where = item.path.relative_to(ROOT).as_posix()
        except ValueError:  # a test outside this repository
            continue
        for marker, prefixes in MARKED_PATHS.items():
            if where.startswith(prefixes):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _seeded_random() -> None:
    random.seed(TEST_SEED)


def _local(sock: socket.socket, address: object) -> bool:
    """A unix socket, or an IP socket to a loopback address."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return True
    host = address[0] if isinstance(address, tuple) else None
    try:
        return ipaddress.ip_address(host).is_loopback  # type: ignore[arg-type]
    except ValueError:
        return host == "localhost"


def _guard(*, loopback: bool) -> Callable[[socket.socket, object], object]:
    """socket.connect that refuses every address (`loopback`: every non-local one)."""

    def connect(self: socket.socket, address: object) -> object:
        if not (loopback and _local(self, address)):
            raise RuntimeError(f"the test suite forbids network access (tried {address!r})")
        return _real_connect(self, address)  # type: ignore[arg-type]

    return connect


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guard(loopback=True))


@pytest.fixture()
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """While the test runs, connecting any socket anywhere raises, loopback included."""
    monkeypatch.setattr(socket.socket, "connect", _guard(loopback=False))


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
    for var in (
        "AGENTCLI_DB",
        "AGENTCLI_SANDBOX",
        "AGENTCLI_KILL_SWITCH",
        "AGENTCLI_ENGINE",
        "AGENTCLI_OTEL_ENDPOINT",
        "AGENTCLI_OTEL_PROJECT",
    ):
        monkeypatch.delenv(var, raising=False)
    return home
