"""A recorded run read as a regression case: turns, scripted decisions, operator answers, sagas."""

from __future__ import annotations

from agentcli.suites.from_run import case_from_run
from agentcli.trace import Recorder, Store
from agentcli.trace import events as ev


def _response(*proposals: dict[str, object]) -> ev.ModelResponse:
    return ev.ModelResponse(
        proposals=list(proposals),
        rationale="r",
        request=None,
        response=None,
        usage=None,
        latency_ms=1,
    )


def test_a_scripted_run_keeps_each_turns_decisions_operator_answer_and_saga() -> None:
    store = Store.open(None)
    store.create_run("R", command="chat", planner="openai")
    recorder = Recorder(store, "R")
    recorder.record(ev.UserMessage(text="find a pen", turn=1, truncated=False))
    recorder.record(_response({"action": "search_products", "query": "pen"}))
    recorder.record(ev.UserMessage(text="buy it", turn=2, truncated=False))
    recorder.record(_response({"action": "place_order", "quantity": "one"}))
    recorder.record(_response({"action": "place_order", "quantity": 1}))
    recorder.record(ev.ApprovalResolved(by="operator", approved=False, action="place_order"))
    recorder.record(
        ev.SagaFinished(
            saga_id="S", saga="place_order", status="compensated", failed_step="create_order"
        )
    )
    recorder.flush()
    store.finish_run("R", status="finished", outcome="completed", metrics={})

    case = case_from_run(store, "R", name="pen")

    first, second = case["turns"]
    assert first["script"] == [[{"action": "search_products", "query": "pen"}]]
    assert "operator" not in first
    assert second["script"] == [
        [{"action": "place_order", "quantity": "one"}],
        [{"action": "place_order", "quantity": 1}],
    ]
    assert second["operator"] == "deny"
    assert second["expect"]["sagas"] == [
        {"saga": "place_order", "status": "compensated", "failed_step": "create_order"}
    ]
