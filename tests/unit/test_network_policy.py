"""Every outbound point asks the run's network policy before it sends: a sealed policy refuses,
names the destination, sends nothing, and the refusal is on record."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentcli import promptset
from agentcli.planners.base import PlanningContext
from agentcli.planners.openai import OpenAIPlanner
from agentcli.planners.openai.client import ChatClient
from agentcli.planners.openai.presets import Endpoint
from agentcli.policy.config import PolicyConfig
from agentcli.replay.counterfactual import CounterfactualOptions
from agentcli.replay.forward import SandboxForwarder
from agentcli.replay.masking import Masker
from agentcli.replay.recording import CassetteRecorder
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.store import Store
from agentcli.workflows.engine import vendor_error
from agentcli.workflows.saga import is_ambiguous
from agentcli.workflows.temporal.config import TemporalSettings
from connectors.base import HttpExchange
from connectors.config import ConnectorsConfig
from connectors.errors import ErrorCode
from connectors.shop import ShopConnector
from netpolicy import (
    OPEN,
    Destination,
    NetworkBlocked,
    NetworkPolicy,
    in_process,
    leaves_process,
)
from sandbox.world import SandboxWorld

SEALED = NetworkPolicy.sealed("sealed for this test")
NOWHERE = "127.0.0.1:1"


class Wire(httpx.AsyncBaseTransport):
    """A transport that would leave the process; it keeps what reached it."""

    def __init__(self, body: Any = None) -> None:
        self.sent: list[httpx.Request] = []
        self.body = body if body is not None else {"ok": True}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(200, json=self.body, request=request)


class LocalWire(Wire):
    in_process = True


def _shop(
    transport: httpx.AsyncBaseTransport, network: NetworkPolicy, seen: list[HttpExchange]
) -> ShopConnector:
    client = httpx.AsyncClient(base_url="https://shop.example", transport=transport)
    return ShopConnector(client, observer=seen.append, network=network)


def test_a_vendor_call_over_the_network_is_refused_when_sealed_and_recorded() -> None:
    wire, seen = Wire(), []
    shop = _shop(wire, SEALED, seen)
    with pytest.raises(NetworkBlocked) as refused:
        asyncio.run(shop.request("GET", "/users/u1"))
    assert refused.value.destination == Destination(
        "vendor", "shop", "https://shop.example/users/u1"
    )
    assert "vendor shop at https://shop.example/users/u1" in str(refused.value)
    assert "sealed for this test" in str(refused.value)
    assert wire.sent == []
    assert [e.error for e in seen] == [f"NetworkBlocked: {refused.value}"]


def test_a_vendor_call_goes_out_when_allowed_and_in_process_calls_are_never_stopped() -> None:
    wire, local, seen = Wire(), LocalWire(), []
    asyncio.run(
        _shop(wire, NetworkPolicy.only("vendor", reason="r"), seen).request("GET", "/users/u1")
    )
    asyncio.run(_shop(local, SEALED, seen).request("GET", "/users/u1"))
    assert len(wire.sent) == len(local.sent) == 1
    assert all(e.error is None for e in seen)


def test_a_recording_wrapper_leaves_the_process_exactly_when_what_it_wraps_does() -> None:
    recorder = CassetteRecorder(b"k" * 32)
    assert not in_process(recorder.wrap("shop", Wire()))
    assert in_process(recorder.wrap("shop", LocalWire()))
    assert leaves_process(httpx.AsyncClient())
    assert not leaves_process(httpx.AsyncClient(transport=LocalWire()))


ENDPOINT = Endpoint("https://models.example/v1", "qwen-plus")


def test_the_model_client_refuses_its_endpoint_when_sealed() -> None:
    wire = Wire()
    client = ChatClient(ENDPOINT, transport=wire)
    with pytest.raises(
        NetworkBlocked, match="model qwen-plus at https://models.example/v1/chat/completions"
    ):
        asyncio.run(client.complete({"model": "qwen-plus"}, network=SEALED))
    assert wire.sent == []
    asyncio.run(client.complete({"model": "qwen-plus"}, network=OPEN))
    assert len(wire.sent) == 1


def test_a_run_hands_its_policy_to_the_model_planner_and_records_the_refusal(
    tmp_path: Path,
) -> None:
    wire = Wire()
    planner = OpenAIPlanner(ENDPOINT, promptset.load(None), transport=wire)
    options = RunOptions(
        db_path=tmp_path / "traces.sqlite",
        sandbox_dir=tmp_path / "sandbox",
        policy=PolicyConfig(),
        planner=planner,
        network=SEALED,
    )

    async def run() -> str:
        async with ChatRuntime(options) as runtime:
            assert runtime.session is not None
            await runtime.session.handle("hello")
            return runtime.run_id

    run_id = asyncio.run(run())
    assert wire.sent == []
    store = Store.open(tmp_path / "traces.sqlite")
    errors = [e.payload for e in store.events(run_id, ["error"])]
    store.close()
    assert [(e["where"], e["type"]) for e in errors] == [("planner", "NetworkBlocked")]
    assert "model qwen-plus at https://models.example/v1" in errors[0]["message"]


def test_a_planning_context_is_open_unless_the_run_says_otherwise() -> None:
    from agentcli.conversation import Conversation

    assert PlanningContext("hi", Conversation()).network is OPEN


def test_the_temporal_connect_refuses_the_cluster_when_sealed() -> None:
    pytest.importorskip("temporalio")
    from agentcli.workflows.temporal.engine import connect

    with pytest.raises(NetworkBlocked, match=f"engine temporal at {NOWHERE}"):
        asyncio.run(connect(TemporalSettings(NOWHERE), network=SEALED))


def test_a_run_whose_policy_refuses_its_engine_does_not_start_and_says_so(
    tmp_path: Path,
) -> None:
    pytest.importorskip("temporalio")
    options = RunOptions(
        db_path=tmp_path / "traces.sqlite",
        sandbox_dir=tmp_path / "sandbox",
        policy=PolicyConfig(),
        temporal=TemporalSettings(NOWHERE),
        network=SEALED,
    )

    async def run() -> None:
        async with ChatRuntime(options):
            raise AssertionError("the run started")

    with pytest.raises(NetworkBlocked, match=f"engine temporal at {NOWHERE}"):
        asyncio.run(run())
    store = Store.open(tmp_path / "traces.sqlite")
    (row,) = store.db.query("SELECT id, status, outcome FROM runs")
    errors = [e.payload for e in store.events(row["id"], ["error"])]
    store.close()
    assert (row["status"], row["outcome"]) == ("failed", "refused")
    assert [(e["where"], e["destination"]) for e in errors] == [
        ("network", f"engine temporal at {NOWHERE}")
    ]


def test_a_run_that_may_not_reach_an_engine_ignores_agentcli_engine(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AGENTCLI_ENGINE", "temporal")
    monkeypatch.setenv("AGENTCLI_TEMPORAL_ADDRESS", NOWHERE)
    options = RunOptions(
        db_path=tmp_path / "traces.sqlite",
        sandbox_dir=tmp_path / "sandbox",
        policy=PolicyConfig(),
        network=SEALED,
    )

    async def run() -> str:
        async with ChatRuntime(options) as runtime:
            assert runtime.session is not None
            await runtime.session.handle("I'm harper.khan1177@example.com")
            return type(runtime.session.orchestrator.engine).__name__

    assert asyncio.run(run()) == "LocalSagaEngine"


def test_the_counterfactual_forwarder_refuses_live_vendors_when_sealed(tmp_path: Path) -> None:
    live = ConnectorsConfig.model_validate({"vendors": {"shop": {"base_url": f"http://{NOWHERE}"}}})
    forwarder = SandboxForwarder(
        SandboxWorld(tmp_path / "sandbox"), Masker(b"k" * 32), {}, live=live, network=SEALED
    )
    request = httpx.Request("GET", "http://shop.sandbox/users/u1")

    async def send() -> None:
        try:
            await forwarder.send("shop", request, b"")
        finally:
            await forwarder.aclose()

    with pytest.raises(NetworkBlocked, match=f"vendor shop at http://{NOWHERE}/users/u1"):
        asyncio.run(send())


def test_a_counterfactual_replay_reaches_its_model_and_only_asked_for_vendors() -> None:
    planner: Any = object()
    plain = CounterfactualOptions(planner=planner, db_path=None).network()
    live = ConnectorsConfig.model_validate({"vendors": {"shop": {"base_url": f"http://{NOWHERE}"}}})
    forwarding = CounterfactualOptions(
        planner=planner, db_path=None, connectors=live, allow_writes=True
    ).network()
    assert [plain.permits(k) for k in ("model", "vendor", "engine")] == [True, False, False]
    assert [forwarding.permits(k) for k in ("model", "vendor", "engine")] == [True, True, False]


def test_a_refused_saga_step_is_a_definite_failure_not_an_unknown_outcome() -> None:
    refused = NetworkBlocked(Destination("vendor", "pay", "https://pay.example/intents"), "r")
    error = vendor_error(refused)
    assert error.code is ErrorCode.BLOCKED
    assert "vendor pay at https://pay.example/intents" in error.message
    assert not is_ambiguous(error)
