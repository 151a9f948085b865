"""Model exchanges on tape: play a cassette to the planner, or record one from a live endpoint.

The file layout is vcrpy's (`version: 1`, `interactions: [{request, response}]`, headers as
lists) with JSON bodies stored parsed under `parsed_body`, volatile headers dropped and secret
headers never written. Interactions play in order; each request must match the recorded
method, path and model, and a test can ask which interactions were never played.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import yaml

import safeyaml
from errortree import UserError, parse_problem
from netpolicy import in_process

SECRET_HEADERS = {
    "authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "set-cookie",
    "openai-organization",
    "openai-project",
}
VOLATILE_HEADERS = {
    "date",
    "content-length",
    "x-request-id",
    "req-id",
    "openai-processing-ms",
    "x-dashscope-call-gateway",
    "server",
    "connection",
    "traceparent",
    "content-encoding",
    "transfer-encoding",
}


class ModelCassetteError(UserError):
    """The cassette cannot be read, or a request does not match what it recorded."""


@dataclass
class Interaction:
    """One recorded request and its response."""

    request: dict[str, Any]
    response: dict[str, Any]

    @property
    def path(self) -> str:
        return httpx.URL(self.request["uri"]).path

    def model(self) -> Any:
        body = self.request.get("parsed_body")
        return body.get("model") if isinstance(body, dict) else None


def _headers(headers: httpx.Headers) -> dict[str, list[str]]:
    kept: dict[str, list[str]] = {}
    for name, value in headers.multi_items():
        lowered = name.lower()
        if lowered not in SECRET_HEADERS and lowered not in VOLATILE_HEADERS:
            kept.setdefault(lowered, []).append(value)
    return kept


def _body(content: bytes) -> dict[str, Any]:
    if not content:
        return {"body": None}
    try:
        return {"parsed_body": json.loads(content)}
    except (ValueError, UnicodeDecodeError):
        return {"body": {"string": content.decode("utf-8", errors="replace")}}


def load_cassette(path: Path) -> list[Interaction]:
    """The interactions of a YAML (or JSON) cassette file."""
    try:
        data = safeyaml.load(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ModelCassetteError(f"cannot read cassette {path}: {parse_problem(exc)}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise ModelCassetteError(f"{path} is not a cassette (no `interactions` list)")
    if data.get("version") != 1:
        raise ModelCassetteError(f"{path}: cassette version {data.get('version')!r} is not 1")
    found = []
    for i, raw in enumerate(data["interactions"]):
        if not (
            isinstance(raw, dict)
            and isinstance(raw.get("request"), dict)
            and isinstance(raw.get("response"), dict)
        ):
            raise ModelCassetteError(f"{path}: interaction {i} needs a request and a response")
        found.append(Interaction(raw["request"], raw["response"]))
    return found


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases, so every interaction reads on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def save_cassette(path: Path, interactions: list[Interaction]) -> None:
    data = {
        "version": 1,
        "interactions": [{"request": i.request, "response": i.response} for i in interactions],
    }
    text = yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True)
    Path(path).write_text(text, "utf-8")


def _response_content(recorded: dict[str, Any]) -> bytes:
    if "parsed_body" in recorded:
        return json.dumps(recorded["parsed_body"]).encode()
    body = recorded.get("body")
    if isinstance(body, dict) and isinstance(body.get("string"), str):
        return body["string"].encode()
    return b""


class CassetteTransport(httpx.AsyncBaseTransport):
    """Serves a cassette's responses in order; a request that does not match is an error."""

    in_process = True

    def __init__(self, interactions: list[Interaction], name: str = "cassette") -> None:
        self.interactions = interactions
        self.name = name
        self.played = 0

    @classmethod
    def from_file(cls, path: Path) -> CassetteTransport:
        return cls(load_cassette(path), str(path))

    @property
    def unplayed(self) -> list[Interaction]:
        return self.interactions[self.played :]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.played >= len(self.interactions):
            raise ModelCassetteError(
                f"{self.name} has no interaction left for {request.method} "
                f"{request.url.path} (it recorded {len(self.interactions)})"
            )
        recorded = self.interactions[self.played]
        body = _body(await request.aread()).get("parsed_body")
        model = body.get("model") if isinstance(body, dict) else None
        checks = [
            ("method", request.method, recorded.request.get("method")),
            ("path", request.url.path, recorded.path),
            ("model", model, recorded.model()),
        ]
        for matcher, sent, expected in checks:
            if sent != expected:
                raise ModelCassetteError(
                    f"{self.name} interaction {self.played}: the {matcher} "
                    f"was {sent!r}, the cassette recorded {expected!r}"
                )
        self.played += 1
        status = recorded.response.get("status", {})
        headers = [
            (k, v) for k, values in recorded.response.get("headers", {}).items() for v in values
        ]
        return httpx.Response(
            int(status.get("code", 200)),
            headers=headers,
            content=_response_content(recorded.response),
            request=request,
        )


@dataclass
class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests on to `inner` and keeps each exchange, safe to write to a cassette."""

    inner: httpx.AsyncBaseTransport
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def in_process(self) -> bool:
        return in_process(self.inner)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        sent = await request.aread()
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        code = response.status_code
        reason = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else ""
        self.interactions.append(
            Interaction(
                {
                    "method": request.method,
                    "uri": str(request.url),
                    "headers": _headers(request.headers),
                    **_body(sent),
                },
                {
                    "status": {"code": code, "message": reason},
                    "headers": _headers(response.headers),
                    **_body(content),
                },
            )
        )
        headers = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(code, headers=headers, content=content, request=request)

    def save(self, path: Path) -> None:
        save_cassette(path, self.interactions)
