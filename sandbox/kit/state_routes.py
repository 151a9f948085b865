"""`GET /_state` and `/_state/hash`: a vendor's whole state as canonical JSON, and its digest."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.kit.state import canonical_json, sha256_text


def state_routes(
    read: Callable[[], AbstractContextManager[sqlite3.Connection]],
    document: Callable[[sqlite3.Connection], Any],
) -> list[Route]:
    """The two routes every vendor shares, over its `read()` connection and state `document`."""

    async def state_text(request: Request) -> Response:
        with read() as conn:
            return Response(canonical_json(document(conn)), media_type="application/json")

    async def state_hash(request: Request) -> Response:
        with read() as conn:
            return JSONResponse({"hash": sha256_text(canonical_json(document(conn)))})

    return [Route("/_state", state_text), Route("/_state/hash", state_hash)]
