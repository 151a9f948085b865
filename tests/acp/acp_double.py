"""A test double of an ACP merchant: it checks the key and the version, records what it got,
and answers what the test queued (the spec's examples, mostly)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from connectors.acp.auth import AcpAuth
from connectors.acp.connector import AcpConnector
from connectors.base import RetryPolicy

API_KEY = "acp-test-key-5f2c9e71"
BASE_URL = "http://merchant.test"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0)
ROOT = Path(__file__).resolve().parents[2]


def shared_examples() -> Path | None:
    """The ACP examples beside the repository (or beside its main checkout), if present."""
    candidates = [ROOT.parent / "shared"]
    git = ROOT / ".git"
    if git.is_file():  # a worktree: `gitdir: <main>/.git/worktrees/<name>`
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        candidates.append(gitdir.parents[2].parent / "shared")
    for shared in candidates:
        examples = shared / "third_party" / "acp" / "examples"
        if examples.is_dir():
            return examples
    return None


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class MerchantDouble:
    """An ASGI app standing in for an ACP merchant that speaks `versions`."""

    def __init__(
        self, versions: tuple[str, ...] = ("2026-04-17",), *, list_versions: bool = True
    ) -> None:
        self.versions = versions
        self.list_versions = list_versions
        self.received: list[Received] = []
        self.answers: list[Answer] = []

    def answer(self, status: int, body: Any, **headers: str) -> None:
        self.answers.append(Answer(status, body, headers))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        body = await request.body()
        headers = {key.lower(): value for key, value in request.headers.items()}
        self.received.append(Received(request.method, request.url.path, headers, body))
        response = self._respond(headers)
        await response(scope, receive, send)

    def _respond(self, headers: dict[str, str]) -> Response:
        if headers.get("authorization") != f"Bearer {API_KEY}":
            return JSONResponse(_error("invalid_request", "unauthorized", "bad key"), 401)
        if headers.get("api-version") not in self.versions:
            refusal = _error("invalid_request", "unsupported_api_version", "unsupported")
            if self.list_versions:
                refusal["supported_versions"] = list(self.versions)
            return JSONResponse(refusal, 400)
        answer = self.answers.pop(0)
        if isinstance(answer.body, bytes):
            return Response(answer.body, answer.status, answer.headers, media_type="text/html")
        return JSONResponse(answer.body, answer.status, answer.headers)


class LosingTransport(httpx.AsyncBaseTransport):
    """The merchant acts, then its next `lose` answers are lost on the way back (a timeout)."""

    def __init__(self, app: MerchantDouble) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.lose = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.lose:
            self.lose -= 1
            await response.aread()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def connector(
    transport: httpx.AsyncBaseTransport,
    *,
    versions: tuple[str, ...] | None = None,
    signing_secret: str | None = None,
    **options: Any,
) -> AcpConnector:
    client = httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, auth=AcpAuth(API_KEY, signing_secret)
    )
    if versions is not None:
        options["versions"] = versions
    return AcpConnector(client, name="notebooks", retry=NO_WAIT, **options)


def _error(kind: str, code: str, message: str) -> dict[str, Any]:
    return {"type": kind, "code": code, "message": message}


def session(
    session_id: str = "cs_1", status: str = "ready_for_payment", **fields: Any
) -> dict[str, Any]:
    """A minimal checkout session that conforms to both versions' schema."""
    return {
        "id": session_id,
        "status": status,
        "currency": "usd",
        "capabilities": {},
        "line_items": [
            {
                "id": "li_1",
                "item": {"id": "item_123"},
                "quantity": 1,
                "totals": [{"type": "total", "display_text": "Total", "amount": 1999}],
            }
        ],
        "totals": [{"type": "total", "display_text": "Total", "amount": 1999}],
        "fulfillment_options": [],
        "messages": [],
        "links": [],
        **fields,
    }


def completed(session_id: str = "cs_1") -> dict[str, Any]:
    order = {
        "id": "ord_1",
        "checkout_session_id": session_id,
        "permalink_url": "https://merchant.test/orders/ord_1",
    }
    return session(session_id, "completed", order=order)


PAYMENT = {
    "payment_data": {
        "handler_id": "card_tokenized",
        "instrument": {"type": "card", "credential": {"type": "spt", "token": "spt_secret_9d1"}},
    }
}
CREATE = {"currency": "usd", "line_items": [{"id": "item_123"}], "capabilities": {}}
