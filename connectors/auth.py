"""OAuth2 client credentials for connectors: fetch a Bearer token, refresh it on expiry or 401.

`TokenAuth` is an `httpx.Auth`, so it rides on the client every connector already uses: the
token request and the one retry after a 401 happen inside httpx's auth flow, and no connector
method has to know that credentials exist.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from typing import Any

import httpx

from connectors.errors import ErrorCode

TOKEN_PATH = "/oauth/token"


@dataclass(frozen=True)
class ClientCredentials:
    """A client id and secret that a vendor's token endpoint exchanges for a Bearer token."""

    client_id: str
    client_secret: str


class TokenError(httpx.HTTPError):
    """The token endpoint refused the credentials or answered nonsense; `code` says which."""

    def __init__(self, message: str, code: ErrorCode) -> None:
        super().__init__(message)
        self.code = code


class TokenAuth(httpx.Auth):
    """Client-credentials Bearer auth: one cached token, renewed near expiry or after a 401.

    Only a token endpoint's answer is read inside the flow (httpx's `requires_response_body`
    would read every answer there, through its streaming decoders, before the client does).
    """

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        token_path: str = TOKEN_PATH,
        clock: Callable[[], float] = time.monotonic,
        leeway: float = 5.0,
    ) -> None:
        self.credentials = credentials
        self.token_path = token_path
        self.clock = clock
        self.leeway = leeway
        self._token: str | None = None
        self._expires_at = 0.0
        self.fetched = 0
        """How many tokens were fetched so far (a figure for tests and the trace)."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        fresh = False
        if self._token is None or self.clock() >= self._expires_at:
            self._store((yield self._token_request(request)))
            fresh = True
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401 and not fresh:
            # the vendor forgot us (restart, revoked, clock skew): one new token, one more try
            self._store((yield self._token_request(request)))
            request.headers["Authorization"] = f"Bearer {self._token}"
            yield request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        flow = self.auth_flow(request)
        sent = next(flow)
        while True:
            response = yield sent
            if sent is not request:  # a token request: `_store` reads its body
                response.read()
            try:
                sent = flow.send(response)
            except StopIteration:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = self.auth_flow(request)
        sent = next(flow)
        while True:
            response = yield sent
            if sent is not request:  # a token request: `_store` reads its body
                await response.aread()
            try:
                sent = flow.send(response)
            except StopIteration:
                return

    def forget(self) -> None:
        """Drop the cached token, so the next request fetches a new one."""
        self._token = None

    def _token_request(self, request: httpx.Request) -> httpx.Request:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret,
        }
        return httpx.Request(
            "POST",
            request.url.join(self.token_path),
            data=form,
            headers={"Accept": "application/json"},
            extensions=request.extensions,
        )

    def _store(self, response: httpx.Response) -> None:
        body = _json(response)
        if response.status_code in (400, 401, 403):
            reason = body.get("error") if isinstance(body, dict) else None
            raise TokenError(
                "the token endpoint refused the client credentials "
                f"({reason or response.status_code})",
                ErrorCode.UNAUTHORIZED,
            )
        if response.status_code >= 500 or response.status_code == 429:
            raise TokenError(
                f"the token endpoint answered HTTP {response.status_code}", ErrorCode.UNAVAILABLE
            )
        token = body.get("access_token") if isinstance(body, dict) else None
        lifetime = body.get("expires_in") if isinstance(body, dict) else None
        if (
            response.status_code != 200
            or not isinstance(token, str)
            or not token
            or isinstance(lifetime, bool)
            or not isinstance(lifetime, int | float)
            or lifetime <= 0
        ):
            raise TokenError(
                "the token endpoint answered without a usable token", ErrorCode.PROTOCOL
            )
        self._token = token
        margin = min(self.leeway, lifetime / 2)
        self._expires_at = self.clock() + float(lifetime) - margin
        self.fetched += 1


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
