"""Requests looked up by their exact bytes answer exactly as if parsed and masked afresh."""

from __future__ import annotations

import httpx
import pytest

from agentcli.replay.bodies import is_form, parse_body
from agentcli.replay.cassette import Cassette, Interaction, RecordedRequest, RecordedResponse
from agentcli.replay.masking import Masker
from agentcli.replay.matcher import CassetteIndex, shape_of

KEY = b"w" * 32
FORM = {"content-type": ["application/x-www-form-urlencoded"]}


def _item(
    method: str, uri: str, body: object, is_json: bool, headers: dict[str, list[str]] | None = None
) -> Interaction:
    return Interaction(
        RecordedRequest(method, uri, headers or {}, body, is_json),
        RecordedResponse(200, "", {}, {"ok": True}, True),
    )


RECORDED = [
    _item("POST", "http://pay.sandbox/v1/charges", {"b": [1, 2.5], "a": "naïve"}, True),
    _item("POST", "http://shop.sandbox/notes", '{"looks": "like json"}', False),
    _item(
        "POST", "http://x/oauth/token", "grant_type=client_credentials&client_secret=s", False, FORM
    ),
    _item("GET", "http://shop.sandbox/users/u?b=2&a=1", None, False),
    _item("POST", "http://pay.sandbox/v1/none", None, True),
]


def _request(item: Interaction) -> httpx.Request:
    req = item.request
    if req.json:
        return httpx.Request(req.method, req.uri, json=req.body)
    headers = {k: v[0] for k, v in req.headers.items()}
    return httpx.Request(req.method, req.uri, headers=headers, content=(req.body or "").encode())


@pytest.mark.parametrize("item", RECORDED, ids=lambda i: i.request.uri)
def test_a_request_as_sent_has_the_shape_a_fresh_parse_gives(item: Interaction) -> None:
    index = CassetteIndex(Cassette(RECORDED), Masker(KEY))
    request = _request(item)
    content = request.read()
    body, is_json = parse_body(content)
    fresh = shape_of(
        request.method, str(request.url), body, is_json, Masker(KEY), form=is_form(request.headers)
    )
    for _ in range(2):  # the first lookup may fill the table, the second reads it
        assert (
            index.wire_shape(
                request.method, str(request.url), content, form=is_form(request.headers)
            )
            == fresh
        )


def test_a_text_body_that_reads_as_json_does_not_match_its_text_recording_by_bytes() -> None:
    index = CassetteIndex(Cassette(RECORDED), Masker(KEY))
    shape = index.wire_shape("POST", "http://shop.sandbox/notes", b'{"looks": "like json"}')
    assert shape.body == '{"looks":"like json"}' and index.take(shape) is None


def test_what_the_masker_learns_after_indexing_is_masked_in_later_lookups() -> None:
    masker = Masker(KEY)
    uri = "http://shop.sandbox/v1/notes"
    index = CassetteIndex(Cassette([_item("POST", uri, {"note": "for harper_khan"}, True)]), masker)
    content = b'{"note":"for harper_khan"}'
    assert index.wire_shape("POST", uri, content).body == '{"note":"for harper_khan"}'
    masker.learn("harper_khan")
    assert index.wire_shape("POST", uri, content).body == '{"note":"for harper_khan"}'
    masker.use_values(masker.learned)
    token = masker.token("harper_khan")
    assert index.wire_shape("POST", uri, content).body == f'{{"note":"for {token}"}}'


def test_the_masker_forgets_remembered_results_when_it_learns() -> None:
    masker = Masker(KEY)
    assert masker.mask_string("harper_khan", "note") == "harper_khan"
    masker.learn("harper_khan")
    assert masker.mask_string("harper_khan", "note") == masker.token("harper_khan")
