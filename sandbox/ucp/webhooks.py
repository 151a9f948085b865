"""Order events to the platform's webhook, found through the profile its `UCP-Agent` names.

The sandbox only calls back to this machine (a loopback host): a sandbox merchant must not
become a way to make requests elsewhere. A webhook that fails is logged, never retried.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

import httpx

TIMEOUT = 2.0


def _client() -> httpx.AsyncClient:
    """Loopback only: no proxy, no certificate store (loading one costs more than the call)."""
    return httpx.AsyncClient(timeout=TIMEOUT, trust_env=False, verify=False)


LOOPBACK = ("localhost", "127.0.0.1", "::1")
PROFILE = re.compile(r'profile="([^"]+)"')
log = logging.getLogger(__name__)


def loopback(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.hostname in LOOPBACK
    except ValueError:
        return False


async def webhook_url(ucp_agent: str | None) -> str | None:
    """The order webhook in the platform profile the header names, if it names one here."""
    match = PROFILE.search(ucp_agent or "")
    if match is None or not loopback(match.group(1)):
        return None
    try:
        async with _client() as client:
            answer = await client.get(match.group(1))
        profile = answer.json() if answer.status_code == 200 else {}
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        log.warning("cannot read the platform profile at %s: %s", match.group(1), exc)
        return None
    ucp = profile.get("ucp") if isinstance(profile, dict) else None
    capabilities = ucp.get("capabilities") if isinstance(ucp, dict) else None
    for capability in capabilities if isinstance(capabilities, list) else []:
        config = capability.get("config") if isinstance(capability, dict) else None
        if isinstance(config, dict) and loopback(config.get("webhook_url")):
            return str(config["webhook_url"])
    return None


async def notify(url: str | None, event_type: str, checkout_id: str, order: dict[str, Any]) -> None:
    if url is None:
        return
    payload = {"event_type": event_type, "checkout_id": checkout_id, "order": order}
    try:
        async with _client() as client:
            await client.post(url, json=payload)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        log.warning("the %s webhook to %s failed: %s", event_type, url, exc)
