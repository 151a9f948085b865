"""Cassettes on disk: vcrpy's layout, JSON bodies stored parsed, readable by vcrpy itself."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
import vcr
import yaml

from agentcli.replay import cassette as cassettes
from agentcli.replay import vcrcompat
from agentcli.replay.cassette import (
    Cassette,
    CassetteError,
    Interaction,
    RecordedRequest,
    RecordedResponse,
)


def _sample() -> Cassette:
    return Cassette(
        [
            Interaction(
                RecordedRequest("GET", "http://shop.sandbox/items/1", {"accept": ["*/*"]}),
                RecordedResponse(
                    200,
                    "OK",
                    {"content-type": ["application/json"]},
                    {"item_id": "1", "price": 29.28, "é": [1, 2.5]},
                    True,
                ),
            ),
            Interaction(
                RecordedRequest(
                    "POST", "http://pay.sandbox/v1/refunds", {}, {"payment_intent": "pi_1"}, True
                ),
                RecordedResponse(402, "Payment Required", {}, "plain text"),
            ),
            Interaction(
                RecordedRequest("GET", "http://shop.sandbox/slow"),
                RecordedResponse(0, "", {}, None, False, "ReadTimeout: no answer"),
            ),
        ],
        {"agentcli": {"run_id": "R", "clock": [1.5, 2.25]}},
    )


@pytest.mark.parametrize("name", ["c.yaml", "c.json"])
def test_a_cassette_reads_back_exactly(tmp_path: Path, name: str) -> None:
    original = _sample()
    loaded = cassettes.load(cassettes.save(original, tmp_path / name))
    assert loaded.interactions == original.interactions
    assert loaded.metadata == original.metadata


def test_the_file_is_vcrpy_layout_with_parsed_json_bodies(tmp_path: Path) -> None:
    document = yaml.safe_load(cassettes.save(_sample(), tmp_path / "c.yaml").read_text())
    assert document["version"] == 1
    first = document["interactions"][0]
    assert first["request"] == {
        "method": "GET",
        "uri": "http://shop.sandbox/items/1",
        "headers": {"accept": ["*/*"]},
        "body": None,
    }
    assert first["response"]["status"] == {"code": 200, "message": "OK"}
    assert first["response"]["parsed_body"]["price"] == 29.28
    assert document["interactions"][1]["response"]["body"] == {"string": "plain text"}


def test_vcrpy_plays_an_agentcli_cassette_through_the_serializer(tmp_path: Path) -> None:
    path = cassettes.save(_sample(), tmp_path / "c.yaml")
    recorder = vcr.VCR(record_mode="none")
    recorder.register_serializer("agentcli", vcrcompat)

    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError("vcrpy should have answered from the cassette")

    async def play() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.MockTransport(no_network)) as client:
            return await client.get("http://shop.sandbox/items/1")

    with recorder.use_cassette(str(path), serializer="agentcli"):
        response = asyncio.run(play())
    assert response.json() == {"item_id": "1", "price": 29.28, "é": [1, 2.5]}


@pytest.mark.parametrize(
    "text, message",
    [
        ("interactions: 3\n", "not a cassette"),
        ("interactions: []\nversion: 9\n", "format version 9"),
        ("interactions:\n- request: {}\n  response: {}\n", "malformed interaction"),
        ("{[", "not valid YAML"),
    ],
)
def test_a_broken_cassette_is_refused_with_the_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(CassetteError, match=message):
        cassettes.load(path)


def test_a_missing_cassette_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(CassetteError, match="no cassette at"):
        cassettes.load(tmp_path / "absent.yaml")


def test_tokens_lists_every_masked_value(tmp_path: Path) -> None:
    cassette = Cassette(
        [
            Interaction(
                RecordedRequest("GET", "http://shop.sandbox/users/pii_text_0123456789ab"),
                RecordedResponse(200, "", {}, {"email": "pii_email_aaaaaaaaaaaa", "x": "y"}, True),
            )
        ]
    )
    assert cassette.tokens() == {"pii_text_0123456789ab", "pii_email_aaaaaaaaaaaa"}
