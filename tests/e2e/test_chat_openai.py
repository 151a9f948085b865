"""`agentcli chat --planner openai` against a local OpenAI-compatible server on a real socket."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentcli import promptset
from tests.e2e.helpers import (
    HARPER,
    HARPER_GIFT,
    HARPER_ID,
    chat,
    latest_run_json,
    pay_intents,
    shop_order,
    shop_user,
)
from tests.e2e.test_subprocess import EXE
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI, serve

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "add the second one",
    "yes",
    "checkout with my gift card",
    "yes",
)


@pytest.fixture
def endpoint() -> Iterator[tuple[FakeOpenAI, str]]:
    fake = FakeOpenAI(shopper)
    with serve(fake.app) as base_url:
        yield fake, base_url
    assert fake.problems == []


def test_a_model_completes_a_checkout_with_confirmation(
    agentcli_home: Path, endpoint: tuple[FakeOpenAI, str]
) -> None:
    fake, base_url = endpoint
    result = chat(*CHECKOUT, args=("--planner", "openai", "--model", MODEL, "--base-url", base_url))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Shall I go ahead? (yes/no)") == 2  # the cart add, the order
    assert "add 1 x item" in result.stdout and "place an order with shop for:" in result.stdout
    assert "is placed." in result.stdout

    run = latest_run_json()
    assert (run["run"]["planner"], run["run"]["model"]) == ("openai", MODEL)
    assert run["run"]["prompt_version"] == promptset.latest()
    assert run["run"]["outcome"] == "purchase"
    [order_id] = [
        e["payload"]["result"]["order_id"]
        for e in run["events"]
        if e["kind"] == "step_succeeded" and e["payload"]["step"] == "create_order"
    ]
    order = shop_order(agentcli_home, order_id)
    assert order["user_id"] == HARPER_ID and order["status"] == "pending"
    [item] = order["items"]
    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["status"] == "succeeded" and intent["amount_received"] == round(
        item["price"] * 100
    )
    gift = shop_user(agentcli_home, HARPER_ID)["payment_methods"][HARPER_GIFT]
    assert gift["balance"] == round(99.0 - item["price"], 2)
    assert f"Your order {order_id} is placed." in result.stdout
    assert len(fake.requests) >= 8


def test_saying_no_to_the_order_leaves_everything_as_it_was(
    agentcli_home: Path, endpoint: tuple[FakeOpenAI, str]
) -> None:
    _fake, base_url = endpoint
    result = chat(
        *CHECKOUT[:-1], "no", args=("--planner", "openai", "--model", MODEL, "--base-url", base_url)
    )
    assert result.exit_code == 0, result.output
    assert "OK, I won't place an order" in result.stdout
    assert pay_intents(agentcli_home, HARPER_ID) == []


def test_a_real_process_talks_to_the_local_server(
    agentcli_home: Path, endpoint: tuple[FakeOpenAI, str]
) -> None:
    _fake, base_url = endpoint
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home), "AGENTCLI_API_KEY": "local-key"}
    done = subprocess.run(
        [EXE, "chat", "--planner", "openai", "--model", MODEL, "--base-url", base_url],
        input="\n".join(CHECKOUT) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "is placed." in done.stdout and "finished: purchase" in done.stderr
    assert "local-key" not in latest_run_json().__repr__()


def test_an_unreachable_endpoint_is_said_plainly(agentcli_home: Path) -> None:
    result = chat(
        "hello",
        args=("--planner", "openai", "--model", MODEL, "--base-url", "http://127.0.0.1:9/v1"),
    )
    assert result.exit_code == 0
    assert "Sorry, I can't plan right now" in result.stdout
    assert "cannot reach http://127.0.0.1:9/v1" in result.stdout
