"""The connectors config holds client secrets and is waited for by other processes: it is
owner-only from its first byte and appears whole, never empty or half written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from connectors.config import ConnectorsConfig

CONFIG = {
    "vendors": {
        "shop": {
            "base_url": "http://127.0.0.1:8001",
            "client_id": "agent",
            "client_secret": "s3cret-x",
        }
    }
}


def test_the_config_appears_whole_and_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "connectors.yaml"
    path.write_text("# the previous config\nvendors: {}\n")
    seen: list[tuple[str, int, str]] = []
    real_replace = os.replace

    def watched_replace(src: str, dst: str) -> None:
        # the moment before the new config takes the path: what a reader would find
        seen.append(
            (Path(dst).read_text(), stat.S_IMODE(os.stat(src).st_mode), Path(src).read_text())
        )
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watched_replace)
    ConnectorsConfig.model_validate(CONFIG).write(path, comment="test")
    assert len(seen) == 1
    before, mode, written = seen[0]
    assert before == "# the previous config\nvendors: {}\n"  # never truncated in place
    assert mode == 0o600  # the secret was never readable by others
    assert written == path.read_text() and "s3cret-x" in written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ConnectorsConfig.load(path).vendors["shop"].base_url == "http://127.0.0.1:8001"
    assert [p.name for p in tmp_path.iterdir()] == ["connectors.yaml"]  # no temporary left
