"""The reliability suite: a pristine vendor world to copy per case, and the report it writes.

`pytest tests/reliability --reliability-report PATH` (what `python -m bench.reliability`
runs) writes every case tried and every invariant violation to PATH as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.world import SandboxWorld

OUTCOMES: dict[str, list[dict[str, Any]]] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reliability-report",
        default=None,
        help="Write the reliability cases and their invariant checks to this file.",
    )


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the cases keep their vendor state: RAM when the machine has it.

    A commit on disk costs ~14 ms here (fsync) and ~0.1 ms in /dev/shm; durability against a
    power cut is not what these cases test (a killed process loses nothing either way).
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="agentcli-reliability-", dir=shm))
        yield root
        shutil.rmtree(root, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("scratch")


@pytest.fixture
def case_dir(scratch: Path, request: pytest.FixtureRequest) -> Path:
    """A fresh directory for one case."""
    return Path(tempfile.mkdtemp(prefix="case-", dir=scratch))


@pytest.fixture(scope="session")
def world_template(scratch: Path) -> Path:
    """A pristine sandbox world (vendor state and credentials), copied by each case."""
    root = scratch / "template" / "sandbox"
    world = SandboxWorld(root)
    world.ensure()
    world.credentials()
    return root


@pytest.fixture(scope="session")
def reliability_report(request: pytest.FixtureRequest) -> Iterator[dict[str, list[dict]]]:
    """Sections of outcomes; written to --reliability-report at the end of the session."""
    yield OUTCOMES
    path = request.config.getoption("--reliability-report")
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(
            json.dumps(
                {"written": time.strftime("%Y-%m-%d %H:%M:%S"), "sections": OUTCOMES}, indent=2
            )
            + "\n"
        )
