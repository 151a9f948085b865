"""Replaying N distinct recorded exchanges, vcrpy's matching against ours.

For N in 100, 1,000 and 5,000, one cassette of N distinct exchanges (POST /v1/items/{i} with a
small JSON body and a product-sized JSON answer) is replayed request by request through an
httpx client, in the same process and run:

- vcrpy 'default': vcrpy's own cassette (YAML) and its default matchers (method, scheme, host,
  port, path, query), httpx patched by vcrpy, record mode 'none';
- vcrpy 'body': the same, with the body matcher added (what a replay of model or payment calls
  needs, since their URLs repeat);
- agentcli: the agentcli cassette as `agentcli chat` records it (JSON, bodies parsed) loaded,
  indexed and served by `CassettePlayer` in sealed mode (method, origin, path, query and body
  all matched), through the client a sealed replay gives its connectors (`CassetteWorld`'s:
  agentcli's `VendorClient`, httpx's client without a cookie jar). Its YAML twin (what
  `replay --export` writes) is timed loading, once;
- httpx alone: the same requests through a stock `httpx.AsyncClient` answered by httpx's
  MockTransport from answers encoded beforehand, no matching at all: the stock client's own
  cost, which vcrpy's replay pays (a reference, not a competitor).

Wall and CPU seconds are both kept: on a shared machine the CPU time of this process is the
steadier figure, and the load average at the time is saved with each row.

Every timing includes loading the cassette. vcrpy scans its cassette linearly for every request
(twice: `can_play_response_for`, then `play_response`), so its cost grows with N squared; it is
timed on at most `--default-requests` / `--body-requests` requests, every k-th in recorded order,
and scaled by k (a request's cost depends only on its position, so this is an unbiased estimate;
the figures say which ones are); loading its cassette is timed once, not scaled. agentcli is
always timed on every request.

Run: .venv/bin/python -m bench.replay [--sizes 100,1000,5000] [--default-requests 200]
     [--body-requests 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import vcr
import yaml

from agentcli.replay import cassette as cassettes
from agentcli.replay.cassette import Cassette, Interaction, RecordedRequest, RecordedResponse
from agentcli.replay.masking import Masker
from agentcli.replay.matcher import CassetteIndex
from agentcli.replay.runrecording import SUFFIX
from agentcli.replay.transport import CassettePlayer
from agentcli.replay.world import CassetteWorld
from bench.common import machine, save

ORIGIN = "http://bench.sandbox"
KEY = b"bench-key-0123456789abcdef"
VCR_DEFAULT = ["method", "scheme", "host", "port", "path", "query"]


def _request(i: int) -> tuple[str, dict[str, Any]]:
    return f"{ORIGIN}/v1/items/{i}", {
        "item_id": f"{i:010d}",
        "quantity": 1 + i % 3,
        "note": "gift wrap, leave at the door",
    }


def _answer(i: int) -> dict[str, Any]:
    return {
        "item_id": f"{i:010d}",
        "name": "Notebook",
        "price": round(10 + i * 0.01, 2),
        "available": True,
        "options": {"size": "A4", "cover type": "soft cover"},
        "seller": {"name": "shop", "rating": 4.6},
        "quantity": 1 + i % 3,
    }


def write_cassettes(n: int, directory: Path) -> tuple[Path, Path]:
    """The same N exchanges as a vcrpy cassette and as an agentcli cassette."""
    interactions, ours = [], []
    for i in range(n):
        url, body = _request(i)
        answer = _answer(i)
        interactions.append(
            {
                "request": {
                    "body": json.dumps(body),
                    "headers": {"content-type": ["application/json"]},
                    "method": "POST",
                    "uri": url,
                },
                "response": {
                    "status": {"code": 200, "message": "OK"},
                    "headers": {"content-type": ["application/json"]},
                    "body": {"string": json.dumps(answer)},
                },
            }
        )
        ours.append(
            Interaction(
                RecordedRequest("POST", url, {"content-type": ["application/json"]}, body, True),
                RecordedResponse(200, "OK", {"content-type": ["application/json"]}, answer, True),
            )
        )
    vcr_path = directory / f"vcrpy-{n}.yaml"
    vcr_path.write_text(
        yaml.dump(
            {"interactions": interactions, "version": 1},
            Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        )
    )
    ours_path = cassettes.save(
        Cassette(ours, {"agentcli": {"format": 1}}), directory / f"agentcli-{n}{SUFFIX}"
    )
    return vcr_path, ours_path


def _no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"{request.url} reached the network")


async def _requests(client: httpx.AsyncClient, order: list[int]) -> None:
    for i in order:
        url, body = _request(i)
        response = await client.post(url, json=body)
        assert response.json()["item_id"] == f"{i:010d}", "a wrong answer was served"


Timing = tuple[float, float]
"""(wall seconds, CPU seconds of this process)."""


def time_vcrpy(path: Path, n: int, match_on: list[str], step: int) -> Timing:
    """The whole replay: loading the cassette once, the requests scaled by `step` when only
    every step-th one is timed."""
    recorder = vcr.VCR(record_mode="none", match_on=match_on)
    order = list(range(step - 1, n, step))

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_no_network)) as client:
            await _requests(client, order)

    started, cpu = time.perf_counter(), time.process_time()
    with recorder.use_cassette(str(path)):
        loaded, loaded_cpu = time.perf_counter(), time.process_time()
        asyncio.run(run())
        served, served_cpu = time.perf_counter(), time.process_time()
    ended, ended_cpu = time.perf_counter(), time.process_time()
    # the cassette is loaded (and saved, a no-op in record mode 'none') once, whatever the step
    once = (loaded - started) + (ended - served), (loaded_cpu - cpu) + (ended_cpu - served_cpu)
    return (
        once[0] + (served - loaded) * step,
        once[1] + (served_cpu - loaded_cpu) * step,
    )


def time_agentcli(path: Path, n: int) -> Timing:
    async def run() -> None:
        player = CassettePlayer(CassetteIndex(cassettes.load(path), Masker(KEY)))
        async with CassetteWorld(player, ["bench"]).clients()["bench"] as client:
            await _requests(client, list(range(n)))
        assert player.misses == [] and player.unplayed() == []

    started, cpu = time.perf_counter(), time.process_time()
    asyncio.run(run())
    return time.perf_counter() - started, time.process_time() - cpu


def time_httpx_alone(n: int) -> Timing:
    """The same requests through a stock httpx client, answered by httpx's MockTransport from
    answers encoded beforehand: the stock client's own cost, which vcrpy's replay pays too."""
    answers = {
        f"/v1/items/{i}": json.dumps(_answer(i), ensure_ascii=False).encode() for i in range(n)
    }

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers=[("content-type", "application/json")],
            stream=httpx.ByteStream(answers[request.url.path]),
        )

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
            await _requests(client, list(range(n)))

    started, cpu = time.perf_counter(), time.process_time()
    asyncio.run(run())
    return time.perf_counter() - started, time.process_time() - cpu


def time_load(path: Path) -> float:
    """Wall seconds to load a cassette (for the YAML twin, which `--export` writes)."""
    started = time.perf_counter()
    cassettes.load(path)
    return time.perf_counter() - started


def _agentcli_only(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            _, ours_path = write_cassettes(n, Path(scratch))
            runs, alone = [], []
            for _ in range(5):
                runs.append(time_agentcli(ours_path, n))
                alone.append(time_httpx_alone(n))
            (wall, cpu), (alone_wall, alone_cpu) = min(runs), min(alone)
            print(
                f"{n:>6} exchanges: agentcli {wall:.3f} s (cpu {cpu:.3f}), best of 5 | httpx "
                f"client alone {alone_wall:.3f} s (cpu {alone_cpu:.3f}) | load "
                f"{os.getloadavg()[0]:.2f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument(
        "--default-requests",
        type=int,
        default=200,
        help="time vcrpy's default matching on at most this many requests",
    )
    parser.add_argument(
        "--body-requests",
        type=int,
        default=50,
        help="time vcrpy's body matching on at most this many requests",
    )
    parser.add_argument(
        "--agentcli-only",
        action="store_true",
        help="time agentcli alone (a quick check of the 1,000-exchange target)",
    )
    args = parser.parse_args()
    if args.agentcli_only:
        _agentcli_only([int(s) for s in args.sizes.split(",")])
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            vcr_path, ours_path = write_cassettes(n, Path(scratch))
            runs, alone = [], []
            for _ in range(3):
                runs.append(time_agentcli(ours_path, n))
                alone.append(time_httpx_alone(n))
            ours, httpx_alone = min(runs), min(alone)
            yaml_load = time_load(
                cassettes.save(cassettes.load(ours_path), ours_path.with_suffix(".yaml"))
            )
            default_step = max(1, n // args.default_requests)
            body_step = max(1, n // args.body_requests)
            vcr_default = time_vcrpy(vcr_path, n, VCR_DEFAULT, default_step)
            vcr_body = time_vcrpy(vcr_path, n, [*VCR_DEFAULT, "body"], body_step)
            row = {
                "exchanges": n,
                "agentcli_s": round(ours[0], 3),
                "agentcli_cpu_s": round(ours[1], 3),
                "agentcli_yaml_twin_load_s": round(yaml_load, 3),
                "httpx_alone_s": round(httpx_alone[0], 3),
                "httpx_alone_cpu_s": round(httpx_alone[1], 3),
                "vcrpy_default_s": round(vcr_default[0], 2),
                "vcrpy_default_cpu_s": round(vcr_default[1], 2),
                "vcrpy_default_timed": "all requests"
                if default_step == 1
                else f"every {default_step}th request, x{default_step}",
                "vcrpy_body_s": round(vcr_body[0], 2),
                "vcrpy_body_cpu_s": round(vcr_body[1], 2),
                "vcrpy_body_timed": "all requests"
                if body_step == 1
                else f"every {body_step}th request, x{body_step}",
                "ratio_default": round(vcr_default[0] / ours[0], 1),
                "ratio_body": round(vcr_body[0] / ours[0], 1),
                "load_average": round(os.getloadavg()[0], 2),
            }
            rows.append(row)
            save(
                "replay",
                {"rows": rows, "vcrpy": vcr.__version__, "agentcli_client": "VendorClient"},
            )
            print(
                f"{n:>6} exchanges: agentcli {ours[0]:.3f} s (cpu {ours[1]:.3f}; YAML twin "
                f"loads in {yaml_load:.2f} s) | httpx client alone {httpx_alone[0]:.3f} s "
                f"(cpu {httpx_alone[1]:.3f}) | vcrpy "
                f"default {vcr_default[0]:.2f} s ({row['ratio_default']}x, "
                f"{row['vcrpy_default_timed']}) | vcrpy with body {vcr_body[0]:.2f} s "
                f"({row['ratio_body']}x, {row['vcrpy_body_timed']}) | load "
                f"{row['load_average']}",
                flush=True,
            )
    target = next((r for r in rows if r["exchanges"] == 1000), None)
    figures: dict[str, Any] = {
        "rows": rows,
        "vcrpy": vcr.__version__,
        # the agentcli column's client (a sealed replay's); vcrpy's and httpx alone's is stock
        "agentcli_client": "VendorClient",
    }
    if target is not None:
        figures["target_1000_met"] = target["agentcli_s"] <= 0.1 and target["ratio_default"] >= 100
    path = save("replay", figures)
    print(f"machine: {machine()['cpu']} ({machine()['cores']} cores); saved {path}")


if __name__ == "__main__":
    main()
