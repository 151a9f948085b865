"""The admin endpoint `agentcli sandbox serve` adds to every served vendor: `POST /_state/reset`.

It puts the vendor's state file back to pristine data, so commands in live mode (`agentcli
test`, `agentcli conformance`, `agentcli sandbox reset`) can start from a known world. It sits
behind the vendor's Bearer check and under `/_state`, which fault rules leave alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sandbox.asgi import ASGIApp, Receive, Scope, Send, send_json

RESET_PATH = "/_state/reset"


class AdminReset:
    """ASGI middleware: `POST /_state/reset` calls `reset()`; every other request passes on."""

    def __init__(self, app: ASGIApp, vendor: str, reset: Callable[[], None]) -> None:
        self.app = app
        self.vendor = vendor
        self.reset = reset
        self.resets = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != RESET_PATH:
            await self.app(scope, receive, send)
            return
        if scope["method"] != "POST":
            await send_json(
                send,
                405,
                {"error": {"code": "method_not_allowed", "message": "POST to reset"}},
                {"Allow": "POST"},
            )
            return
        # a thread: rewriting the state file must not stall the other vendors' event loop
        await asyncio.to_thread(self.reset)
        self.resets += 1
        await send_json(send, 200, {"vendor": self.vendor, "reset": True})
