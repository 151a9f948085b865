"""A counterfactual replay with another prompt version: the model's decisions change, the
vendors' answers come from the recording, and the changed write is blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agentcli import promptset
from agentcli.planners.openai import Endpoint, OpenAIPlanner
from agentcli.policy.config import PolicyConfig
from agentcli.replay.counterfactual import CounterfactualOptions, counterfactual_replay
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.sealed import sealed_replay
from agentcli.replay.secretkey import load_key
from agentcli.trace.store import Store
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI
from tests.replay.helpers import HARPER, events, record, recorded

ENDPOINT = Endpoint("http://model.test/v1", MODEL)
LINES = [f"I'm {HARPER}", "find a notebook", "add the second one", "yes", "checkout", "yes"]


def follows_the_prompt(body: dict[str, Any]) -> dict[str, Any]:
    """`shopper`, but it states the unit price on add_to_cart only when the prompt asks."""
    answer = shopper(body)
    asked = "expected_unit_price" in body["messages"][0]["content"]
    for call in answer["choices"][0]["message"].get("tool_calls") or []:
        if call["function"]["name"] == "add_to_cart" and not asked:
            call["function"]["arguments"] = call["function"]["arguments"].replace(
                ', "expected_unit_price": 29.28', ""
            )
    return answer


def _planner(fake: FakeOpenAI, version: str, recording: RunRecording | None = None) -> Any:
    transport = fake.transport()
    if recording is not None:
        transport = recording.model_transport(transport)
    return OpenAIPlanner(
        ENDPOINT, promptset.load(version), policy=PolicyConfig(), transport=transport
    )


def test_a_new_prompt_version_diverges_at_the_decision_it_changes(agentcli_home: Path) -> None:
    fake = FakeOpenAI(follows_the_prompt)
    parent_id = record(agentcli_home, LINES, planner=lambda rec: _planner(fake, "v1", rec))
    parent = recorded(agentcli_home, parent_id)
    assert parent.cassette.agentcli["model_origins"] == ["http://model.test"]
    # the recorded model run replays sealed: decisions from the trace, no model call at all
    calls_before = len(fake.requests)
    assert sealed_replay(parent, load_key()).ok
    assert len(fake.requests) == calls_before

    planner = _planner(fake, "v2")
    result = counterfactual_replay(
        parent,
        load_key(),
        CounterfactualOptions(
            planner=planner,
            db_path=agentcli_home / "traces.sqlite",
            prompt_version=planner.prompt_version,
            prompt_hash=planner.prompt_hash,
        ),
    )
    d = result.divergence
    assert d is not None and (d.what, d.turn) == ("decisions", 3)
    assert d.expected == 'add_to_cart(item_id="7579176349", quantity=1)'
    assert d.got == 'add_to_cart(expected_unit_price=29.28, item_id="7579176349", quantity=1)'
    blocked = {b.action: b.served_from_recording for b in result.blocked_writes}
    assert blocked["add_to_cart"] is False  # not the parent's write: nothing to show instead
    new_run = Store.open(agentcli_home / "traces.sqlite").get_run(result.replay_run_id or "")
    assert (new_run["prompt_version"], new_run["parent_run"]) == ("v2", parent_id)
    assert events(agentcli_home, result.replay_run_id or "", "blocked_write")
