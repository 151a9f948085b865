"""A synthetic run shaped like real chat sessions, of any length, fully deterministic.

The benchmark uses it to open a run of 100,000 events; the snapshot tests use it because a
real run's ids and clocks differ on every recording.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any

from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store

SAMPLE_T0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC


class _Clock:
    def __init__(self, t0: float) -> None:
        self.now = t0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms / 1000.0


def write_sample_run(
    store: Store,
    run_id: str,
    *,
    events: int = 200,
    seed: int = 7,
    t0: float = SAMPLE_T0,
    command: str = "chat",
    diverge_at_turn: int | None = None,
) -> int:
    """Record a run of exactly `events` events; return the count.

    From `diverge_at_turn` on, the user looks for pens instead of notebooks, so two sample
    runs can be compared.
    """
    store.create_run(
        run_id,
        command=command,
        planner="rules",
        model=None,
        prompt_version="retail-v1",
        connectors_mode="sandbox",
    )
    store.update_run(run_id, started_at=t0)
    clock = _Clock(t0)
    recorder = Recorder(store, run_id, clock=clock, batch_size=2000)
    rng = random.Random(seed)
    turns = writes = compensations = 0
    scenes: Iterator[SceneFn] = itertools.cycle(
        [_search, _search, _checkout_compensated, _search, _checkout_ok, _invalid_then_reply]
    )
    for scene in scenes:
        turns += 1
        product = "pen" if diverge_at_turn and turns >= diverge_at_turn else "notebook"
        for payload, ms in scene(turns, rng, product):
            if recorder.seq >= events - 1:
                break
            clock.advance(ms)
            recorder.record(payload, span_id=f"{recorder.seq + 1:016x}")
            writes += isinstance(payload, ev.ActionProposed) and payload.effect == "write"
            compensations += isinstance(payload, ev.CompensationSucceeded)
        if recorder.seq >= events - 1:
            break
    metrics = {
        "turns": turns,
        "writes": writes,
        "compensations": compensations,
        "invalid_actions": 0,
        "orders_placed": 0,
        "escalated": False,
        "errors": 0,
    }
    clock.advance(1)
    recorder.record(
        ev.RunFinished(outcome="completed", metrics=metrics), span_id=f"{recorder.seq + 1:016x}"
    )
    recorder.flush()
    store.finish_run(run_id, status="finished", outcome="completed", metrics=metrics)
    store.update_run(run_id, finished_at=clock.now)
    return recorder.seq


Scene = Iterator[tuple[ev.AnyPayload, float]]
SceneFn = Callable[[int, random.Random, str], Scene]


def _ask(
    line: str, turn: int, proposals: list[dict[str, Any]], rationale: str, rng: random.Random
) -> Scene:
    yield (
        ev.ModelRequest(
            planner="rules",
            model=None,
            user_line=line,
            observations=[],
            repair_errors=[],
        ),
        0.2,
    )
    latency = round(rng.uniform(0.5, 3.0) if turn % 9 else rng.uniform(900, 2500), 3)
    yield (
        ev.ModelResponse(
            proposals=proposals,
            rationale=rationale,
            request={"user_line": line},
            response=None,
            usage=None,
            latency_ms=latency,
        ),
        latency,
    )


def _http(
    vendor: str,
    method: str,
    path: str,
    status: int,
    body: Any,
    rng: random.Random,
    request_body: Any = None,
    key: str | None = None,
) -> tuple[ev.HttpExchange, float]:
    ms = round(rng.uniform(1.0, 12.0), 3)
    headers = {"Idempotency-Key": key} if key else {}
    return (
        ev.HttpExchange(
            vendor=vendor,
            method=method,
            url=f"http://{vendor}.sandbox{path}",
            request_headers=headers,
            request_body=request_body,
            status=status,
            response_headers={"content-type": "application/json"},
            response_body=body,
            duration_ms=ms,
            error=None,
            attempt=1,
        ),
        ms,
    )


def _reply(text: str, turn: int, rng: random.Random) -> Scene:
    yield from _ask("", turn, [{"action": "reply", "message": text}], "answer", rng)
    yield (
        ev.ActionProposed(
            action="reply",
            arguments={"message": text},
            effect="read",
            rationale="answer",
        ),
        0.1,
    )
    yield ev.AssistantMessage(text=text), 0.1


def _search(turn: int, rng: random.Random, product: str) -> Scene:
    line = f"find a {product} under {20 + turn % 40}"
    yield ev.UserMessage(text=line, turn=turn, truncated=False), 800.0
    args = {"query": product, "max_price": 20 + turn % 40}
    yield from _ask(line, turn, [{"action": "search_products", **args}], "looking", rng)
    yield (
        ev.ActionProposed(
            action="search_products",
            arguments=args,
            effect="read",
            rationale="customer is looking for products",
        ),
        0.1,
    )
    results = [{"name": product.title(), "item_id": "7579176349", "price": 29.28}]
    yield _http("shop", "GET", f"/products?q={product}", 200, {"results": results}, rng)
    yield (
        ev.ActionResult(
            action="search_products", arguments=args, ok=True, data={"results": results}
        ),
        0.1,
    )
    yield from _reply(f"I found 1 matching item: {product.title()} - $29.28", turn, rng)


def _checkout_head(turn: int, rng: random.Random, product: str = "notebook") -> Scene:
    yield (
        ev.UserMessage(text="checkout with my gift card", turn=turn, truncated=False),
        1500.0,
    )
    proposal = {"action": "place_order", "payment_method_id": "gift_card_6445682"}
    yield from _ask("checkout with my gift card", turn, [proposal], "check out", rng)
    yield (
        ev.ActionProposed(
            action="place_order",
            arguments={"payment_method_id": "gift_card_6445682"},
            effect="write",
            rationale="check out",
        ),
        0.1,
    )
    yield (
        ev.PolicyDecision(
            action="place_order",
            outcome="confirm",
            needs_approval=False,
            amount=29.28,
            reasons=["every write needs the user's explicit yes"],
        ),
        0.1,
    )
    yield ev.ApprovalResolved(by="user", approved=True, action="place_order"), 2000.0
    saga = f"saga-{turn:06d}"
    yield (
        ev.SagaStarted(
            saga_id=saga,
            saga="place_order",
            input={"amount": 29.28},
            steps=["authorize_payment", "create_order", "capture_payment"],
        ),
        0.1,
    )
    key = f"agentcli-{turn:032x}"
    yield (
        ev.StepStarted(
            saga_id=saga,
            step="authorize_payment",
            attempt=1,
            idempotency_key=key,
            irreversible=False,
        ),
        0.1,
    )
    intent = {"id": f"pi_{turn:024x}", "status": "requires_capture", "amount": 2928}
    yield _http(
        "pay",
        "POST",
        "/v1/payment_intents",
        200,
        intent,
        rng,
        {"amount": 2928, "currency": "usd"},
        key,
    )
    yield (
        ev.StepSucceeded(
            saga_id=saga,
            step="authorize_payment",
            attempt=1,
            result={"intent_id": intent["id"]},
        ),
        0.1,
    )


def _checkout_compensated(turn: int, rng: random.Random, product: str = "notebook") -> Scene:
    yield from _checkout_head(turn, rng)
    saga = f"saga-{turn:06d}"
    for attempt in (1, 2):
        yield (
            ev.StepStarted(
                saga_id=saga,
                step="create_order",
                attempt=attempt,
                idempotency_key=f"agentcli-{turn + 1:032x}",
                irreversible=False,
            ),
            0.1,
        )
        error = {
            "code": "VENDOR_UNAVAILABLE" if attempt == 1 else "OUT_OF_STOCK",
            "message": "shop is down" if attempt == 1 else "item 7579176349 sold out",
        }
        yield _http(
            "shop",
            "POST",
            "/orders",
            503 if attempt == 1 else 409,
            {"error": error},
            rng,
            {"from_cart": True},
        )
        yield (
            ev.StepFailed(
                saga_id=saga,
                step="create_order",
                attempt=attempt,
                error=error,
                will_retry=attempt == 1,
            ),
            0.1,
        )
    yield (
        ev.CompensationStarted(
            saga_id=saga,
            step="authorize_payment",
            attempt=1,
            idempotency_key=f"agentcli-{turn + 2:032x}",
            irreversible=False,
        ),
        0.1,
    )
    yield _http(
        "pay",
        "POST",
        f"/v1/payment_intents/pi_{turn:024x}/cancel",
        200,
        {"status": "canceled"},
        rng,
    )
    yield (
        ev.CompensationSucceeded(
            saga_id=saga,
            step="authorize_payment",
            attempt=1,
            result={"status": "canceled"},
        ),
        0.1,
    )
    yield (
        ev.SagaFinished(
            saga_id=saga,
            saga="place_order",
            status="compensated",
            failed_step="create_order",
            compensated=["authorize_payment"],
        ),
        0.1,
    )
    yield (
        ev.ActionResult(
            action="place_order",
            ok=False,
            error={"code": "OUT_OF_STOCK", "message": "sold out"},
        ),
        0.1,
    )
    yield from _reply("The notebook sold out; nothing was charged.", turn, rng)


def _checkout_ok(turn: int, rng: random.Random, product: str = "notebook") -> Scene:
    yield from _checkout_head(turn, rng)
    saga = f"saga-{turn:06d}"
    for step, irreversible in (("create_order", False), ("capture_payment", True)):
        key = f"agentcli-{turn + len(step):032x}"
        yield (
            ev.StepStarted(
                saga_id=saga,
                step=step,
                attempt=1,
                idempotency_key=key,
                irreversible=irreversible,
            ),
            0.1,
        )
        yield _http(
            "shop" if step == "create_order" else "pay",
            "POST",
            f"/{step}",
            200,
            {"ok": True},
            rng,
            None,
            key,
        )
        yield (
            ev.StepSucceeded(saga_id=saga, step=step, attempt=1, result={"ok": True}),
            0.1,
        )
    yield ev.SagaFinished(saga_id=saga, saga="place_order", status="completed"), 0.1
    yield ev.ActionResult(action="place_order", ok=True, data={}), 0.1
    yield from _reply("Done: your order is placed.", turn, rng)


def _invalid_then_reply(turn: int, rng: random.Random, product: str = "notebook") -> Scene:
    yield ev.UserMessage(text="add three", turn=turn, truncated=False), 600.0
    raw = {"action": "add_to_cart", "quantity": "three"}
    yield from _ask("add three", turn, [raw], "add", rng)
    yield (
        ev.ActionInvalid(raw=raw, reason="quantity: Input should be a valid integer", repair=0),
        0.1,
    )
    yield from _reply("How many would you like, as a number?", turn, rng)
