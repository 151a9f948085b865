"""Every path that records vendor exchanges drops the volatile response headers.

A chat, a τ² gold-call suite case, `agentcli resume` and a Temporal worker each observe the
vendors' answers; the sandbox vendors send `content-length` (and the like) on every answer.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from agentcli.trace.events import VOLATILE_HEADERS
from connectors.base import HttpExchange
from tests.e2e.helpers import HARPER, chat, cli
from tests.workflows.test_resume_cli import _interrupted_checkout

TAU2_CASE = """\
suite: headers
cases:
- name: gold calls
  kind: tau2
  calls:
  - tool: find_user_id_by_name_zip
    args: {first_name: Yusuf, last_name: Rossi, zip: '19122'}
  - tool: get_order_details
    args: {order_id: '#W6247578'}
"""


def _exchanges(run: str) -> list[dict[str, Any]]:
    shown = cli("runs", "show", run, "--json")
    assert shown.exit_code == 0, shown.output
    return [
        e["payload"] for e in json.loads(shown.stdout)["events"] if e["kind"] == "http_exchange"
    ]


def _assert_filtered(exchanges: list[dict[str, Any]]) -> None:
    assert exchanges, "no exchange was recorded"
    for exchange in exchanges:
        names = {name.lower() for name in exchange["response_headers"]}
        assert not names & VOLATILE_HEADERS, (exchange["url"], names & VOLATILE_HEADERS)
    assert any("content-type" in {n.lower() for n in e["response_headers"]} for e in exchanges)


def test_a_chat_records_exchanges_without_volatile_headers(agentcli_home: Path) -> None:
    done = chat(HARPER, "find a notebook")
    assert done.exit_code == 0, done.output
    _assert_filtered(_exchanges("latest"))


def test_a_tau2_case_records_exchanges_without_volatile_headers(
    agentcli_home: Path,
    tmp_path: Path,
) -> None:
    suite = tmp_path / "headers.suite.yaml"
    suite.write_text(TAU2_CASE, "utf-8")
    done = cli("test", str(suite))
    assert done.exit_code == 0, done.output
    _assert_filtered(_exchanges("latest"))


def test_resume_records_exchanges_without_volatile_headers(agentcli_home: Path) -> None:
    asyncio.run(_interrupted_checkout(agentcli_home, "place_order:create_order:forward:effect"))
    before = len(_exchanges("RUN1"))
    done = cli("resume")
    assert done.exit_code == 0, done.output
    _assert_filtered(_exchanges("RUN1")[before:])


def test_a_temporal_worker_ships_exchanges_without_volatile_headers() -> None:
    pytest.importorskip("temporalio", reason="a Temporal worker needs the temporal extra")
    from agentcli.workflows.temporal import activities

    exchange = HttpExchange(
        "pay",
        "POST",
        "http://pay.sandbox/v1/payment_intents",
        {},
        None,
        200,
        {"Content-Length": "2", "Date": "today", "Server": "s", "content-type": "application/json"},
        {},
        1.0,
    )
    shipped: list[dict[str, Any]] = []
    token = activities._exchanges.set(shipped)
    try:
        activities._capture(exchange)
    finally:
        activities._exchanges.reset(token)
    _assert_filtered([item["data"] for item in shipped])
