"""The sandbox vendors' credentials: an OAuth2 client-credentials token endpoint and a Bearer check.

Tokens are signed with a key that lives only as long as the app instance, so a vendor that
restarts forgets every token it issued, as real ones do when they rotate keys; tokens also
expire after `ttl` seconds. Errors of the token endpoint follow RFC 6749 (`{"error": ...}`);
a missing or bad Bearer token on an API route answers 401 in the vendor's own envelope.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from sandbox.asgi import (
    ASGIApp,
    ErrorBody,
    Receive,
    Scope,
    Send,
    default_error_body,
    header,
    read_body,
    send_json,
)

TOKEN_PATH = "/oauth/token"
"""Where a vendor's OAuth2 token endpoint answers (RFC 6749 client credentials)."""


@dataclass(frozen=True)
class IssuedCredentials:
    """A client id and secret a vendor issued; its token endpoint trades them for a token."""

    client_id: str
    client_secret: str


DEFAULT_TTL = 900.0
CHECKED_TOKENS = 256  # well-signed tokens remembered (then forgotten all at once)
CREDENTIALS_FILE = "credentials.json"


def load_or_create_credentials(
    root: Path, vendors: tuple[str, ...]
) -> dict[str, IssuedCredentials]:
    """The world's client credentials per vendor (`<root>/credentials.json`), made when missing."""
    path = Path(root) / CREDENTIALS_FILE
    stored: dict[str, dict[str, str]] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from None
        if isinstance(loaded, dict):
            stored = {k: v for k, v in loaded.items() if isinstance(v, dict)}
    changed = False
    for vendor in vendors:
        entry = stored.get(vendor, {})
        if not all(isinstance(entry.get(k), str) for k in ("client_id", "client_secret")):
            stored[vendor] = {
                "client_id": f"agentcli-{vendor}",
                "client_secret": secrets.token_urlsafe(24),
            }
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return {
        vendor: IssuedCredentials(stored[vendor]["client_id"], stored[vendor]["client_secret"])
        for vendor in vendors
    }


class BearerAuth:
    """ASGI middleware: serves `POST /oauth/token`; other calls need a valid Bearer token."""

    def __init__(
        self,
        app: ASGIApp,
        credentials: IssuedCredentials,
        *,
        error_body: ErrorBody = default_error_body,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.credentials = credentials
        self.error_body = error_body
        self.ttl = ttl
        self.clock = clock
        self._key = secrets.token_bytes(32)
        self.issued = 0
        self._checked: dict[str, int] = {}
        """Expiry (ms) of tokens whose signature was checked: a client sends one for minutes."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == TOKEN_PATH:
            await self._token(scope, receive, send)
            return
        if not self._valid(header(scope, b"authorization")):
            body = self.error_body(401, "unauthorized", "A valid Bearer token is required")
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            await send_json(send, 401, body, challenge)
            return
        await self.app(scope, receive, send)

    # -- tokens ----------------------------------------------------------------------------

    def issue(self, client_id: str) -> str:
        expires = int((self.clock() + self.ttl) * 1000)
        claims = base64.urlsafe_b64encode(f"{client_id}:{expires}".encode()).decode().rstrip("=")
        self.issued += 1
        return f"{claims}.{self._sign(claims)}"

    def _sign(self, claims: str) -> str:
        return hmac.new(self._key, claims.encode(), hashlib.sha256).hexdigest()

    def _valid(self, authorization: str | None) -> bool:
        if not authorization:
            return False
        expires = self._checked.get(authorization)
        if expires is None:
            expires = self._expiry(authorization)
            if expires is None:
                return False
            if len(self._checked) >= CHECKED_TOKENS:
                self._checked.clear()
            self._checked[authorization] = expires
        return self.clock() * 1000 < expires

    def _expiry(self, authorization: str) -> int | None:
        """The expiry (ms) of a well-signed Bearer token, None for anything else."""
        if not authorization.lower().startswith("bearer "):
            return None
        claims, _, signature = authorization[7:].strip().partition(".")
        if not hmac.compare_digest(signature.encode(), self._sign(claims).encode()):
            return None
        try:
            decoded = base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)).decode()
            return int(decoded.rpartition(":")[2])
        except ValueError:
            return None

    async def _token(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await send_json(send, 405, {"error": "invalid_request"}, {"Allow": "POST"})
            return
        form = {k: v[0] for k, v in parse_qs((await read_body(receive)).decode("latin-1")).items()}
        basic = _basic(header(scope, b"authorization"))
        client_id, client_secret = basic or (form.get("client_id"), form.get("client_secret"))
        if form.get("grant_type") != "client_credentials":
            await send_json(send, 400, {"error": "unsupported_grant_type"})
            return
        expected = self.credentials
        if client_id != expected.client_id or not hmac.compare_digest(
            (client_secret or "").encode(), expected.client_secret.encode()
        ):
            await send_json(send, 401, {"error": "invalid_client"})
            return
        token = self.issue(client_id)
        await send_json(
            send,
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": self.ttl},
            {"Cache-Control": "no-store"},
        )


def _basic(authorization: str | None) -> tuple[str, str] | None:
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip()).decode()
    except ValueError:
        return None
    client_id, _, secret = decoded.partition(":")
    return client_id, secret
