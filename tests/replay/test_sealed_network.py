"""Sealed means sealed: every golden run replays through the CLI with every switch that would
reach out set and every socket refused, loopback included."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.e2e.helpers import cli
from tests.replay.test_golden import GOLDEN, RUNS

NOWHERE = "127.0.0.1:1"  # nothing listens on port 1: a connection that got out would fail
REACH_OUT = {
    "AGENTCLI_ENGINE": "temporal",
    "AGENTCLI_TEMPORAL_ADDRESS": NOWHERE,
    "AGENTCLI_TEMPORAL_NAMESPACE": "elsewhere",
    "AGENTCLI_TASK_QUEUE": "elsewhere-sagas",
    "AGENTCLI_API_KEY": "sk-sealed-test",
    "OPENAI_API_KEY": "sk-sealed-test",
    "DASHSCOPE_API_KEY": "sk-sealed-test",
    "OPENAI_BASE_URL": f"http://{NOWHERE}/v1",
    "HTTP_PROXY": f"http://{NOWHERE}",
    "HTTPS_PROXY": f"http://{NOWHERE}",
    "ALL_PROXY": f"http://{NOWHERE}",
}


@pytest.fixture()
def reaching_out(monkeypatch: pytest.MonkeyPatch, agentcli_home: Path, no_sockets: None) -> None:
    """The environment of a user who runs on Temporal, a model endpoint and served vendors."""
    for name, value in REACH_OUT.items():
        monkeypatch.setenv(name, value)
    agentcli_home.mkdir(parents=True, exist_ok=True)
    (agentcli_home / "connectors.yaml").write_text(
        "vendors:\n"
        + "".join(
            f"  {v}: {{base_url: 'http://{NOWHERE}'}}\n" for v in ("shop", "pay", "bazaar", "trips")
        )
    )


def test_no_sockets_refuses_loopback_too(no_sockets: None) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = socket.socket()
    try:
        with pytest.raises(RuntimeError, match="forbids network access"):
            client.connect(server.getsockname())
    finally:
        client.close()
        server.close()


@pytest.mark.usefixtures("reaching_out")
@pytest.mark.parametrize("directory", RUNS, ids=[p.name for p in RUNS])
def test_every_golden_run_replays_sealed_whatever_the_environment_says(directory: Path) -> None:
    result = cli("replay", str(directory), "--check", "--key", str(GOLDEN / "secret.key"), "--json")
    assert result.exit_code == 0, result.output
    replayed = json.loads(result.stdout)
    assert replayed["ok"] is True
    assert replayed["events_replayed"] == replayed["events_expected"]


@pytest.mark.usefixtures("reaching_out")
def test_a_counterfactual_replay_runs_its_sagas_locally_whatever_the_environment_says() -> None:
    checkout = GOLDEN / "runs" / "checkout"
    result = cli(
        "replay", str(checkout), "--planner", "rules", "--key", str(GOLDEN / "secret.key"), "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["mode"] == "counterfactual"
