"""`agentcli test` reports the pass rate, and the planner's corpus files load and stay apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agentcli.cli.app import app
from agentcli.cli.test import _percent
from agentcli.suites.loader import load_cases

CORPUS = Path(__file__).resolve().parents[2] / "suites" / "corpus"
HALF = """\
cases:
  - name: sign in
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {actions: [find_user]}
  - name: a search that is expected to be a sign-in
    turns:
      - user: find a notebook
        expect: {actions: [find_user]}
"""


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_the_pass_rate_is_in_the_table_the_summary_and_the_json(
    tmp_path: Path, agentcli_home: Path
) -> None:
    suite = tmp_path / "half.suite.yaml"
    suite.write_text(HALF)
    shown = cli("test", str(suite), "-n", "1")
    assert shown.exit_code == 1, shown.output
    assert "pass rate" in shown.stdout
    assert "1 passed (50.0%), 1 failed" in shown.stdout
    as_json = cli("test", str(suite), "-n", "1", "--json")
    assert json.loads(as_json.stdout)["pass_rate"] == 0.5


def test_a_failure_is_never_rounded_up_to_a_perfect_rate() -> None:
    assert _percent(1.0) == "100.0%"
    assert _percent(1999 / 2000) == "99.9%"
    assert _percent(None) == "-"


def test_the_corpus_loads_and_is_not_part_of_the_gate() -> None:
    corpus = load_cases(sorted(CORPUS.glob("*.corpus.yaml")))
    assert len(corpus) >= 300
    assert load_cases([CORPUS]) == []  # a directory is searched for *.suite.yaml only


def test_no_held_out_line_is_also_in_the_corpus() -> None:
    held_out = load_cases(sorted((CORPUS / "heldout").glob("*.corpus.yaml")))
    if not held_out:
        pytest.skip("no held-out lines in suites/corpus/heldout/")
    corpus = load_cases(sorted(CORPUS.glob("*.corpus.yaml")))
    shared = len({c.case.name for c in corpus} & {c.case.name for c in held_out} - {""})
    assert shared == 0, f"{shared} held-out line(s) are in the corpus too"  # counted, not shown
