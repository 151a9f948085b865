"""The inspector's read model and pure helpers: predicates, alignment, filters, ledger."""

from __future__ import annotations

import pytest

from agentcli.trace.store import Store
from agentcli.tui.align import align, signature
from agentcli.tui.filters import matches
from agentcli.tui.lanes import bar, is_failure, is_write
from agentcli.tui.ledger import fold
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.rows import EventRow, RunSummary
from agentcli.tui.sample import write_sample_run
from tests.tui.recordings import Recorded

RUN = "01READMODEL000000000000000"


@pytest.fixture(scope="module")
def sample_reader(tmp_path_factory: pytest.TempPathFactory) -> TraceReader:
    db = tmp_path_factory.mktemp("readmodel") / "traces.sqlite"
    store = Store.open(db)
    write_sample_run(store, RUN, events=600)
    store.close()
    return TraceReader.open(db)


def _walk(reader: TraceReader, run_id: str, jump: str) -> list[int]:
    seqs, after = [], 0
    while (seq := reader.next_match(run_id, after, jump)) is not None:  # type: ignore[arg-type]
        seqs.append(seq)
        after = seq
    return seqs


@pytest.mark.parametrize("which", ["race", "purchase"])
def test_sql_jumps_agree_with_the_timeline_colouring_on_chat_runs(recorded: Recorded, which):
    reader = TraceReader.open(recorded.db)
    run_id = getattr(recorded, which)
    events = reader.all_events(run_id)
    assert _walk(reader, run_id, "failure") == [e.seq for e in events if is_failure(e)]
    assert _walk(reader, run_id, "write") == [e.seq for e in events if is_write(e)]
    assert _walk(reader, run_id, "compensation") == [
        e.seq for e in events if e.kind == "compensation_started"
    ]
    reader.close()


def test_pages_are_exact_ranges_and_backwards_search_finds_the_nearest(sample_reader):
    page = sample_reader.page(RUN, 257, 256)
    assert [e.seq for e in page] == list(range(257, 513))
    assert sample_reader.page(RUN, 590, 256)[-1].seq == 600 == sample_reader.last_seq(RUN)
    last_failure = sample_reader.next_match(RUN, 601, "failure", backwards=True)
    assert last_failure is not None
    assert sample_reader.next_match(RUN, last_failure, "failure") is None
    hit = sample_reader.next_match(RUN, 0, text="sold out")
    assert hit is not None and "sold out" in str(sample_reader.event(RUN, hit).payload)


def test_runs_summary_counts_events_and_reads_metrics(sample_reader):
    [run] = sample_reader.runs()
    assert run.id == RUN and run.events == 600
    assert run.metrics["compensations"] > 0 and run.status == "finished"


def test_ledger_follows_retries_and_compensations(sample_reader):
    start = next(e for e in sample_reader.page(RUN, 1, 256) if e.kind == "saga_started")
    saga = start.payload["saga_id"]
    events = sample_reader.saga_events(RUN, saga, start.seq, start.seq + 100)
    ledger = fold(events)
    assert ledger is not None and ledger.status == "compensated"
    states = [(s.name, s.phase, s.status, s.attempts) for s in ledger.steps]
    assert states == [
        ("authorize_payment", "forward", "succeeded", 1),
        ("create_order", "forward", "failed", 2),
        ("authorize_payment", "compensate", "succeeded", 1),
    ]
    first_failure = next(i for i, e in enumerate(events) if e.kind == "step_failed")
    halfway = fold(events[: first_failure + 1])
    assert halfway is not None and halfway.status == "running"
    assert halfway.steps[-1].status == "retrying" and halfway.steps[-1].error is not None


def _event(seq: int, kind: str, **payload) -> EventRow:
    return EventRow(seq, kind, 1000.0 + seq, f"span{seq}", None, payload)


def test_alignment_ignores_ids_and_clocks_and_finds_the_first_divergence():
    left = [
        _event(1, "user_message", text="hi"),
        _event(2, "step_started", step="pay", attempt=1, irreversible=False),
        _event(3, "assistant_message", text="order #W1234567 placed"),
        _event(4, "user_message", text="thanks"),
    ]
    right = [
        _event(1, "user_message", text="hi"),
        _event(2, "step_started", step="pay", attempt=1, irreversible=False),
        _event(3, "assistant_message", text="order #W7654321 placed"),
        _event(4, "user_message", text="bye"),
        _event(5, "run_finished", outcome="completed"),
    ]
    assert signature(left[2]) == signature(right[2])
    result = align(left, right)
    assert result.first_divergence == 3
    assert [r.tag for r in result.rows] == ["equal", "equal", "equal", "replace", "insert"]
    assert result.differing == 2
    assert align(left, left).identical


def test_filter_terms_and_fields():
    run = RunSummary(
        "01ABC", 0.0, None, "finished", "chat", "rules", None, "v2", None, "purchase", {}, 10
    )
    assert matches(run, "")
    assert matches(run, "status:fin outcome:purchase")
    assert matches(run, "RULES v2")
    assert not matches(run, "status:failed")
    assert not matches(run, "openai")


def test_duration_bars_grow_with_the_log_of_the_time():
    widths = [len(bar(ms)) for ms in (0.5, 1, 10, 100, 1000, 10_000, 1_000_000)]
    assert widths == sorted(widths) and widths[-1] == 10 and bar(None) == ""
