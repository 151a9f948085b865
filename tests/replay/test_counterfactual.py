"""Counterfactual replay: a new planner decides, reads come from the recording, writes stay in."""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from typing import Any

from agentcli.planners.rules import RulesPlanner
from agentcli.planners.script import ScriptPlanner
from agentcli.replay.archive import RecordedRun
from agentcli.replay.counterfactual import CounterfactualOptions, counterfactual_replay
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.sealed import sealed_replay
from agentcli.replay.secretkey import load_key
from agentcli.trace.store import Store
from connectors.harness import sandbox_clients
from connectors.shop import ShopConnector
from sandbox.world import SandboxWorld
from tests.replay.helpers import CHECKOUT, events, record, recorded

CREDIT_CARD = "credit_card_1719121"


def decisions(run: RecordedRun) -> list[list[Any]]:
    """The parent's planner decisions, as a script planner takes them."""
    return [copy.deepcopy(e.payload["proposals"]) for e in run.events if e.kind == "model_response"]


def _shop_hash(home: Path) -> str:
    async def read() -> str:
        clients = sandbox_clients(SandboxWorld(home / "sandbox"))
        try:
            return str(await ShopConnector(clients["shop"]).state_hash())
        finally:
            for client in clients.values():
                await client.aclose()

    return asyncio.run(read())


def _options(home: Path, planner: Any, **kw: Any) -> CounterfactualOptions:
    return CounterfactualOptions(planner=planner, db_path=home / "traces.sqlite", **kw)


def test_the_same_planner_decides_the_same_and_no_write_reaches_a_vendor(
    agentcli_home: Path,
) -> None:
    parent = recorded(agentcli_home, record(agentcli_home, CHECKOUT))
    before = _shop_hash(agentcli_home)
    run_id = "01J0000000000000000000TEST"
    recording = RunRecording.for_run(agentcli_home / "cassettes", run_id, load_key())
    result = counterfactual_replay(
        parent,
        load_key(),
        _options(agentcli_home, RulesPlanner(), run_id=run_id, recording=recording),
    )
    assert result.ok and result.divergence is None
    assert [(b.action, b.served_from_recording) for b in result.blocked_writes] == [
        ("add_to_cart", True),
        ("place_order", True),
    ]
    assert result.misses == () and result.blocked_requests == ()
    assert _shop_hash(agentcli_home) == before
    store = Store.open(agentcli_home / "traces.sqlite")
    row = store.get_run(run_id)
    assert (row["parent_run"], row["connectors_mode"]) == (parent.run_id, "counterfactual")
    kinds = [e.kind for e in store.events(run_id)]
    assert kinds.count("blocked_write") == 2 and "saga_started" not in kinds
    # the counterfactual run is itself a recorded run: its sealed replay passes
    assert sealed_replay(recorded(agentcli_home, run_id), load_key()).ok


def test_a_changed_decision_is_the_first_divergence_and_its_write_is_blocked(
    agentcli_home: Path,
) -> None:
    parent = recorded(agentcli_home, record(agentcli_home, CHECKOUT))
    script = decisions(parent)
    place = next(i for i, d in enumerate(script) if d[0]["action"] == "place_order")
    script[place][0]["payment_method_id"] = CREDIT_CARD
    result = counterfactual_replay(
        parent, load_key(), _options(agentcli_home, ScriptPlanner(script))
    )
    d = result.divergence
    assert d is not None and (d.what, d.turn) == ("decisions", 5)
    assert d.expected == 'place_order(payment_method_id="gift_card_6445682")'
    assert d.got == f'place_order(payment_method_id="{CREDIT_CARD}")'
    assert [(b.action, b.arguments, b.served_from_recording) for b in result.blocked_writes][
        -1
    ] == ("place_order", {"payment_method_id": CREDIT_CARD}, False)
    results = [
        e.payload
        for e in events(agentcli_home, result.replay_run_id or "", "action_result")
        if e.payload["action"] == "place_order"
    ]
    assert results[-1]["error"]["code"] == "BLOCKED_WRITE"


def test_unmatched_reads_are_reported_or_answered_by_a_fresh_sandbox(agentcli_home: Path) -> None:
    parent = recorded(agentcli_home, record(agentcli_home, CHECKOUT[:2]))
    # turn 2: search, then (instead of replying) look up an order the parent never read
    script = decisions(parent)[:3] + [
        [{"action": "get_order", "order_id": "#W3134391"}],
        [{"action": "reply", "message": "done"}],
    ]
    sealed = counterfactual_replay(
        parent, load_key(), _options(agentcli_home, ScriptPlanner(script))
    )
    assert [m.request for m in sealed.misses] == ["GET http://shop.sandbox/orders/#W3134391"]
    assert sealed.misses[0].failed == ("path",)
    assert (
        sealed.misses[0].detail
        == "nothing like GET http://shop.sandbox/orders/#W3134391 was recorded"
    )
    answered = counterfactual_replay(
        parent, load_key(), _options(agentcli_home, ScriptPlanner(script), fallback=True)
    )
    assert answered.misses == ()
    assert answered.forwarded == ("GET http://shop.sandbox/orders/#W3134391",)
    result = [
        e.payload
        for e in events(agentcli_home, answered.replay_run_id or "", "action_result")
        if e.payload["action"] == "get_order"
    ]
    assert result[0]["ok"] and result[0]["data"]["order_id"] == "#W3134391"


def test_writes_may_go_to_a_fresh_sandbox_with_real_values_restored(agentcli_home: Path) -> None:
    parent = recorded(agentcli_home, record(agentcli_home, CHECKOUT))
    before = _shop_hash(agentcli_home)
    script = decisions(parent)
    place = next(i for i, d in enumerate(script) if d[0]["action"] == "place_order")
    script[place][0]["payment_method_id"] = CREDIT_CARD
    result = counterfactual_replay(
        parent,
        load_key(),
        _options(agentcli_home, ScriptPlanner(script), allow_writes=True, fallback=True),
    )
    assert result.blocked_writes == ()
    assert any(f.startswith("POST http://pay.sandbox/v1/payment_intents") for f in result.forwarded)
    sagas = [e.payload for e in events(agentcli_home, result.replay_run_id or "", "saga_finished")]
    assert [s["status"] for s in sagas] == ["completed"]
    assert _shop_hash(agentcli_home) == before  # the user's own sandbox was not touched
