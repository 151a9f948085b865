"""How long the model planner's requests are in the bundled suites' conversations.

Every conversation case of `suites/` runs as `agentcli test` runs it (real sandbox vendors, the
real session), with the rules planner deciding; beside it, the openai planner builds the request
it would send at each step, with the decisions fed back as tool calls, so the transcript is the
one a model that chose like the rules planner would see. Figures per request style: the first
request of each conversation and the longest later one, against the targets for a 4,096-token
local model (first <= 2,500, any <= 4,000). Tokens are estimated from characters (3.2 a token,
on the high side for JSON); with --base-url, each request is also sent to a local server with
`max_tokens: 1` and its own tokenizer's `usage.prompt_tokens` is recorded instead.

Run: .venv/bin/python -m bench.model_prompt [--base-url http://127.0.0.1:PORT/v1 --model NAME]
     [--suite NAME]... [--case TEXT]... [--style NAME]...   (served counts are slow on a CPU)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from agentcli import promptset
from agentcli.planners.base import UNUSABLE, PlannerOutput, PlanningContext
from agentcli.planners.openai import Completion, Endpoint, OpenAIPlanner
from agentcli.planners.openai.client import approx_tokens
from agentcli.planners.rules import RulesPlanner
from agentcli.suites import runner as suite_runner
from agentcli.suites.loader import ResolvedCase, discover, load_cases
from agentcli.suites.planners import BuiltPlanner
from bench.common import RESULTS, save

ROOT = Path(__file__).resolve().parents[1]
FIRST_TARGET, ANY_TARGET = 2500, 4000
STYLES = {
    # what a local preset sends now, and what every request carried before
    "portable, staged, v4, 4,096 context": {
        "tool_schema": "portable",
        "staged": True,
        "prompts": "v4",
        "context_tokens": 4096,
    },
    "strict, all tools, v3": {
        "tool_schema": "strict",
        "staged": False,
        "prompts": "v3",
        "context_tokens": None,
    },
}


@dataclass
class Sizes:
    """Token counts of one conversation's requests, in order."""

    case: str
    tokens: list[int] = field(default_factory=list)


