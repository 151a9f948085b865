"""The recording transport: any httpx client, secrets dropped, personal data masked everywhere."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from agentcli.replay.masking import Masker
from agentcli.replay.recording import CassetteRecorder

KEY = b"k" * 32
USER = {
    "user_id": "sofia_rossi_8776",
    "name": {"first_name": "Sofia", "last_name": "Rossi"},
    "email": "sofia.rossi2645@example.com",
}


def _vendor(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/slow":
        raise httpx.ReadTimeout("no answer", request=request)
    if request.url.path == "/users/by-email":
        return httpx.Response(
            200,
            json={"user_id": USER["user_id"]},
            headers={"set-cookie": "session=abc", "date": "today", "x-kept": "yes"},
        )
    if request.url.path == f"/users/{USER['user_id']}":
        return httpx.Response(200, json=USER)
    return httpx.Response(200, json={"echo": json.loads(request.content or b"null")})


async def _session(recorder: CassetteRecorder) -> list[Any]:
    transport = recorder.wrap("shop", httpx.MockTransport(_vendor))
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://shop.sandbox",
        headers={"Authorization": "Bearer sk-live-0123456789abcdefXYZ", "Cookie": "c=1"},
    ) as client:
        seen = [
            (await client.get("/users/by-email", params={"email": USER["email"]})).json(),
            (await client.get(f"/users/{USER['user_id']}")).json(),
            (
                await client.post(
                    "/notes", json={"text": "call Sofia Rossi at 4242 4242 4242 4242"}
                )
            ).json(),
        ]
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/slow")
    return seen


def test_the_client_sees_the_real_answers_and_the_cassette_only_masked_ones() -> None:
    recorder = CassetteRecorder(KEY)
    seen = asyncio.run(_session(recorder))
    assert seen[1] == USER  # recording changes nothing for the caller
    cassette = recorder.build()
    text = json.dumps(
        [[i.request.__repr__(), i.response.__repr__()] for i in cassette.interactions]
    )
    for secret in (
        "sk-live",
        "Bearer",
        "session=abc",
        "c=1",
        "sofia",
        "Sofia",
        "Rossi",
        "sofia_rossi_8776",
        "4242",
    ):
        assert secret not in text
    masker = Masker(KEY)
    user_token = masker.token("sofia_rossi_8776")
    first, second, third, slow = cassette.interactions
    assert first.request.uri == (
        "http://shop.sandbox/users/by-email?email=" + masker.token(USER["email"])
    )
    assert first.response.body == {"user_id": user_token}
    assert first.response.headers == {"content-type": ["application/json"], "x-kept": ["yes"]}
    assert "authorization" not in first.request.headers and "cookie" not in first.request.headers
    # learned from a response, masked in the path of the next request
    assert second.request.uri == f"http://shop.sandbox/users/{user_token}"
    assert second.response.body["name"]["first_name"] == masker.token("Sofia")
    assert third.request.body == {
        "text": f"call {masker.token('Sofia')} "
        f"{masker.token('Rossi')} at "
        f"{masker.token('4242424242424242')}"
    }
    assert slow.response.error == "ReadTimeout: no answer"


def test_model_of_model_calls_is_masked_by_value() -> None:
    recorder = CassetteRecorder(KEY)

    def model(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"choices": [{"message": {"content": "Welcome back, Sofia Rossi!"}}]}
        )

    async def run() -> None:
        vendor = recorder.wrap("shop", httpx.MockTransport(_vendor))
        llm = recorder.wrap("model", httpx.MockTransport(model), model=True)
        async with httpx.AsyncClient(transport=vendor) as client:
            await client.get(f"http://shop.sandbox/users/{USER['user_id']}")
        async with httpx.AsyncClient(transport=llm) as client:
            await client.post(
                "http://model.test/v1/chat/completions",
                json={"messages": [{"role": "user", "content": "I am Sofia Rossi"}]},
            )

    asyncio.run(run())
    cassette = recorder.build()
    model_call = cassette.interactions[1]
    masker = Masker(KEY)
    assert (
        model_call.request.body["messages"][0]["content"]
        == f"I am {masker.token('Sofia')} {masker.token('Rossi')}"
    )
    assert "Sofia" not in json.dumps(model_call.response.body)
    assert recorder.model_origins() == ["http://model.test"]
