"""A loopback HTTP proxy that forwards every request and can lose the answers to some.

Put between agentcli and a merchant, it makes a lost answer real: the merchant receives and
performs the request, and the client sees its connection closed without a response.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Forwarded:
    method: str
    path: str
    idempotency_key: str | None
    status: int
    answered: bool


@dataclass
class LossyProxy:
    url: str
    #: every request forwarded, in order
    seen: list[Forwarded] = field(default_factory=list)


@contextmanager
def lossy_proxy(target: str, lose: Callable[[str, str], bool]) -> Iterator[LossyProxy]:
    """A proxy to `target` on a free port; `lose(method, path)` says which answers to drop."""
    upstream = httpx.Client(base_url=target, timeout=60)
    proxy: LossyProxy

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return None

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            # the Host header stays: the merchant names its endpoint after it (the proxy)
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP - {"host"}
            }
            answer = upstream.request(self.command, self.path, content=body, headers=headers)
            drop = lose(self.command, self.path)
            key = self.headers.get("Idempotency-Key")
            proxy.seen.append(Forwarded(self.command, self.path, key, answer.status_code, not drop))
            if drop:
                self.close_connection = True  # the merchant acted; the answer is lost
                return
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    proxy = LossyProxy(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        upstream.close()
