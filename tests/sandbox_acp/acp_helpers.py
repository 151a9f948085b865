"""Helpers for the ACP merchant's tests: the official examples, catalogue items, schema checks."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import httpx

import commerce_specs
from sandbox.world import SandboxWorld

ROOT = Path(__file__).resolve().parents[2]


def _shared() -> Path:
    """`shared/` beside the repository, or beside its main checkout when this is a worktree."""
    git = ROOT / ".git"
    if git.is_file():  # a worktree: `gitdir: <main>/.git/worktrees/<name>`
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        beside_main = gitdir.parents[2].parent / "shared"
        if beside_main.is_dir():
            return beside_main
    return ROOT.parent / "shared"


EXAMPLES = _shared() / "third_party" / "acp" / "examples"
OPENAPI = "openapi/openapi.agentic_checkout.yaml"
JSON_SCHEMA = "json-schema/schema.agentic_checkout.json"

NOTEBOOK = "9799386954"  # the shop's cheapest notebook, $28.59, available
PUZZLE_GONE = "9370300555"  # a jigsaw puzzle the shop has marked unavailable
ESPRESSO = "3951031513"  # $3,289.46: sixteen of them are above pay's card limit
ADDRESS = {
    "name": "Harper Khan",
    "line_one": "1 Main St",
    "city": "Springfield",
    "state": "IL",
    "country": "US",
    "postal_code": "62701",
}
CARD = {
    "handler_id": "card_tokenized",
    "instrument": {"type": "card", "credential": {"type": "spt", "token": "spt_sandbox_visa"}},
}


def examples(version: str) -> dict[str, Any]:
    """The official checkout examples of one version (their item ids made the shop's)."""
    text = (EXAMPLES / version / "examples.agentic_checkout.json").read_text(encoding="utf-8")
    return {
        name: json.loads(json.dumps(value).replace('"item_123"', f'"{NOTEBOOK}"'))
        for name, value in json.loads(text).items()
    }


def problems(version: str, schema: str, body: Any) -> list[str]:
    """Where `body` breaks the version's schema; OpenAPI components, except the completed
    session, whose OpenAPI form no body can meet (see docs/acp-merchant.md)."""
    if schema == "CheckoutSessionWithOrder":
        check = commerce_specs.validator("acp", version, JSON_SCHEMA, f"/$defs/{schema}")
    else:
        check = commerce_specs.validator("acp", version, OPENAPI, f"/components/schemas/{schema}")
    return commerce_specs.problems(check, body)


def create_body(*items: str, address: bool = True, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "currency": "usd",
        "capabilities": {},
        "line_items": [{"id": item} for item in items],
        **extra,
    }
    if address:
        body["fulfillment_details"] = {"name": "Harper Khan", "address": copy.deepcopy(ADDRESS)}
    return body


def complete_body(**extra: Any) -> dict[str, Any]:
    return {"buyer": {"email": "harper@example.com"}, "payment_data": copy.deepcopy(CARD), **extra}


class Merchant:
    """An httpx client for the world's `acp` app, adding the headers every ACP call carries."""

    def __init__(self, http: httpx.AsyncClient, world: SandboxWorld) -> None:
        self.http = http
        self.world = world
        self.version = "2026-04-17"
        self._keys = itertools.count(1)

    def headers(self, key: str | None = None, **extra: str) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.world.api_key('acp')}",
            "API-Version": self.version,
            "Idempotency-Key": key or f"key-{next(self._keys)}",
        }
        return {**headers, **extra}

    async def post(self, path: str, body: Any = None, **headers: Any) -> httpx.Response:
        return await self.http.post(path, json=body, headers=self.headers(**headers))

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path, headers=self.headers())
