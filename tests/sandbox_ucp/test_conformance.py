"""The official UCP conformance suite against `agentcli sandbox serve --ucp-data …flower_shop`.

The suite runs in its own virtual environment, built from the package index on first use and
cached under the user's cache directory, keyed by its requirements (CI builds it itself).
The suite is read from `shared/third_party/ucp/` beside the repository; without it, skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.servers import cached_venv

REPO = Path(__file__).resolve().parents[2]
REQUIREMENTS = ("absl-py", "httpx", "pydantic", "ucp-sdk==0.1.0", "fastapi", "uvicorn")
"""What the suite imports (its pyproject also names ruff, for its own lint only)."""
EXPECTED_TESTS = 59
MUST_PASS = 57  # what the reference merchant passes
SECRET = "conformance-simulation-secret"
RUNNER = Path(__file__).resolve().parent / "conformance_runner.py"


def third_party() -> Path | None:
    """`shared/third_party/ucp` beside the repository (or beside its worktree's parent)."""
    for parent in (REPO.parent, REPO.parent.parent):
        candidate = parent / "shared" / "third_party" / "ucp"
        if (candidate / "conformance").is_dir():
            return candidate
    return None


UCP = third_party()
pytestmark = pytest.mark.skipif(UCP is None, reason="no ../shared/third_party/ucp beside the repo")


def suite_python() -> Path:
    """The suite's venv's interpreter, building the venv first when it is not cached."""
    key = hashlib.sha256(
        json.dumps([REQUIREMENTS, sys.version_info[:2]]).encode("utf-8")
    ).hexdigest()[:16]
    return cached_venv(f"ucp-conformance-{key}", REQUIREMENTS)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`agentcli sandbox serve` with the flower shop's CSVs; the UCP merchant's base URL."""
    assert UCP is not None
    config = tmp_path / "connectors.yaml"
    env = {**os.environ, "AGENTCLI_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, "-m", "agentcli", "sandbox", "serve", "--sandbox", str(tmp_path / "sb"),
         "--port-base", "0", "--config-out", str(config),
         "--ucp-data", str(UCP / "reference-server" / "test_data" / "flower_shop"),
         "--ucp-simulation-secret", SECRET],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        url = _ready(process, config)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _ready(process: subprocess.Popen[str], config: Path) -> str:
    deadline = time.monotonic() + 120  # a readiness guard, not a timing assertion
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sandbox serve exited {process.returncode}: {process.stdout.read()}")  # type: ignore[union-attr]
        if config.is_file():
            vendor = yaml.safe_load(config.read_text())["vendors"]["ucp"]
            assert vendor["kind"] == "ucp"
            feed = (config.parent / vendor["catalog"]).read_text().splitlines()
            assert feed[0] == "id,title,price,currency,image_url"
            assert any(line.startswith("bouquet_tulips,Spring Tulips,3000,USD") for line in feed)
            try:
                if httpx.get(f"{vendor['base_url']}/.well-known/ucp").status_code == 200:
                    return str(vendor["base_url"])
            except httpx.HTTPError:
                pass
        time.sleep(0.05)
    pytest.fail("sandbox serve did not come up")


def test_the_official_conformance_suite_passes_against_the_sandbox_merchant(
    served: str,
) -> None:
    assert UCP is not None
    python = suite_python()
    suite = UCP / "conformance"
    files = sorted(path.name for path in suite.glob("*_test.py"))
    started = time.monotonic()
    run = subprocess.run(
        [str(python), str(RUNNER), *files, f"--server_url={served}",
         f"--simulation_secret={SECRET}",
         "--conformance_input=test_data/flower_shop/conformance_input.json",
         "--test_data_dir=test_data/flower_shop"],
        cwd=suite, capture_output=True, text=True,
    )  # fmt: skip
    took = time.monotonic() - started
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    failed = [r for r in results if not r["passed"]]
    for result in failed:
        print(f"FAILED {result['test']}\n{result['detail']}")
    passed = len(results) - len(failed)
    print(f"UCP conformance: {passed} of {len(results)} passed in {took:.1f} s")
    assert len(results) == EXPECTED_TESTS, run.stderr[-3000:]
    assert passed >= MUST_PASS, [r["test"] for r in failed]
