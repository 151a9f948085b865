"""Schemathesis, from the package index, against `agentcli sandbox serve`, judged by the official
ACP 2026-04-17 OpenAPI document: generated and stateful sequences, exit 0."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from commerce_specs import spec_file
from tests.e2e.serving import sandbox_serving
from tests.patience import PATIENCE

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
SETTINGS = Path(__file__).with_name("schemathesis.toml")
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


@dataclass(frozen=True)
class Served:
    config: Path
    base_url: str
    api_key: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`agentcli sandbox serve` on free ports; stopped by PID with SIGTERM."""
    base = tmp_path_factory.mktemp("served-acp")
    with sandbox_serving(base, base / "sandbox") as config:
        acp = yaml.safe_load(config.read_text())["vendors"]["acp"]
        yield Served(config, acp["base_url"], acp["api_key"])


def test_serve_writes_the_merchant_into_an_owner_only_connectors_config(served: Served) -> None:
    acp = yaml.safe_load(served.config.read_text())["vendors"]["acp"]
    assert acp["kind"] == "acp"
    assert acp["base_url"].startswith("http://127.0.0.1:")
    assert len(acp["api_key"]) >= 32 and "client_secret" not in acp
    assert len(acp["signing_secret"]) >= 32 and acp["signing_secret"] != acp["api_key"]
    assert stat.S_IMODE(served.config.stat().st_mode) == 0o600


@pytest.mark.skipif(SCHEMATHESIS is None, reason="schemathesis is not installed (the dev extra)")
def test_schemathesis_finds_nothing_against_the_served_merchant(
    served: Served, tmp_path: Path
) -> None:
    assert SCHEMATHESIS is not None
    document = spec_file("acp", "2026-04-17", "openapi/openapi.agentic_checkout.yaml")
    command = [
        SCHEMATHESIS,
        "--config-file",
        str(SETTINGS),
        "run",
        str(document),
        "--url",
        served.base_url,
        "-H",
        f"Authorization: Bearer {served.api_key}",
        "-H",
        "API-Version: 2026-04-17",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        "10",
        "--generation-deterministic",
        "--workers",
        "1",
        "--no-color",
    ]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=PATIENCE * 5
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Tested: 5" in result.stdout
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.stdout, result.stdout[-3000:]
