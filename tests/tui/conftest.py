"""Fixtures for the inspector: runs recorded once per test session by real chat sessions."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentcli.trace.store import Store
from agentcli.tui.sample import write_sample_run
from tests.tui.recordings import Recorded, record

SAMPLE_A = "01SAMPLERUNA00000000000000"
SAMPLE_B = "01SAMPLERUNB00000000000000"


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    home = tmp_path_factory.mktemp("inspector-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGENTCLI_HOME", str(home))
        for var in ("AGENTCLI_DB", "AGENTCLI_SANDBOX", "AGENTCLI_KILL_SWITCH"):
            patch.delenv(var, raising=False)
        return record(home)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two deterministic synthetic runs (fixed ids and clocks) for snapshots."""
    path = tmp_path_factory.mktemp("sample") / "traces.sqlite"
    store = Store.open(path)
    write_sample_run(store, SAMPLE_A, events=180, seed=1)
    write_sample_run(store, SAMPLE_B, events=170, seed=2, t0=1_767_229_200.0, diverge_at_turn=4)
    store.close()
    return path


@pytest.fixture
def utc() -> Iterator[None]:
    """Local time is UTC for the duration of a test (the runs table shows local times)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()
