"""Through `agentcli chat --planner openai`: a card the customer types never reaches the model
in clear, the API key never reaches a file even when the endpoint echoes it, and every file
agentcli writes is its owner's only."""

from __future__ import annotations

import base64
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import HARPER, chat
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI, Raw, serve, text

API_KEY = "sk-test-Echo0123456789abcdefXYZ"
CARD_TYPED = "4242 4242  4242.4242."
CARD_DIGITS = "4242424242424242"


def _echoing(body: dict[str, Any]) -> dict[str, Any] | Raw:
    """`shopper`, but it echoes the key back in its body and headers, as some proxies do."""
    last = body["messages"][-1]
    if last["role"] == "user" and "card" in last["content"]:
        reply = text(f"Thanks. (debug: authorised with {API_KEY})")
    else:
        reply = shopper(body)
    reply["echo"] = {
        "authorization": f"Bearer {API_KEY}",
        "key": API_KEY,
        "key_b64": base64.b64encode(API_KEY.encode()).decode(),
    }
    return Raw(200, reply, {"x-echo-key": API_KEY})


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeOpenAI, str]]:
    monkeypatch.setenv("AGENTCLI_API_KEY", API_KEY)
    fake = FakeOpenAI(_echoing, api_key=API_KEY)
    with serve(fake.app) as base_url:
        yield fake, base_url
    assert fake.problems == []


def test_a_typed_card_and_an_echoed_key_reach_neither_the_model_nor_a_file(
    agentcli_home: Path, endpoint: tuple[FakeOpenAI, str]
) -> None:
    fake, base_url = endpoint
    result = chat(
        f"I'm {HARPER}",
        f"pay with my card {CARD_TYPED} please",
        "find a notebook",
        args=("--planner", "openai", "--model", MODEL, "--base-url", base_url),
    )
    assert result.exit_code == 0, result.output
    assert len(fake.requests) >= 3 and fake.problems == []
    sent = repr(fake.requests)
    assert "my card [CARD ****4242]. please" in sent
    assert CARD_DIGITS not in sent.replace(" ", "").replace(".", "")
    assert fake.headers[0]["authorization"] == f"Bearer {API_KEY}"  # it did authenticate

    files = [p for p in agentcli_home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" and p.parent.name == "cassettes" for p in files)
    forms = (
        API_KEY,
        base64.b64encode(API_KEY.encode()).decode(),
        "4242 4242",
        "4242.4242",
        CARD_DIGITS,
    )
    for path in files:
        if path.parent.name == "sandbox":
            continue  # the vendors' own books
        content = path.read_bytes()
        assert not any(form.encode() in content for form in forms), path


def test_trace_cassette_and_sandbox_files_are_the_owners_only(agentcli_home: Path) -> None:
    result = chat(f"I'm {HARPER}", "find a notebook")
    assert result.exit_code == 0, result.output
    written = [p for p in agentcli_home.rglob("*")]
    assert {p.name for p in written} >= {
        "traces.sqlite",
        "secret.key",
        "shop.sqlite",
        "pay.sqlite",
        "cassettes",
        "sandbox",
    }
    for path in [agentcli_home, *written]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is mode {oct(mode)}"
