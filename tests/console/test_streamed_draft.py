"""The draft of a streaming answer never shows a money figure the guardrails have not read."""

from __future__ import annotations

import io

from rich.console import Console

from agentcli.cli.console.waiting import Waiting
from agentcli.session.guardrails import hide_money


def test_money_in_a_streaming_draft_waits_for_the_checked_answer() -> None:
    waiting = Waiting(Console(file=io.StringIO(), force_terminal=True))
    waiting.hear("The lamp is $1,299.99 today (was US$ 1500), ")
    waiting.hear("and shipping is free.")
    label = waiting._label(started=0.0)
    assert "1,299.99" not in label and "1500" not in label
    assert "$…" in label and "shipping is free" in label


def test_hide_money_leaves_counts_and_ids_alone() -> None:
    assert hide_money("2 lamps for $45, order #W123 and 3 days") == (
        "2 lamps for $…, order #W123 and 3 days"
    )
