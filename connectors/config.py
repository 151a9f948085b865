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
  flowers:               # a merchant that speaks an open protocol: any name, its `kind` says which
    kind: ucp            # ucp (Universal Commerce Protocol) or acp (Agentic Commerce Protocol)
    base_url: http://127.0.0.1:8182
    catalog: products.csv  # a product feed: a ucp merchant without a catalog, any acp one
    api_key: …           # acp: the merchant's Bearer key
    signing_secret: …    # acp, optional: the secret that signs requests (shared with it)
profile:                 # the buyer the agent platform holds for its user (protocol merchants)
  name: Jane Smith
  email: jane.smith@example.com
  address: {street_address: 789 Pine Ln, city: Smallville, state: KS, postal_code: "66002",
            country: US}
  payment: [{handler: mock_payment_handler, token: success_token, brand: Visa,
             last_digits: "1234"}]
```
"""

from __future__ import annotations

import functools
import os
import ssl
import tempfile
from pathlib import Path
from typing import Literal

import httpx
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from connectors.acp.auth import AcpAuth
from connectors.auth import ClientCredentials, TokenAuth
from connectors.client import SyncVendorClient, VendorClient
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

    kind: Literal["native", "ucp", "acp"] = "native"
    """`native`: the vendor speaks its own API (shop, pay, bazaar, trips, named so); `ucp`/`acp`:
    a merchant that speaks the Universal / Agentic Commerce Protocol, under any name."""
    base_url: str
    client_id: str | None = None
    client_secret: str | None = None
    api_key: str | None = Field(default=None, min_length=1)
    signing_secret: str | None = Field(default=None, min_length=1)
    catalog: Path | None = None
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
        if self.api_key is not None and self.kind != "acp":
            raise ValueError("api_key is for kind: acp merchants")
        if self.signing_secret is not None and self.kind != "acp":
            raise ValueError("signing_secret is for kind: acp merchants")
        if self.catalog is not None and self.kind == "native":
            raise ValueError("catalog (a product feed) is for kind: ucp or acp merchants")
        return self

    def credentials(self) -> ClientCredentials | None:
        if self.client_id is None or self.client_secret is None:
            return None
        return ClientCredentials(self.client_id, self.client_secret)

    def limiter(self) -> TokenBucket:
        return TokenBucket(self.rate_limit, self.burst)

    def auth(self) -> httpx.Auth | None:
        """How a client authenticates here: Bearer tokens from client credentials, or an ACP
        merchant's Bearer key (and request signatures when a signing secret is shared)."""
        if self.kind == "acp" and self.api_key is not None:
            return AcpAuth(self.api_key, self.signing_secret)
        credentials = self.credentials()
        return TokenAuth(credentials) if credentials else None


class BuyerAddress(BaseModel):
    """A postal address, in the fields both open protocols use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    street_address: str = Field(min_length=1)
    extended_address: str | None = None
    city: str = Field(min_length=1)
    state: str | None = None
    postal_code: str = Field(min_length=1)
    country: str = Field(min_length=2, max_length=2, pattern="^[A-Z]{2}$")


class PaymentCredential(BaseModel):
    """A payment instrument the platform holds for its user: the merchant's payment handler
    it is for, the opaque token that handler accepts, and what the customer is shown of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    handler: str = Field(min_length=1)
    token: str = Field(min_length=1)
    brand: str = Field(min_length=1)
    last_digits: str = Field(pattern="^[0-9]{4}$")


class BuyerProfile(BaseModel):
    """The buyer an agent platform holds for its user, handed to protocol merchants at checkout."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None
    address: BuyerAddress
    payment: list[PaymentCredential] = Field(min_length=1)


class ConnectorsConfig(BaseModel):
    """Every vendor a run talks to over real sockets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: float = Field(default=10.0, gt=0, le=600)
    vendors: dict[str, VendorEndpoint] = Field(min_length=1)
    profile: BuyerProfile | None = None

    def merchants(self, kind: Literal["ucp", "acp"]) -> dict[str, VendorEndpoint]:
        """The vendors that speak one open protocol, by name."""
        return {name: vendor for name, vendor in self.vendors.items() if vendor.kind == kind}

    @classmethod
    def load(cls, path: Path) -> ConnectorsConfig:
        """The config at `path`; a bad one raises ConfigFileError naming the line and reason.
        A relative product feed (`catalog`) is read from beside the config file."""
        config = parse(read_text(path, "connectors config"), cls, str(path))
        feeds = {
            name: vendor.model_copy(update={"catalog": Path(path).parent / vendor.catalog})
            for name, vendor in config.vendors.items()
            if vendor.catalog is not None and not vendor.catalog.is_absolute()
        }
        return (
            config.model_copy(update={"vendors": {**config.vendors, **feeds}}) if feeds else config
        )

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
        return VendorClient(
            base_url=endpoint.base_url,
            timeout=self.timeout,
            auth=endpoint.auth(),
            verify=tls_context(),
        )

    def sync_client(self, vendor: str) -> httpx.Client:
        """`client`, blocking: for checks that read a vendor's state outside an event loop."""
        endpoint = self.vendors[vendor]
        return SyncVendorClient(
            base_url=endpoint.base_url,
            timeout=self.timeout,
            auth=endpoint.auth(),
            verify=tls_context(),
        )

    def write(self, path: Path, comment: str = "") -> None:
        """Save as YAML (readable by `load`), owner-only from its first byte since it holds
        client secrets, and whole: it is written beside and renamed into place, so a reader
        waiting for it never sees half a file."""
        path = Path(path)
        document = self.model_dump(mode="json", exclude_none=True)
        for vendor in document["vendors"].values():
            if vendor.get("kind") == "native":
                del vendor["kind"]
        header = "".join(f"# {line}\n" for line in comment.splitlines())
        text = header + yaml.safe_dump(document, sort_keys=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
                    handle.write(text)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise ConfigFileError(
                str(path), None, f"cannot write the connectors config: {exc.strerror}"
            ) from None
