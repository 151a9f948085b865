"""Live export while `chat` and `test` record: spans arrive, a down collector costs only spans."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from agentcli.telemetry.live import SpanQueue
from agentcli.telemetry.spans import Span
from tests.e2e.helpers import HARPER, chat, cli, latest_run_json
from tests.telemetry.receiver import closed_port, otlp_receiver

LINES = (f"I'm {HARPER}", "find a notebook")
SUITE = """\
cases:
  - name: sign in
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {actions: [find_user]}
"""


def test_chat_sends_its_spans_while_it_runs_and_counts_them_on_the_run(
    agentcli_home: Path,
) -> None:
    with otlp_receiver() as (url, received):
        ran = chat(*LINES, args=("--otel-endpoint", url, "--otel-project", "live"))
        assert ran.exit_code == 0, ran.output
    run = latest_run_json()
    assert run["run"]["metrics"]["otel_spans_sent"] == len(received.spans) > 0
    assert run["run"]["metrics"]["otel_spans_dropped"] == 0
    [root] = [s for s in received.spans if s["parent_id"] is None]
    assert root["attributes"]["agentcli.run.outcome"] == run["run"]["outcome"]
    assert root["resource"]["openinference.project.name"] == "live"
    carried = {
        e["payload"]["request_headers"]["traceparent"].split("-")[1]
        for e in run["events"]
        if e["kind"] == "http_exchange"
    }
    assert {s["trace_id"] for s in received.spans} == carried
    with otlp_receiver() as (url, again):  # the live spans are the spans of a later export
        assert cli("export", "otel", "latest", "--endpoint", url).exit_code == 0
    assert sorted(
        (s["span_id"], s["name"], s["attributes"].get("agentcli.run.outcome")) for s in again.spans
    ) == sorted(
        (s["span_id"], s["name"], s["attributes"].get("agentcli.run.outcome"))
        for s in received.spans
    )


def test_a_collector_that_is_down_never_breaks_the_run(agentcli_home: Path) -> None:
    ran = chat(*LINES, args=("--otel-endpoint", closed_port()))
    assert ran.exit_code == 0, ran.output
    assert "I found" in ran.stdout or "Notebook" in ran.stdout
    run = latest_run_json()
    assert run["run"]["outcome"] == "completed"
    assert run["run"]["metrics"]["otel_spans_sent"] == 0
    dropped = run["run"]["metrics"]["otel_spans_dropped"]
    assert dropped > 0
    assert f"warning: {dropped} span(s) did not reach the OTLP collector" in ran.stderr
    assert "Traceback" not in ran.output


def test_the_environment_turns_live_export_on(agentcli_home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with otlp_receiver() as (url, received):
        monkeypatch.setenv("AGENTCLI_OTEL_ENDPOINT", url)
        assert chat(LINES[0]).exit_code == 0
    assert received.named("turn 1")


def test_a_suite_sends_every_case_run(agentcli_home: Path, tmp_path: Path) -> None:
    suite = tmp_path / "signin.suite.yaml"
    suite.write_text(SUITE, "utf-8")
    with otlp_receiver() as (url, received):
        result = cli("test", str(suite), "-n", "1", "--json", "--otel-endpoint", url)
        assert result.exit_code == 0, result.output
    [root] = [s for s in received.spans if s["parent_id"] is None]
    assert root["attributes"]["agentcli.run.command"] == "test"
    assert received.named("execute_tool find_user")


def test_the_queue_never_waits_for_a_stuck_collector_and_counts_what_it_dropped() -> None:
    entered, release = threading.Event(), threading.Event()
    batches: list[int] = []

    def stuck(batch: Sequence[tuple[str, Span]]) -> bool:
        entered.set()
        release.wait()
        batches.append(len(batch))
        return True

    spans = SpanQueue(stuck, capacity=4, batch=100)
    span = Span("s", "1" * 16, None, 0.0, 0.0)
    spans.offer("run", "1" * 32, [span])
    assert entered.wait(30)  # the thread holds the first span in a send that does not return
    spans.offer("run", "1" * 32, [span] * 10)  # returns at once: 4 queued, 6 dropped
    assert spans.dropped["run"] == 6
    release.set()
    spans.close()
    assert spans.sent["run"] == 5 and sum(batches) == 5 and spans.dropped["run"] == 6


def test_after_a_failed_send_closing_counts_the_rest_without_trying_it() -> None:
    calls: list[int] = []

    def down(batch: Sequence[tuple[str, Span]]) -> bool:
        calls.append(len(batch))
        return False

    spans = SpanQueue(down, capacity=100, batch=1)
    span = Span("s", "1" * 16, None, 0.0, 0.0)
    spans.offer("run", "1" * 32, [span] * 3)
    spans.close()
    assert spans.sent["run"] == 0 and spans.dropped["run"] == 3
    assert 1 <= len(calls) <= 3


def test_closing_gives_up_on_a_send_that_never_returns_and_counts_it_once() -> None:
    entered, release = threading.Event(), threading.Event()

    def hung(batch: Sequence[tuple[str, Span]]) -> bool:
        entered.set()
        release.wait()
        return True

    spans = SpanQueue(hung, capacity=100, batch=1)
    span = Span("s", "1" * 16, None, 0.0, 0.0)
    spans.offer("run", "1" * 32, [span])
    assert entered.wait(30)
    spans.offer("run", "1" * 32, [span] * 2)
    spans.close(patience=0.05)  # the send in flight and the two queued are lost
    assert (spans.sent["run"], spans.dropped["run"]) == (0, 3)
    release.set()
    spans._thread.join(30)  # the late answer changes nothing
    assert (spans.sent["run"], spans.dropped["run"]) == (0, 3)


def test_a_suite_passes_whatever_the_collector_does(agentcli_home: Path, tmp_path: Path) -> None:
    suite = tmp_path / "signin.suite.yaml"
    suite.write_text(SUITE, "utf-8")
    result = cli("test", str(suite), "-n", "1", "--otel-endpoint", closed_port())
    assert result.exit_code == 0, result.output
    assert "did not reach the OTLP collector" in result.stderr
    assert latest_run_json()["run"]["metrics"]["otel_spans_dropped"] > 0
