"""Delegated payment: the agent's token is charged through the sandbox `pay` vendor, in process.

The merchant calls pay's own HTTP API over an ASGI transport (authorise, then capture), with
idempotency keys derived from the session and the attempt, so a retried completion never
charges twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from sandbox.pay.app import create_app as create_pay_app


@dataclass(frozen=True)
class Charge:
    """What one completion attempt asks pay for."""

    session_id: str
    attempt: int
    amount: int
    currency: str
    token: str
    customer: str


class Declined(Exception):  # noqa: N818 - it names the outcome, like pay's card_declined
    """The card was declined (pay's 402)."""


class Refused(Exception):  # noqa: N818 - it names the outcome
    """Pay refused the request itself (a 4xx other than a decline), with pay's message."""


class Unavailable(Exception):  # noqa: N818 - it names the outcome
    """Pay did not answer usably (a 5xx or a broken connection): nothing can be said yet."""


class PayClient:
    """Pay's app over its state file, called in process."""

    def __init__(self, pay_path: Path) -> None:
        self.pay_path = Path(pay_path)
        self._app: Any = None

    def _client(self) -> httpx.AsyncClient:
        if self._app is None:
            if not self.pay_path.is_file():
                raise Unavailable(f"no pay state at {self.pay_path}")
            self._app = create_pay_app(self.pay_path)
        # pay crashing is pay answering 500, as it would over a socket
        transport = httpx.ASGITransport(app=self._app, raise_app_exceptions=False)
        return httpx.AsyncClient(transport=transport, base_url="http://pay.sandbox", timeout=30)

    async def charge(self, charge: Charge) -> str:
        """Authorise and capture the amount; the captured payment intent's id."""
        prefix = f"acp:{charge.session_id}:{charge.attempt}"
        body = {
            "amount": charge.amount,
            "currency": charge.currency,
            "payment_method": charge.token,
            "customer": charge.customer,
            "description": f"ACP checkout session {charge.session_id}",
            "metadata": {"checkout_session_id": charge.session_id},
        }
        async with self._client() as client:
            intent = await _call(client, "/v1/payment_intents", body, f"{prefix}:authorize")
            captured = await _call(
                client, f"/v1/payment_intents/{intent['id']}/capture", {}, f"{prefix}:capture"
            )
        return str(captured["id"])


async def _call(client: httpx.AsyncClient, path: str, body: Any, key: str) -> Any:
    try:
        response = await client.post(path, json=body, headers={"Idempotency-Key": key})
    except httpx.HTTPError as exc:
        raise Unavailable(str(exc)) from None
    try:
        answer = response.json()
    except ValueError:
        raise Unavailable(f"pay answered {response.status_code} without JSON") from None
    if response.status_code == 402:
        raise Declined(answer.get("error", {}).get("message", "declined"))
    if 400 <= response.status_code < 500:
        raise Refused(answer.get("error", {}).get("message", "refused"))
    if response.status_code != 200:
        raise Unavailable(f"pay answered {response.status_code}")
    return answer
