"""Forwards a counterfactual replay's requests to a fresh sandbox (or to live vendors), masking
the answers again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx

from agentcli.replay.bodies import parse_body
from agentcli.replay.masking import PCHAR, TOKEN, Masker
from agentcli.replay.recording import DROP_RESPONSE_HEADERS, kept_headers
from agentcli.replay.transport import UnrecordedRequest
from connectors.config import ConnectorsConfig
from connectors.harness import sandbox_clients
from netpolicy import OPEN, Destination, NetworkPolicy, leaves_process
from sandbox.world import SandboxWorld

PASSED_HEADERS = ("content-type", "accept", "idempotency-key")


class SandboxForwarder:
    """Real values go out (tokens swapped back from the parent's trace); tokens come back."""

    def __init__(
        self,
        world: SandboxWorld,
        masker: Masker,
        real: Mapping[str, str],
        live: ConnectorsConfig | None = None,
        network: NetworkPolicy = OPEN,
    ) -> None:
        self.world = world
        self.network = network
        #: send to these vendors over sockets instead of the (fresh) world
        self.live = live
        self.masker = masker
        self.real = dict(real)
        self._clients: dict[str, httpx.AsyncClient] | None = None

    def _unmask(self, text: str) -> str:
        return TOKEN.sub(lambda m: self.real.get(m.group(0), m.group(0)), text)

    def _unmask_json(self, data: Any) -> Any:
        if isinstance(data, str):
            return self._unmask(data)
        if isinstance(data, dict):
            return {k: self._unmask_json(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self._unmask_json(v) for v in data]
        return data

    async def send(self, vendor: str, request: httpx.Request, content: bytes) -> httpx.Response:
        if self._clients is None and self.live is not None:
            self._clients = {name: self.live.client(name) for name in self.live.vendors}
        elif self._clients is None:
            self.world.ensure()
            self._clients = sandbox_clients(self.world, timeout=10.0)
        client = self._clients.get(vendor)
        if client is None:
            raise UnrecordedRequest(f"the sandbox has no vendor {vendor!r}", request=request)
        parts = urlsplit(str(request.url))
        target = "/".join(
            quote(self._unmask(unquote(s)), safe=PCHAR) for s in parts.path.split("/")
        )
        if parts.query:
            target += "?" + self._unmask(parts.query)
        body, is_json = parse_body(content)
        if is_json:
            content = json.dumps(self._unmask_json(body)).encode("utf-8")
        elif isinstance(body, str):
            content = self._unmask(body).encode("utf-8")
        headers = {k: request.headers[k] for k in PASSED_HEADERS if k in request.headers}
        if leaves_process(client):
            self.network.check(Destination("vendor", vendor, str(client.base_url.join(target))))
        answer = await client.request(
            request.method, target, content=content or None, headers=headers
        )
        answer_body, answer_json = parse_body(answer.content)
        if answer_json:
            masked = json.dumps(self.masker.mask_json(answer_body)).encode("utf-8")
        else:
            masked = self.masker.mask_text(answer_body or "").encode("utf-8")
        kept = kept_headers(answer.headers, DROP_RESPONSE_HEADERS)
        return httpx.Response(
            answer.status_code,
            stream=httpx.ByteStream(masked),
            request=request,
            headers=[(k, v) for k, vs in kept.items() for v in vs],
        )

    async def aclose(self) -> None:
        for client in (self._clients or {}).values():
            await client.aclose()
