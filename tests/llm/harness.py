"""An in-process run whose planner talks to the fake endpoint: sandbox vendors, real trace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from agentcli import promptset
from agentcli.planners.openai import Endpoint, OpenAIPlanner, RetrySettings
from agentcli.policy.config import PolicyConfig
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.events import TraceEvent
from connectors.harness import sandbox_clients
from connectors.pay import PayConnector
from connectors.shop import ShopConnector
from sandbox.world import SandboxWorld
from tests.llm.fake import MODEL, FakeOpenAI

ENDPOINT = Endpoint("http://model.test/v1", MODEL)


class Sleeps:
    """Stands in for asyncio.sleep: records how long the client would have waited."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def planner_for(
    fake: FakeOpenAI,
    *,
    policy: PolicyConfig | None = None,
    sleep: Sleeps | None = None,
    endpoint: Endpoint = ENDPOINT,
    attempts: int = 3,
    version: str | None = None,
) -> OpenAIPlanner:
    return OpenAIPlanner(
        endpoint,
        promptset.load(version),
        policy=policy,
        transport=fake.transport(),
        sleep=sleep or Sleeps(),
        retry=RetrySettings(attempts=attempts, base_delay=0.5),
    )


@asynccontextmanager
async def run_with(
    fake: FakeOpenAI,
    home: Path,
    *,
    policy: PolicyConfig | None = None,
    sleep: Sleeps | None = None,
    **planner_args: Any,
) -> AsyncIterator[ChatRuntime]:
    """A ChatRuntime over the sandbox under `home`, planning with the fake endpoint."""
    policy = policy or PolicyConfig()
    planner = planner_for(fake, policy=policy, sleep=sleep, **planner_args)
    options = RunOptions(
        db_path=home / "traces.sqlite", sandbox_dir=home / "sandbox", policy=policy, planner=planner
    )
    try:
        async with ChatRuntime(options) as runtime:
            yield runtime
    finally:
        await planner.aclose()


def events(runtime: ChatRuntime, *kinds: str) -> list[TraceEvent]:
    assert runtime.store is not None and runtime.recorder is not None
    runtime.recorder.flush()
    return list(runtime.store.events(runtime.run_id, kinds or None))


async def say(runtime: ChatRuntime, *lines: str) -> list[str]:
    """Every line in turn; what the agent said, all together."""
    assert runtime.session is not None
    said: list[str] = []
    for line in lines:
        said += await runtime.session.handle(line)
    return said


async def intents(home: Path, customer: str) -> list[dict[str, Any]]:
    """The pay vendor's payment intents for `customer` in the sandbox under `home`."""
    clients = sandbox_clients(SandboxWorld(home / "sandbox"))
    try:
        return await PayConnector(clients["pay"]).list_intents(customer)
    finally:
        for client in clients.values():
            await client.aclose()


async def cart(home: Path, user_id: str) -> dict[str, Any]:
    """The shop's cart for `user_id` in the sandbox under `home`."""
    clients = sandbox_clients(SandboxWorld(home / "sandbox"))
    try:
        return await ShopConnector(clients["shop"]).get_cart(user_id)
    finally:
        for client in clients.values():
            await client.aclose()
