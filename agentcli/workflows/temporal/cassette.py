"""Puts the vendor calls a worker made for a saga into the run's cassette, as if made here.

A local run's cassette records every exchange at the client's transport; a saga on Temporal
calls the vendors from a worker, so its exchanges come back in the workflow's outcome and are
added here in order. `agentcli replay RUN --check` then serves them to the local engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from agentcli.replay.recording import DROP_REQUEST_HEADERS, DROP_RESPONSE_HEADERS, RawExchange
from agentcli.replay.runrecording import RunRecording

ExchangeSink = Callable[[dict[str, Any]], None]


def _headers(headers: dict[str, str], drop: frozenset[str]) -> dict[str, list[str]]:
    return {k.lower(): [v] for k, v in headers.items() if k.lower() not in drop}


def _bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def raw_exchange(data: dict[str, Any]) -> RawExchange:
    """An `HttpExchange` (as the trace holds it) in the cassette recorder's raw form."""
    url = str(data["url"])
    request_headers = _headers(data.get("request_headers") or {}, DROP_REQUEST_HEADERS)
    if data.get("request_body") is not None:
        request_headers.setdefault("content-type", ["application/json"])
    status = int(data.get("status") or 0)
    source = (httpx.URL(url).host or "http").split(".")[0]
    return RawExchange(
        source,
        False,
        str(data["method"]),
        url,
        request_headers,
        _bytes(data.get("request_body")),
        status=status,
        reason=httpx.codes.get_reason_phrase(status) if status else "",
        response_headers=_headers(data.get("response_headers") or {}, DROP_RESPONSE_HEADERS),
        response_body=_bytes(data.get("response_body")),
        error=data.get("error"),
    )


def cassette_sink(recording: RunRecording) -> ExchangeSink:
    return lambda data: recording.http.add(raw_exchange(data))
