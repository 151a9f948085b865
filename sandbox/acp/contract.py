"""The statuses the OpenAPI document lets each operation answer, for the merchant's refusals.

The RFC names statuses the document does not list for every operation (a 401 for a missing
key, a 400 for a missing `API-Version`, a 404 for an unknown session); where an operation's
responses leave a status out, the merchant answers the nearest one they list instead: 404 for
a GET, 400 for a POST. The error object still says what was wrong.
"""

from __future__ import annotations

import functools
import re

import commerce_specs

OPENAPI = "openapi/openapi.agentic_checkout.yaml"
DOCUMENT_VERSION = "2026-04-17"
_ROUTES = (
    (re.compile(r"^/checkout_sessions/?$"), "/checkout_sessions"),
    (
        re.compile(r"^/checkout_sessions/[^/]+/complete/?$"),
        "/checkout_sessions/{checkout_session_id}/complete",
    ),
    (
        re.compile(r"^/checkout_sessions/[^/]+/cancel/?$"),
        "/checkout_sessions/{checkout_session_id}/cancel",
    ),
    (re.compile(r"^/checkout_sessions/[^/]+/?$"), "/checkout_sessions/{checkout_session_id}"),
)


@functools.cache
def documented(method: str, template: str) -> frozenset[str]:
    """The response keys (`"200"`, `"4XX"`…) the document gives one operation."""
    paths = commerce_specs.load("acp", DOCUMENT_VERSION, OPENAPI)["paths"]
    operation = paths.get(template, {}).get(method.lower(), {})
    return frozenset(str(code).upper() for code in operation.get("responses", {}))


def status_for(method: str, path: str, wanted: int) -> int:
    """`wanted` if the operation at `path` may answer it, else the nearest status it lists."""
    template = next((name for pattern, name in _ROUTES if pattern.match(path)), None)
    codes = documented(method, template) if template else frozenset()
    if not codes or str(wanted) in codes or f"{str(wanted)[0]}XX" in codes:
        return wanted
    return 404 if method.upper() == "GET" and "404" in codes else 400
