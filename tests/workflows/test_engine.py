"""The local saga engine against a scripted vendor: order, retries, compensation, exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agentcli.trace import Store
from agentcli.trace.audit import verify_run
from agentcli.workflows.journal import Journal
from agentcli.workflows.saga import SagaDefinition, idempotency_key
from tests.workflows.scripted import ScriptedVendor, engine, three_steps


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "trace.sqlite")


def kinds(store: Store, run_id: str = "RUN") -> list[str]:
    return [e.kind.value for e in store.events(run_id)]


async def test_a_saga_runs_its_steps_in_order_and_publishes_their_events(store: Store) -> None:
    vendor = ScriptedVendor()
    result = await engine(store, vendor).run(three_steps(), "S1", {"x": 1})
    assert result.status == "completed"
    assert [op for op, _ in vendor.calls] == ["a", "b", "c"]
    assert set(result.outputs) == {"a", "b", "c"}
    outbox = list(store.db.query("SELECT type, published_at FROM outbox ORDER BY id"))
    assert [r["type"] for r in outbox] == ["a.done", "b.done", "c.done"]
    assert all(r["published_at"] for r in outbox)
    assert kinds(store).count("domain_event") == 3
    assert [s["status"] for s in Journal(store).steps("S1")] == ["succeeded"] * 3
    assert verify_run(store, "RUN").ok


async def test_a_refusal_compensates_the_done_steps_in_reverse_and_not_the_refused_one(
    store: Store,
) -> None:
    vendor = ScriptedVendor()
    vendor.fail("c", "refuse")
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "compensated"
    assert result.failed_step == "c"
    assert result.compensated == ("b", "a")
    assert [op for op, _ in vendor.calls] == ["a", "b", "c", "undo-b", "undo-a"]
    assert vendor.live() == set()
    assert result.undone == ("undid b-1", "undid a-0")


async def test_a_lost_answer_is_retried_with_the_same_key_and_acts_once(store: Store) -> None:
    vendor = ScriptedVendor()
    vendor.fail("b", "after", "after")
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "completed"
    keys = [key for op, key in vendor.calls if op == "b"]
    assert len(keys) == 3 and len(set(keys)) == 1
    assert len(vendor.effects) == 3


async def test_a_step_whose_outcome_stays_unknown_is_learned_by_replay_and_compensated(
    store: Store,
) -> None:
    vendor = ScriptedVendor()
    vendor.fail("b", "after", "after", "after")  # it acted, but every answer was lost
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "compensated"
    assert result.compensated == ("b", "a")
    assert vendor.live() == set()
    assert vendor.times("b") == 4  # three tries, then one replay to learn its id
    [failed] = [
        s for s in Journal(store).steps("S1") if s["name"] == "b" and s["phase"] == "forward"
    ]
    assert failed["status"] == "succeeded"  # learned by replay


async def test_a_step_that_never_acted_and_is_then_refused_on_replay_needs_no_undo(
    store: Store,
) -> None:
    vendor = ScriptedVendor()
    vendor.fail("b", "before", "before", "before", "refuse")
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "compensated"
    assert vendor.live() == set()
    assert "undo-b" not in [op for op, _ in vendor.calls]


async def test_a_bug_in_a_step_counts_as_an_unknown_outcome(store: Store) -> None:
    vendor = ScriptedVendor()
    vendor.fail("c", "bug", "bug", "bug")
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "compensated"
    assert vendor.live() == set()


async def test_a_failing_compensation_is_retried_then_needs_attention_then_resumes(
    store: Store,
) -> None:
    vendor = ScriptedVendor()
    vendor.fail("c", "refuse")
    vendor.fail("undo-a", "before", "before", "before")
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "needs_attention"
    assert result.compensated == ("b",)
    assert result.compensation_failed == ("a",)
    assert result.operator_message and "could not undo a" in result.operator_message
    assert vendor.times("undo-a") == 3
    assert Journal(store).status("S1") == "needs_attention"

    again = await engine(store, vendor).run(three_steps(), "S1", {})
    assert again.status == "needs_attention" and vendor.times("undo-a") == 3  # run never retries

    fixed = await engine(store, vendor).resume(three_steps(), "S1")
    assert fixed.status == "compensated"
    assert fixed.compensated == ("b", "a")
    assert vendor.live() == set()
    assert "saga_resumed" in kinds(store)
    assert verify_run(store, "RUN").ok


async def test_a_compensation_that_fails_stops_the_ones_before_it(store: Store) -> None:
    vendor = ScriptedVendor()
    vendor.fail("c", "refuse")
    vendor.fail("undo-b", "refuse", "refuse", "refuse")
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "needs_attention"
    assert vendor.times("undo-a") == 0  # a stays held until b is undone


async def test_the_same_saga_twice_acts_once_and_returns_the_recorded_result(
    store: Store,
) -> None:
    vendor = ScriptedVendor()
    first = await engine(store, vendor).run(three_steps(), "S1", {})
    second = await engine(store, vendor).run(three_steps(), "S1", {})
    assert first.status == second.status == "completed"
    assert second.outputs == first.outputs
    assert len(vendor.calls) == 3


async def test_twenty_concurrent_submissions_act_once(store: Store) -> None:
    vendor = ScriptedVendor()
    runner = engine(store, vendor)
    results = await asyncio.gather(*(runner.run(three_steps(), "S1", {}) for _ in range(20)))
    assert {r.status for r in results} == {"completed"}
    assert [op for op, _ in vendor.calls] == ["a", "b", "c"]


async def test_past_the_point_of_no_return_a_failure_waits_for_a_retry(store: Store) -> None:
    vendor = ScriptedVendor()
    definition = three_steps(last_irreversible=True)
    irreversible_first = SagaDefinition("pivot", (definition.steps[2], definition.steps[0]))
    vendor.fail("a", "before", "before", "before")
    result = await engine(store, vendor).run(irreversible_first, "S1", {})
    assert result.status == "needs_attention"
    assert result.stuck == "forward"
    assert result.compensated == ()
    fixed = await engine(store, vendor).resume(irreversible_first, "S1")
    assert fixed.status == "completed"
    assert [op for op, _ in vendor.calls].count("c") == 1


async def test_a_saga_interrupted_mid_step_resumes_with_the_same_key(store: Store) -> None:
    vendor = ScriptedVendor()
    journal = Journal(store)
    store.create_run("RUN", command="test")
    journal.start("S1", "RUN", "three", {}, owner="")  # its process is gone
    key_a, key_b = idempotency_key("S1", "a"), idempotency_key("S1", "b")
    journal.step_intent("S1", 0, "a", "forward", key_a)
    journal.step_done("S1", "RUN", 0, "forward", "a", await vendor.do("a", key_a), [])
    journal.step_intent("S1", 1, "b", "forward", key_b)
    await vendor.do("b", key_b)  # the vendor acted; then the process died

    result = await engine(store, vendor).resume(three_steps(), "S1")
    assert result.status == "completed"
    assert [key for op, key in vendor.calls if op == "b"] == [key_b, key_b]
    assert len([e for e in vendor.effects.values() if e["op"] == "b"]) == 1
    assert vendor.times("a") == 1


async def test_rollback_compensates_an_interrupted_saga_instead_of_finishing_it(
    store: Store,
) -> None:
    vendor = ScriptedVendor()
    journal = Journal(store)
    store.create_run("RUN", command="test")
    journal.start("S1", "RUN", "three", {}, owner="")
    journal.step_intent("S1", 0, "a", "forward", idempotency_key("S1", "a"))
    journal.step_done(
        "S1", "RUN", 0, "forward", "a", await vendor.do("a", idempotency_key("S1", "a")), []
    )
    result = await engine(store, vendor).resume(three_steps(), "S1", rollback=True)
    assert result.status == "compensated"
    assert vendor.live() == set()
    assert vendor.times("b") == 0


async def test_a_kill_switch_turned_on_mid_saga_sends_no_further_forward_step(
    store: Store, tmp_path: Path
) -> None:
    vendor = ScriptedVendor(switch=tmp_path / "STOP")
    vendor.fail("a", "stop")  # a acts; meanwhile the operator turns the switch on
    result = await engine(store, vendor).run(three_steps(), "S1", {})
    assert result.status == "compensated"
    assert result.failed_step == "b"
    assert result.error is not None and result.error.code.value == "KILL_SWITCH"
    assert [op for op, _ in vendor.calls] == ["a", "undo-a"]  # b and c were never sent
    assert vendor.live() == set()
    assert sorted((s["idx"], s["phase"], s["status"]) for s in Journal(store).steps("S1")) == [
        (0, "compensate", "succeeded"),
        (0, "forward", "succeeded"),
        (1, "forward", "failed"),
    ]


async def test_with_the_kill_switch_on_a_resumed_saga_only_compensates(
    store: Store, tmp_path: Path
) -> None:
    vendor = ScriptedVendor(switch=tmp_path / "STOP")
    journal = Journal(store)
    store.create_run("RUN", command="test")
    journal.start("S1", "RUN", "three", {}, owner="")  # its process is gone
    key_a = idempotency_key("S1", "a")
    journal.step_intent("S1", 0, "a", "forward", key_a)
    journal.step_done("S1", "RUN", 0, "forward", "a", await vendor.do("a", key_a), [])
    (tmp_path / "STOP").touch()
    result = await engine(store, vendor).resume(three_steps(), "S1")
    assert result.status == "compensated"
    assert [op for op, _ in vendor.calls] == ["a", "undo-a"]  # b is never sent
    assert vendor.live() == set()
