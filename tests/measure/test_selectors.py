"""Run selectors over a real trace store, and the places they plug into."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
from pathlib import Path

import pytest

from agentcli.measure.selectors import SelectorError, parse_selector
from agentcli.suites.expected import expected_actions
from agentcli.suites.loader import load_text
from agentcli.trace.store import Store
from agentcli.tui.filters import matches
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.rows import RunSummary
from tests.e2e.helpers import chat, cli

NOW = 1_800_000_000.0


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "t.sqlite")
    rows = [
        ("A", NOW - 10 * 86400, "chat", "rules", None, "v1", "purchase"),
        ("B", NOW - 3600, "test", "openai", "qwen-plus", "v2", "escalated"),
        ("C", NOW - 60, "test", "openai", "gpt-4o-mini", "v2", "purchase"),
    ]
    for run_id, started, command, planner, model, prompt, outcome in rows:
        store.create_run(
            run_id, command=command, planner=planner, model=model, prompt_version=prompt
        )
        store.update_run(run_id, started_at=started, outcome=outcome, status="finished")
    store.db.execute(
        "INSERT INTO suite_results (run_id, case_id, suite, path, status, duration, created_at) "
        "VALUES ('C', 'checkout::x', 'checkout', 'x', 'passed', 0, 0)"
    )
    return store


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("", {"A", "B", "C"}),
        ("since:1d", {"B", "C"}),
        ("until:1d", {"A"}),
        ("since:2h until:30m", {"B"}),
        ("planner:openai outcome:purchase", {"C"}),
        ("outcome:purchase,escalated command:test", {"B", "C"}),
        ("model:QWEN-PLUS", {"B"}),
        ("prompt:v1", {"A"}),
        ("suite:checkout", {"C"}),
        ("status:running", set()),
    ],
)
def test_selectors_choose_runs(tmp_path: Path, text: str, ids: set[str]) -> None:
    store = _store(tmp_path)
    selector = parse_selector(text, now=NOW)
    where, params = selector.sql("runs")
    found = {r[0] for r in store.db.execute(f"SELECT id FROM runs WHERE {where}", params)}
    assert found == ids
    rows = [dict(r) for r in store.db.query("SELECT * FROM runs")]
    for row in rows:
        row["suites"] = ["checkout"] if row["id"] == "C" else []
    assert {r["id"] for r in rows if selector.matches(r)} == ids


@pytest.mark.parametrize(
    "text", ["planner", "colour:red", "since:soon", "model:", "since:2026-13-45"]
)
def test_a_bad_selector_says_which_term(text: str) -> None:
    with pytest.raises(SelectorError) as caught:
        parse_selector(text, option="--select")
    assert "--select" in str(caught.value) and "\n" not in str(caught.value)


def test_runs_list_and_metrics_take_a_selector() -> None:
    assert chat("I want a person").exit_code == 0
    assert chat("find a notebook").exit_code == 0
    escalated = json.loads(cli("runs", "list", "--select", "outcome:escalated", "--json").stdout)
    assert len(escalated) == 1
    figures = json.loads(cli("metrics", "--select", "outcome:escalated", "--json").stdout)
    assert figures["total"]["runs"] == 1 and figures["total"]["escalation_rate"] == 1.0
    # nothing to score is n/a (null), never 100%
    assert figures["total"]["action_precision"] is None
    assert "n/a" in cli("metrics").stdout
    bad = cli("runs", "list", "--select", "planner")
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_the_inspector_filter_bounds_runs_in_time() -> None:
    old = RunSummary(
        "01A",
        time.time() - 86400 * 3,
        None,
        "finished",
        "chat",
        "rules",
        None,
        None,
        None,
        "purchase",
        {},
        3,
    )
    assert matches(old, "until:1d")
    assert not matches(old, "since:1d")
    assert matches(old, "since:1")  # still being typed: no bound yet
    assert matches(old, "since:5d outcome:purchase")
    tagged = dataclasses.replace(old, variant="v2")
    assert matches(tagged, "variant:v2") and not matches(old, "variant:v2")


def test_the_inspector_reads_the_variant_and_databases_from_before_it(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.db.execute("UPDATE runs SET variant = 'v2' WHERE id = 'B'")
    store.db.conn.commit()
    store.close()
    reader = TraceReader.open(tmp_path / "t.sqlite")
    assert {run.id: run.variant for run in reader.runs()} == {"A": None, "B": "v2", "C": None}
    reader.close()
    old = sqlite3.connect(tmp_path / "t.sqlite")
    old.execute("DROP INDEX runs_variant")
    old.execute("ALTER TABLE runs DROP COLUMN variant")
    old.commit()
    old.close()
    reader = TraceReader.open(tmp_path / "t.sqlite")
    assert [run.variant for run in reader.runs()] == [None, None, None]
    reader.close()


def test_precision_recall_count_only_what_a_person_expected() -> None:
    text = """
cases:
  - name: typed
    turns:
      - user: find a notebook
        expect: {actions: [search_products]}
  - name: copied
    tags: [from-run]
    turns:
      - user: find a notebook
        expect: {actions: [search_products]}
  - name: gold
    kind: tau2
    calls: [{tool: find_user_id_by_email, args: {email: a@b.c}}]
"""
    typed, copied, gold = (case.case for case in load_text(text, "t.suite.yaml"))
    assert expected_actions(typed) == ["search_products"]
    assert expected_actions(copied) is None
    assert expected_actions(gold) is None
