"""GenAI and HTTP semantic-convention attributes read from recorded model and vendor calls."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from agentcli.telemetry.spans import Span
from agentcli.trace import events as ev
from agentcli.trace.redact import REDACTED, SECRET_KEYS, redact_text
from connectors.base import status_code_error
from connectors.errors import ErrorCode

SPAN_ID = re.compile(r"\A[0-9a-f]{16}\Z")
TRACEPARENT = re.compile(r"\A00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}\Z")
SIGNED_QUERY = frozenset({"sig", "signature", "x-amz-signature", "x-goog-signature"})


def model_response(span: Span, response: ev.ModelResponse, include_content: bool) -> list[str]:
    """Set a `chat` span's response attributes; return the tool call ids the model sent."""
    usage, request, answer = _obj(response.usage), _obj(response.request), _obj(response.response)
    body, sent = _obj(answer.get("body")), _obj(request.get("body"))
    _server(span, request.get("url"))
    for name, key in (("temperature", "temperature"), ("max_tokens", "max_tokens")):
        if isinstance(sent.get(key), int | float) and not isinstance(sent.get(key), bool):
            span.set(f"gen_ai.request.{name}", sent[key])
    span.set("gen_ai.response.model", body.get("model") or usage.get("model"))
    span.set("gen_ai.response.id", body.get("id"))
    choices = [c for c in body.get("choices") or [] if isinstance(c, dict)]
    reasons = [str(c["finish_reason"]) for c in choices if c.get("finish_reason")]
    if not reasons and isinstance(answer.get("finish_reason"), str):
        reasons = [answer["finish_reason"]]
    if reasons:
        span.set("gen_ai.response.finish_reasons", reasons)
    tokens = {
        "input_tokens": _count(usage.get("prompt_tokens", usage.get("input_tokens"))),
        "output_tokens": _count(usage.get("completion_tokens", usage.get("output_tokens"))),
    }
    for name, count in tokens.items():
        span.set(f"gen_ai.usage.{name}", count)
    span.set("llm.token_count.prompt", tokens["input_tokens"])
    span.set("llm.token_count.completion", tokens["output_tokens"])
    span.set("llm.token_count.total", _count(usage.get("total_tokens")))
    if isinstance(usage.get("attempts"), int) and usage["attempts"] > 1:
        span.set("agentcli.model.attempts", usage["attempts"])
    if include_content:
        messages = sent.get("messages")
        if isinstance(messages, list):
            span.set("gen_ai.input.messages", _json(messages))
            span.set("input.value", _json(messages))
            span.set("input.mime_type", "application/json")
        outputs = [c.get("message") for c in choices if isinstance(c.get("message"), dict)]
        if outputs:
            span.set("gen_ai.output.messages", _json(outputs))
            span.set("output.value", _json(outputs))
            span.set("output.mime_type", "application/json")
    calls: list[str] = []
    for choice in choices[:1]:
        for call in _obj(choice.get("message")).get("tool_calls") or []:
            if isinstance(call, dict) and isinstance(call.get("id"), str):
                calls.append(call["id"])
    return calls


def http_exchange(span: Span, exchange: ev.HttpExchange) -> None:
    """Set an HTTP client span's attributes: method, masked URL, status, canonical error."""
    span.set("http.request.method", exchange.method)
    span.set("url.full", masked_url(exchange.url))
    _server(span, exchange.url)
    span.set("http.response.status_code", exchange.status)
    span.set("agentcli.vendor", exchange.vendor)
    if isinstance(exchange.attempt, int) and exchange.attempt > 1:
        span.set("http.request.resend_count", exchange.attempt - 1)
    headers = {k.lower(): v for k, v in (exchange.request_headers or {}).items()}
    span.set("agentcli.idempotency_key", headers.get("idempotency-key"))
    code = error_code(exchange)
    if code is not None:
        span.set("error.type", code)
        span.error = (exchange.error or f"HTTP {exchange.status}")[:500]


def error_code(exchange: ev.HttpExchange) -> str | None:
    """The canonical error code of a failed exchange (None when it succeeded)."""
    if exchange.error:
        text = exchange.error.lower()
        if text.startswith("timeout"):
            return ErrorCode.TIMEOUT.value
        if text.startswith("networkblocked"):
            return ErrorCode.BLOCKED.value
        return ErrorCode.UNAVAILABLE.value
    if isinstance(exchange.status, int) and exchange.status >= 400:
        return status_code_error(exchange.status).value
    return None


def traceparent(exchange: ev.HttpExchange) -> tuple[str, str] | None:
    """The (trace id, span id) a vendor call carried in its `traceparent` header."""
    for name, value in (exchange.request_headers or {}).items():
        if name.lower() == "traceparent" and isinstance(value, str):
            found = TRACEPARENT.match(value.strip())
            if found:
                return found.group(1), found.group(2)
    return None


def masked_url(url: str) -> str:
    """`url` with its password and any credential or signature in its query masked."""
    text = redact_text(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if not parts.query:
        return text
    query = [
        (k, REDACTED if k.lower() in SECRET_KEYS or k.lower() in SIGNED_QUERY else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="[]")))


def _server(span: Span, url: Any) -> None:
    if not isinstance(url, str):
        return
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return
    span.set("server.address", parts.hostname)
    span.set("server.port", port or {"http": 80, "https": 443}.get(parts.scheme))


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _count(value: Any) -> int | None:
    """A token count as an integer (the conventions' type), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
