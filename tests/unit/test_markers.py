"""Tests are marked by where they live, so `-m "not slow and not temporal"` is the quick subset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.patience import PATIENCE

ROOT = Path(__file__).resolve().parents[2]


def _selected(marks: str, *paths: str) -> list[str]:
    """The test ids `pytest -m MARKS PATHS` would run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--co",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=--strict-markers",
            "-m",
            marks,
            *paths,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert done.returncode in (0, 5), done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_the_quick_subset_leaves_out_slow_and_temporal_tests() -> None:
    chosen = _selected(
        "not slow and not temporal",
        "tests/reliability",
        "tests/temporal",
        "tests/unit/test_errors.py",
    )
    assert chosen and all(t.startswith("tests/unit/test_errors.py::") for t in chosen), chosen


def test_each_marker_selects_its_directory() -> None:
    paths = (
        "tests/e2e/test_cli_errors.py",
        "tests/temporal/test_temporal_cli.py",
        "tests/reliability/test_crash.py",
        "tests/unit/test_errors.py",
    )
    for marker, where in (
        ("e2e", "tests/e2e/"),
        ("temporal", "tests/temporal/"),
        ("slow", "tests/reliability/"),
    ):
        chosen = _selected(marker, *paths)
        assert chosen and all(t.startswith(where) for t in chosen), (marker, chosen)
