"""A recorded session with a real-looking API key and card number: neither lands anywhere.

The key travels in the Authorization header of every model call; the card number is typed by
the user, sent to the model, echoed back by it, and put in a vendor search. The trace database
(every file SQLite writes) and the cassette are then searched byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import HARPER, chat, cli, latest_run_json
from tests.llm.fake import MODEL, FakeOpenAI, calls, serve, text

API_KEY = "sk-proj-7fQ2mZx9LwPa4TbV8nKc3RyD1hGs6JuE0oXi5Nq"
CARD = "4539 1488 0343 6467"  # passes the Luhn check


def echo_and_search(body: dict[str, Any]) -> dict[str, Any]:
    """Signs in, searches what the user typed, and repeats the user's words back."""
    last = body["messages"][-1]
    if last["role"] == "tool":
        return text("Done.")
    line = last["content"]
    email = re.search(r"[\w.+-]+@[\w.-]+", line)
    if email:
        return calls(("find_user", {"email": email.group(0)}))
    if line.startswith("search "):
        return calls(("search_products", {"query": line.removeprefix("search ")}))
    return text(f"You said: {line}")


@pytest.fixture
def endpoint() -> Iterator[tuple[FakeOpenAI, str]]:
    fake = FakeOpenAI(echo_and_search, api_key=API_KEY)
    with serve(fake.app) as base_url:
        yield fake, base_url


def _bytes_of(home: Path) -> dict[str, bytes]:
    files = [p for p in home.glob("traces.sqlite*")] + list((home / "cassettes").glob("*"))
    return {str(p): p.read_bytes() for p in files}


def test_no_key_and_no_card_number_anywhere_in_trace_or_cassette(
    agentcli_home: Path, endpoint: tuple[FakeOpenAI, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, base_url = endpoint
    monkeypatch.setenv("AGENTCLI_API_KEY", API_KEY)
    result = chat(
        f"I'm {HARPER}",
        f"my card is {CARD}, key {API_KEY}",
        f"search {CARD}",
        args=("--planner", "openai", "--model", MODEL, "--base-url", base_url),
    )
    assert result.exit_code == 0, result.output
    # the key really went out on every model call; the card never reached the model
    assert fake.headers and all(h["authorization"] == f"Bearer {API_KEY}" for h in fake.headers)
    assert not any(CARD in json.dumps(r) for r in fake.requests)
    assert any("my card is [CARD ****6467]" in json.dumps(r) for r in fake.requests)
    run = latest_run_json()
    assert any(
        e["kind"] == "http_exchange" and "/search" in e["payload"]["url"] for e in run["events"]
    )
    credentials = json.loads((agentcli_home / "sandbox" / "credentials.json").read_text())
    secrets = [
        API_KEY,
        CARD,
        CARD.replace(" ", ""),
        "7fQ2mZx9LwPa4TbV8nKc3RyD1hGs6JuE0oXi5Nq",
        *[c["client_secret"] for c in credentials.values()],
    ]
    files = _bytes_of(agentcli_home)
    assert any(name.endswith(".json") for name in files) and any(
        name.endswith("traces.sqlite") for name in files
    )
    for name, content in files.items():
        for secret in secrets:
            assert secret.encode() not in content, f"{secret[:8]}... found in {name}"
    # the trace keeps a masked card; so does the cassette (the model only ever saw it masked)
    assert "[CARD ****6467]" in json.dumps(run["events"])
    cassette = next(c for n, c in files.items() if n.endswith(".json")).decode()
    assert "[CARD ****6467]" in cassette
    assert "sofia" not in cassette.lower() and "harper" not in cassette.lower()
    # and the run still replays sealed from that masked cassette
    assert cli("replay", "latest", "--check").exit_code == 0
