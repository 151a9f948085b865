"""Fault injection as ASGI middleware around a sandbox vendor (in-process and served alike).

'before' faults answer (or hang, or hang up) without the vendor seeing the request; 'after'
faults let the vendor act and commit first, then lose or spoil its answer: a timeout after
commit is a write the client never hears about.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool

from sandbox.asgi import (
    ASGIApp,
    ErrorBody,
    Message,
    Receive,
    Scope,
    Send,
    default_error_body,
    read_body,
    replay,
    send_json,
    send_text,
)
from sandbox.faults.plan import FaultPlan, FaultRule

StockRace = Callable[[Any], None]
"""Given a request's JSON body, make the items it asks for unavailable (another buyer won)."""

STATUS_CODES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "timeout",
}
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>{status} Bad Gateway</title></head><body>"
    "<center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)
FAULT_HEADER = "X-Sandbox-Fault"


@dataclass
class Injected:
    """One fault that fired: which rule of the plan, on which request."""

    rule: int
    fault: str
    method: str
    path: str


@dataclass
class _Armed:
    index: int
    rule: FaultRule
    random: random.Random
    matched: int = 0
    fired: int = 0

    def fires(self) -> bool:
        self.matched += 1
        if self.matched <= self.rule.skip:
            return False
        if self.rule.count is not None and self.fired >= self.rule.count:
            return False
        if self.rule.probability < 1 and self.random.random() >= self.rule.probability:
            return False
        self.fired += 1
        return True


@dataclass
class _Captured:
    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


class FaultInjector:
    """Wraps one vendor's app; `use(plan)` swaps the plan (and restarts counts and draws)."""

    def __init__(
        self,
        app: ASGIApp,
        vendor: str,
        *,
        plan: FaultPlan | None = None,
        error_body: ErrorBody = default_error_body,
        stock_race: StockRace | None = None,
    ) -> None:
        self.app = app
        self.vendor = vendor
        self.error_body = error_body
        self.stock_race = stock_race
        self.injected: list[Injected] = []
        self._armed: list[_Armed] = []
        self.use(plan or FaultPlan())

    def use(self, plan: FaultPlan) -> None:
        armed = [
            _Armed(i, rule, random.Random(f"{plan.seed}:{i}"))
            for i, rule in enumerate(plan.rules)
            if rule.vendor == self.vendor
        ]
        if self.stock_race is None and any(a.rule.fault == "stock_race" for a in armed):
            raise ValueError(
                f"{self.vendor} has no stock to race for: stock_race faults "
                "need a vendor that sells stock"
            )
        self._armed = armed
        self.injected = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        armed = self._pick(scope) if scope["type"] == "http" and self._armed else None
        if armed is None:
            await self.app(scope, receive, send)
            return
        rule = armed.rule
        self.injected.append(Injected(armed.index, rule.fault, scope["method"], scope["path"]))
        if rule.latency:
            await asyncio.sleep(rule.latency)
        if rule.fault == "latency":
            await self.app(scope, receive, send)
        elif rule.fault == "stock_race":
            await self._stock_race(scope, receive, send)
        elif rule.fault == "decline":
            message = "Your card was declined."
            await self._answer(send, 402, self.error_body(402, rule.decline_code, message))
        elif rule.fault == "malformed" and rule.phase == "after":
            await self._spoil(rule, await self._captured(scope, receive), send)
        else:
            if rule.phase == "after":
                await self._captured(scope, receive)  # the vendor acts; its answer is lost
            await self._misbehave(rule, receive, send)

    def _pick(self, scope: Scope) -> _Armed | None:
        method, path = scope["method"], scope["path"]
        for armed in self._armed:
            if armed.rule.matches(method, path) and armed.fires():
                return armed
        return None

    async def _misbehave(self, rule: FaultRule, receive: Receive, send: Send) -> None:
        if rule.fault == "status":
            status = rule.status or 503
            code = STATUS_CODES.get(status, "injected_fault")
            headers: dict[str, str] = {FAULT_HEADER: rule.fault}
            if rule.retry_after is not None:
                headers["Retry-After"] = _seconds(rule.retry_after)
            body = self.error_body(status, code, f"injected fault: HTTP {status}")
            await send_json(send, status, body, headers)
        elif rule.fault == "timeout":
            if not await _client_gone(receive, rule.hang):
                body = self.error_body(504, "timeout", "the upstream did not answer in time")
                await self._answer(send, 504, body)
        elif rule.fault == "reset":
            await _hang_up(send)
        else:  # malformed html, before the vendor sees the request
            await _html(send, rule.status or 502)

    async def _answer(self, send: Send, status: int, body: Any) -> None:
        await send_json(send, status, body, {FAULT_HEADER: "injected"})

    async def _captured(self, scope: Scope, receive: Receive) -> _Captured:
        """Run the vendor with its answer kept back."""
        captured = _Captured()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured.status = message["status"]
                captured.headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured.body += message.get("body", b"")

        await self.app(scope, receive, keep)
        return captured

    async def _spoil(self, rule: FaultRule, answer: _Captured, send: Send) -> None:
        if rule.shape == "html":
            await _html(send, rule.status or 502)
            return
        body = answer.body
        if rule.shape == "truncated":
            body = body[: max(1, len(body) // 2)]
        else:
            body = _edit_json(body, rule.field or "", rule.shape == "missing_field")
        headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
        headers += [
            (b"content-length", str(len(body)).encode()),
            (b"x-sandbox-fault", b"malformed"),
        ]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _stock_race(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        try:
            document = json.loads(body) if body else None
        except ValueError:
            document = None
        if document is not None and self.stock_race is not None:
            await run_in_threadpool(self.stock_race, document)
        await self.app(scope, replay(body, receive), send)


async def _client_gone(receive: Receive, seconds: float) -> bool:
    """Stay silent until the client hangs up (True) or `seconds` pass (False)."""
    try:
        async with asyncio.timeout(seconds):
            while (await receive())["type"] != "http.disconnect":
                pass
    except TimeoutError:
        return False
    return True


async def _hang_up(send: Send) -> None:
    """Start an answer and never finish it: the server closes the connection mid-body."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"1024")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"partial": ', "more_body": True})


async def _html(send: Send, status: int) -> None:
    await send_text(send, status, HTML_PAGE.format(status=status), "text/html")


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _edit_json(body: bytes, path: str, remove: bool) -> bytes:
    """Remove the value at the dotted `path` (`items.0.price`), or give it a wrong type."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = _child(node, part)
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        index = int(last)
        if remove:
            node.pop(index)
        else:
            node[index] = _wrong(node[index])
    elif isinstance(node, dict) and last in node:
        if remove:
            del node[last]
        else:
            node[last] = _wrong(node[last])
    return json.dumps(document).encode("utf-8")


def _child(node: Any, part: str) -> Any:
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    if isinstance(node, dict):
        return node.get(part)
    return None


def _wrong(value: Any) -> Any:
    """A value of another JSON type than `value`."""
    if isinstance(value, str):
        return 12345
    if isinstance(value, bool) or value is None:
        return "yes"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return {"unexpected": "object"}
    return "[object Object]"
