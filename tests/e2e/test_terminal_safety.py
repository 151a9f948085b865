"""Text agentcli did not write (vendor data, model text, trace payloads, echoed input) cannot
drive the terminal on any output path: chat, runs, diff, replay, metrics, errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from agentcli.render.console import terminal_console
from agentcli.render.events import EventPrinter
from agentcli.trace.events import TraceEvent
from agentcli.trace.store import Store
from tests.e2e.helpers import cli
from tests.e2e.hostile import (
    HOSTILE,
    HOSTILE_ARG,
    LITERAL_MARKUP,
    assert_inert,
    hostile_payloads,
    unsafe_characters,
    write_hostile_run,
)

RUN_A = "01HOSTILERUNA0000000000000"
RUN_B = "01HOSTILERUNB0000000000000"


@pytest.fixture
def hostile_db(agentcli_home: Path) -> Path:
    """The default trace database holding two hostile runs that differ."""
    path = agentcli_home / "traces.sqlite"
    agentcli_home.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    write_hostile_run(store, RUN_A)
    write_hostile_run(store, RUN_B, HOSTILE.replace("fake", "other"))
    store.close()
    return path


def test_the_hostile_strings_are_hostile() -> None:
    """The check below would notice them if they got through."""
    assert len(unsafe_characters(HOSTILE)) > 30


def test_every_event_kind_prints_inert_through_the_chat_printer() -> None:
    out = io.StringIO()
    printer = EventPrinter(terminal_console(file=out, width=200))
    for seq, (kind, payload) in enumerate(hostile_payloads(), 1):
        printer(
            TraceEvent.model_construct(
                run_id=RUN_A,
                seq=seq,
                kind=kind,
                ts=0.0,
                span_id="s",
                parent_span_id=None,
                payload=payload,
                prev_hash="",
                hash="",
            )
        )
    text = out.getvalue()
    assert_inert(text, "agentcli chat")
    for markup in LITERAL_MARKUP:
        assert markup in text  # shown as typed, not obeyed
    assert "\\x1b[2J" in text and "\\r" in text and "\\u202e" in text  # visible, escaped
    assert not printer.closed


@pytest.mark.parametrize(
    "args",
    [
        ("runs", "show", RUN_A),
        ("runs", "show", RUN_A, "--json"),
        ("runs", "list"),
        ("runs", "list", "--json"),
        ("diff", RUN_A, RUN_B),
        ("diff", RUN_A, RUN_B, "--json"),
        ("metrics",),
        ("metrics", "--json"),
        ("replay", RUN_A, "--check"),
    ],
    ids=" ".join,
)
def test_commands_show_hostile_runs_inert(hostile_db: Path, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert_inert(result.stdout, " ".join(args))
    assert_inert(result.stderr, " ".join(args) + " (stderr)")
    if "--json" in args:
        json.loads(result.stdout)  # still valid JSON, with \\u escapes


def test_runs_show_prints_the_hostile_text_escaped_and_its_markup_literally(
    hostile_db: Path,
) -> None:
    result = cli("runs", "show", RUN_A)
    assert result.exit_code == 0, result.output
    assert "[bold red]fake[/]" in result.stdout
    assert "\\x1b[2J" in result.stdout and "\\x9b31m" in result.stdout


def test_json_output_keeps_the_values_but_escapes_the_characters(hostile_db: Path) -> None:
    result = cli("runs", "show", RUN_A, "--json")
    document = json.loads(result.stdout)
    texts = [e["payload"]["text"] for e in document["events"] if e["kind"] == "user_message"]
    assert texts == [HOSTILE]  # the data is unchanged; only its JSON spelling is escaped


@pytest.mark.parametrize(
    "args",
    [
        ("runs", "show", HOSTILE_ARG),
        ("diff", HOSTILE_ARG, RUN_A),
        ("metrics", "--since", HOSTILE_ARG),
        ("inspect", HOSTILE_ARG),
        ("chat", "--policy", HOSTILE_ARG),
        ("chat", "--planner", HOSTILE_ARG),
        ("runs", "list", "--limit", HOSTILE_ARG),
        ("test", HOSTILE_ARG),
    ],
    ids=lambda args: "-".join(args[:2]),
)
def test_error_messages_quote_hostile_input_inert(hostile_db: Path, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code in (1, 2), result.output
    assert "error" in result.stderr.lower()
    assert_inert(result.stdout + result.stderr, f"agentcli {args[0]} error")
