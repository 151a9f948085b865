"""Requests per second through a connector vs raw httpx, to the same vendor app, in one run.

Two transports: in-process (the vendor app called through httpx's ASGI transport) and loopback
(the same app served by uvicorn on 127.0.0.1). The connector path is what agentcli uses:
`ShopConnector.get_item` with its rate limiter, traceparent, Bearer token auth (cached), error
mapping and JSON parsing. The raw path is `httpx.AsyncClient.get` with a fixed Bearer header,
then `response.json()`. Rounds alternate between the two so drift hits both alike. Rates are
given per wall-clock second and per CPU second of this process (the vendor runs in it too);
the second is steadier on a busy shared machine.

    python -m bench.connectors [--requests 400] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench.common import save
from connectors.auth import TokenAuth
from connectors.harness import served_config
from connectors.shop import ShopConnector
from sandbox.serve import SandboxServer
from sandbox.transport import SandboxTransport
from sandbox.world import SandboxWorld

ITEM = "9799386954"
Call = Callable[[], Awaitable[Any]]


async def rate(call: Call, requests: int) -> tuple[float, float]:
    """(requests per wall-clock second, requests per CPU second of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        await call()
    return requests / (time.perf_counter() - wall), requests / (time.process_time() - cpu)


async def compare(
    connector_call: Call, raw_call: Call, requests: int, rounds: int
) -> dict[str, float]:
    """Medians over alternating rounds; CPU rates are steadier on a shared machine."""
    for call in (connector_call, raw_call):  # warm caches, the token, the connection pool
        await rate(call, 20)
    connector, raw = [], []
    for _ in range(rounds):
        connector.append(await rate(connector_call, requests))
        raw.append(await rate(raw_call, requests))
    ours = [statistics.median(r[i] for r in connector) for i in (0, 1)]
    theirs = [statistics.median(r[i] for r in raw) for i in (0, 1)]
    return {
        "connector_rps": round(ours[0], 1),
        "raw_httpx_rps": round(theirs[0], 1),
        "overhead": round(theirs[0] / ours[0], 3),
        "connector_rps_per_cpu_second": round(ours[1], 1),
        "raw_httpx_rps_per_cpu_second": round(theirs[1], 1),
        "overhead_cpu": round(theirs[1] / ours[1], 3),
    }


async def token(client: httpx.AsyncClient, auth: TokenAuth) -> str:
    """A Bearer token fetched the way the connector does, for the raw client's header."""
    response = await client.get(f"/items/{ITEM}", auth=auth)
    response.raise_for_status()
    header = response.request.headers["Authorization"]
    return header.removeprefix("Bearer ")


async def in_process(world: SandboxWorld, requests: int, rounds: int) -> dict[str, float]:
    app = world.apps()["shop"]
    credentials = world.credentials()["shop"]
    base = "http://shop.sandbox"
    async with (
        httpx.AsyncClient(
            transport=SandboxTransport(app), base_url=base, auth=TokenAuth(credentials), timeout=10
        ) as ours,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base, timeout=10) as raw,
    ):
        bearer = await token(raw, TokenAuth(credentials))
        raw.headers["Authorization"] = f"Bearer {bearer}"
        shop = ShopConnector(ours)
        return await compare(lambda: shop.get_item(ITEM), lambda: _raw_get(raw), requests, rounds)


async def loopback(world: SandboxWorld, requests: int, rounds: int) -> dict[str, float]:
    server = SandboxServer(world, port_base=0)
    with server.in_thread():
        config = served_config(server)
        url = config.vendors["shop"].base_url
        async with (
            config.client("shop") as ours,
            httpx.AsyncClient(base_url=url, timeout=10) as raw,
        ):
            credentials = config.vendors["shop"].credentials()
            assert credentials is not None
            bearer = await token(raw, TokenAuth(credentials))
            raw.headers["Authorization"] = f"Bearer {bearer}"
            shop = ShopConnector(ours)
            return await compare(
                lambda: shop.get_item(ITEM), lambda: _raw_get(raw), requests, rounds
            )


async def _raw_get(client: httpx.AsyncClient) -> Any:
    response = await client.get(f"/items/{ITEM}")
    response.raise_for_status()
    return response.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per round")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per path (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-connectors-") as tmp:
        world = SandboxWorld(Path(tmp))
        world.ensure()
        figures: dict[str, Any] = {
            "load_average_before": list(os.getloadavg()),
            "endpoint": f"GET /items/{ITEM} (shop)",
            "requests_per_round": args.requests,
            "rounds": args.rounds,
            "in_process": asyncio.run(in_process(world, args.requests, args.rounds)),
            "loopback": asyncio.run(loopback(world, args.requests, args.rounds)),
            "target_overhead": 1.3,
        }
    for mode in ("in_process", "loopback"):
        row = figures[mode]
        print(
            f"{mode:<11} connector {row['connector_rps']:>8.1f} req/s   raw httpx "
            f"{row['raw_httpx_rps']:>8.1f} req/s   overhead {row['overhead']:.3f}x wall, "
            f"{row['overhead_cpu']:.3f}x CPU (target <= 1.3x)"
        )
    print(f"saved {save('connectors', figures)}")


if __name__ == "__main__":
    main()