class Measured:
    """The rules planner decides; the openai planner's request for the same step is measured."""

    name = "rules"
    model: str | None = None

    def __init__(self, style: dict[str, Any], counter: Any, sizes: Sizes) -> None:
        self.rules = RulesPlanner()
        self.shadow = OpenAIPlanner(
            Endpoint("http://model.invalid/v1", "measured"),
            promptset.load(style["prompts"]),
            tool_schema=style["tool_schema"],
            context_tokens=style["context_tokens"],
        )
        self.shadow.toolset.staged = style["staged"]
        self.counter = counter
        self.sizes = sizes

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        body = self.shadow.next_request(ctx)
        self.sizes.tokens.append(self.counter(body))
        output = await self.rules.plan(ctx)
        calls = [
            {
                "id": f"call_{len(self.sizes.tokens)}_{i}",
                "type": "function",
                "function": {
                    "name": p.get("action"),
                    "arguments": json.dumps({k: v for k, v in p.items() if k != "action"}),
                },
            }
            for i, p in enumerate(output.proposals)
            if isinstance(p, dict) and UNUSABLE not in p
        ]
        message = {"role": "assistant", "content": None, "tool_calls": calls}
        answer = {"choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}]}
        self.shadow.take_answer(ctx, body, Completion(200, answer, 0.0))
        return output


def _estimate(body: dict[str, Any]) -> int:
    return approx_tokens(json.dumps(body, ensure_ascii=False))


def _served(base_url: str, model: str) -> Any:
    client = httpx.Client(timeout=600)

    def count(body: dict[str, Any]) -> int:
        sent = {**body, "model": model, "max_tokens": 1, "temperature": 0}
        response = client.post(f"{base_url.rstrip('/')}/chat/completions", json=sent)
        too_long = re.search(r"Requested tokens \((\d+)\)", response.text)
        if response.status_code == 400 and too_long:  # longer than the context: still a count
            return int(too_long.group(1))
        response.raise_for_status()
        return int(response.json()["usage"]["prompt_tokens"])

    return count


def _conversations(
    suites: list[str] | None = None, names: list[str] | None = None
) -> list[ResolvedCase]:
    cases = load_cases(discover([ROOT / "suites"]))
    return [
        c
        for c in cases
        if c.planner.kind == "rules"
        and c.case.kind != "tau2"
        and not c.case.skip
        and (not suites or c.suite in suites)
        and (not names or any(n in c.id for n in names))
    ]


def measure(style: dict[str, Any], counter: Any, cases: list[ResolvedCase]) -> list[Sizes]:
    found: list[Sizes] = []
    current: dict[str, Measured] = {}

    def build(case: ResolvedCase) -> BuiltPlanner:
        sizes = Sizes(case.id)
        found.append(sizes)
        current["planner"] = Measured(style, counter, sizes)
        return BuiltPlanner(current["planner"])

    original = suite_runner.build_planner
    suite_runner.build_planner = build  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as home:
            runner = suite_runner.CaseRunner(Path(home) / "traces.sqlite")
            try:
                for case in cases:
                    runner.run(case)
            finally:
                runner.close()
    finally:
        suite_runner.build_planner = original  # type: ignore[assignment]
    return [s for s in found if s.tokens]


def summary(sizes: list[Sizes]) -> dict[str, Any]:
    firsts = [s.tokens[0] for s in sizes]
    later = [t for s in sizes for t in s.tokens[1:]]
    return {
        "conversations": len(sizes),
        "requests": len(firsts) + len(later),
        "first_max": max(firsts),
        "first_median": sorted(firsts)[len(firsts) // 2],
        "later_max": max(later) if later else 0,
        "any_max_case": max(sizes, key=lambda s: max(s.tokens)).case,
        "first_over_target": sum(t > FIRST_TARGET for t in firsts),
        "any_over_target": sum(max(s.tokens) > ANY_TARGET for s in sizes),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.model_prompt")
    parser.add_argument("--base-url", help="a local OpenAI-compatible server to count with")
    parser.add_argument("--model", default="local", help="the model name it serves")
    parser.add_argument("--suite", action="append", help="only these suites (repeatable)")
    parser.add_argument("--case", action="append", help="only cases whose id has this text")
    parser.add_argument(
        "--style", choices=list(STYLES), action="append", help="only these request styles"
    )
    args = parser.parse_args(argv)
    counter = _served(args.base_url, args.model) if args.base_url else _estimate
    cases = _conversations(args.suite, args.case)
    styles = {}
    for name, style in STYLES.items():
        if args.style and name not in args.style:
            continue
        figures = summary(measure(style, counter, cases))
        styles[name] = figures
        print(
            f"{name}: {figures['conversations']} conversations, {figures['requests']} requests; "
            f"first request max {figures['first_max']:,} tokens (median "
            f"{figures['first_median']:,}), later max {figures['later_max']:,} "
            f"({figures['any_max_case']}); over target: {figures['first_over_target']} first, "
            f"{figures['any_over_target']} any"
        )
    previous = RESULTS / "model_prompt.json"
    kept = json.loads(previous.read_text()) if previous.exists() else {}
    if args.base_url:  # beside the estimate of every conversation, not instead of it
        figures = {k: kept[k] for k in ("counted_with", "targets", "styles") if k in kept}
        figures["served"] = {
            "counted_with": f"usage.prompt_tokens of {args.model}, served",
            "suites": [c.id for c in cases] if args.case else args.suite or "all",
            "styles": styles,
        }
    else:
        figures = {
            "counted_with": "an estimate of 3.2 characters a token",
            "targets": {"first": FIRST_TARGET, "any": ANY_TARGET},
            "styles": styles,
            **({"served": kept["served"]} if "served" in kept else {}),
        }
    path = save("model_prompt", figures)
    print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
