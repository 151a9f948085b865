"""A fake OpenAI-compatible endpoint per test; a test whose requests it would reject fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.llm.fake import FakeOpenAI


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    endpoint = FakeOpenAI()
    yield endpoint
    assert endpoint.problems == [], "the planner sent requests a real endpoint would reject"
