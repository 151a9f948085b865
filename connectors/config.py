"""The connectors config: where each vendor lives, its credentials and limits (a YAML file).

`agentcli sandbox serve` writes one for the vendors it serves; `--connectors live` reads it:

```yaml
timeout: 10              # seconds a call may take
vendors:
  shop:
    base_url: http://127.0.0.1:8700
    client_id: agentcli-shop
    client_secret: …
    rate_limit: 50       # calls per second (optional; a 429's Retry-After is always obeyed)
    burst: 10
```
"""

from __future__ import annotations

import functools
import ssl
from pathlib import Path

import httpx
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from connectors.auth import ClientCredentials, TokenAuth
from connectors.ratelimit import TokenBucket
from connectors.yamlfile import ConfigFileError, parse, read_text


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every client of the process.

    httpx builds (and loads the CA bundle into) a context per client otherwise: ~50 ms each,
    most of the start-up of a short command that talks to four vendors.
    """
    return httpx.create_ssl_context()


class VendorEndpoint(BaseModel):
    """One vendor: its base URL, optional client credentials, optional client-side rate limit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str
    client_id: str | None = None
    client_secret: str | None = None
    rate_limit: float | None = Field(default=None, gt=0)
    burst: int = Field(default=1, ge=1)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        try:
            url = httpx.URL(value)
        except (httpx.InvalidURL, TypeError) as exc:
            raise ValueError(f"not a URL: {exc}") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError("give an http:// or https:// URL with a host")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _both_or_neither(self) -> VendorEndpoint:
        if (self.client_id is None) != (self.client_secret is None):
            raise ValueError("give client_id and client_secret together, or neither")
        return self

    def credentials(self) -> ClientCredentials | None:
        if self.client_id is None or self.client_secret is None:
            return None
        return ClientCredentials(self.client_id, self.client_secret)

    def limiter(self) -> TokenBucket:
        return TokenBucket(self.rate_limit, self.burst)


class ConnectorsConfig(BaseModel):
    """Every vendor a run talks to over real sockets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: float = Field(default=10.0, gt=0, le=600)
    vendors: dict[str, VendorEndpoint] = Field(min_length=1)

    @classmethod
    def load(cls, path: Path) -> ConnectorsConfig:
        """The config at `path`; a bad one raises ConfigFileError naming the line and reason."""
        return parse(read_text(path, "connectors config"), cls, str(path))

    def require(self, vendors: tuple[str, ...], where: str) -> None:
        """Refuse a config that leaves out a vendor the run needs."""
        missing = [vendor for vendor in vendors if vendor not in self.vendors]
        if missing:
            raise ConfigFileError(
                where,
                None,
                f"no base_url for {', '.join(missing)} (it names {', '.join(self.vendors)})",
            )

    def client(self, vendor: str) -> httpx.AsyncClient:
        """A client for one vendor: its base URL, timeout and (when given) Bearer credentials."""
        endpoint = self.vendors[vendor]
        credentials = endpoint.credentials()
        return httpx.AsyncClient(
            base_url=endpoint.base_url,
            timeout=self.timeout,
            auth=TokenAuth(credentials) if credentials else None,
            verify=tls_context(),
        )

    def sync_client(self, vendor: str) -> httpx.Client:
        """`client`, blocking: for checks that read a vendor's state outside an event loop."""
        endpoint = self.vendors[vendor]
        credentials = endpoint.credentials()
        return httpx.Client(
            base_url=endpoint.base_url,
            timeout=self.timeout,
            auth=TokenAuth(credentials) if credentials else None,
            verify=tls_context(),
        )

    def write(self, path: Path, comment: str = "") -> None:
        """Save as YAML (readable by `load`), owner-only since it holds client secrets."""
        path = Path(path)
        document = self.model_dump(exclude_none=True)
        header = "".join(f"# {line}\n" for line in comment.splitlines())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(header + yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
            path.chmod(0o600)
        except OSError as exc:
            raise ConfigFileError(
                str(path), None, f"cannot write the connectors config: {exc.strerror}"
            ) from None
