"""Fault plans: bad ones are refused with the line and the reason; good ones do what they say."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from connectors.harness import load_fault_plan, parse_fault_plan
from connectors.yamlfile import ConfigFileError
from sandbox.faults import FaultInjector, FaultPlan, FaultRule
from sandbox.transport import SandboxTransport

GOOD = """\
seed: 7
rules:
  - vendor: pay
    endpoint: POST /v1/payment_intents/*/capture
    fault: timeout
    when: after
    count: 1
  - vendor: shop
    fault: status
    status: 429
    retry_after: 2
    probability: 0.5
"""


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("rules:\n  - vendor: bank\n    fault: status\n", 2, "unknown vendor 'bank'"),
        ("rules:\n  - vendor: shop\n    fault: explode\n", 3, "rules.0.fault: Input should be"),
        (
            "rules:\n  - vendor: shop\n    fault: status\n    shape: html\n",
            2,
            "shape is only for malformed faults",
        ),
        ("rules:\n  - vendor: shop\n    fault: malformed\n", 2, "needs shape"),
        (
            "rules:\n  - vendor: shop\n    fault: status\n    count: 0\n",
            4,
            "rules.0.count: Input should be greater than or equal to 1",
        ),
        (
            "rules:\n  - vendor: shop\n    fault: status\n    colour: red\n",
            4,
            "rules.0.colour: Extra inputs are not permitted",
        ),
        (
            "rules:\n  - vendor: shop\n    endpoint: FETCH /x\n    fault: reset\n",
            3,
            "unknown method 'FETCH'",
        ),
        ("seed: 1\nrules: [\n", 3, "not valid YAML"),
        ("- just a list\n", 1, "must be a mapping"),
    ],
)
def test_a_bad_plan_names_the_line_and_the_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(ConfigFileError) as caught:
        parse_fault_plan(text, "plan.yaml")
    assert caught.value.line == line, caught.value
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"plan.yaml:{line}: ")


def test_a_good_plan_loads_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "faults.yaml"
    path.write_text(GOOD)
    plan = load_fault_plan(path)
    assert plan.seed == 7 and len(plan.rules) == 2
    assert plan.rules[0].phase == "after" and plan.rules[1].phase == "before"
    assert plan.for_vendor("pay") == (plan.rules[0],)


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match="no such fault plan"):
        load_fault_plan(tmp_path / "nope.yaml")


def test_endpoints_match_method_and_glob() -> None:
    rule = FaultRule(vendor="shop", endpoint="post /orders/*/cancel", fault="reset")
    assert rule.endpoint == "POST /orders/*/cancel"
    assert rule.matches("POST", "/orders/#W1/cancel")
    assert not rule.matches("GET", "/orders/#W1/cancel")
    bare = FaultRule(vendor="shop", fault="reset")
    assert bare.matches("GET", "/users/u") and not bare.matches("POST", "/oauth/token")


async def ok_app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
    assert callable(send)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": b"{}"})


async def statuses(plan: FaultPlan, calls: int) -> list[int]:
    injector = FaultInjector(ok_app, "shop", plan=plan)
    async with httpx.AsyncClient(
        transport=SandboxTransport(injector), base_url="http://shop.sandbox"
    ) as client:
        return [(await client.get("/x")).status_code for _ in range(calls)]


async def test_count_and_skip() -> None:
    plan = FaultPlan(rules=(FaultRule(vendor="shop", fault="status", status=500, skip=1, count=2),))
    assert await statuses(plan, 5) == [200, 500, 500, 200, 200]


async def test_probability_draws_repeat_with_the_seed() -> None:
    rule = FaultRule(vendor="shop", fault="status", status=503, probability=0.5)
    first = await statuses(FaultPlan(seed=3, rules=(rule,)), 40)
    assert first == await statuses(FaultPlan(seed=3, rules=(rule,)), 40)
    assert first != await statuses(FaultPlan(seed=4, rules=(rule,)), 40)
    assert 8 < first.count(503) < 32
