"""One sandbox world per data directory: every vendor's state file, its app, its credentials.

Every app the world hands out is wrapped the same way, in-process and served alike:
`FaultInjector(BearerAuth(vendor app))`: the fault plan outermost, then the vendor's token
endpoint and Bearer check, then the vendor itself. A vendor that speaks an open protocol with
an API key instead (its module has `ApiKeyAuth`) gets that check, with a key and a signing
secret the world makes afresh each time it is opened (`api_key`, `signing_secret`).
"""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from starlette.applications import Starlette

from sandbox.admin import AdminReset
from sandbox.asgi import ASGIApp, default_error_body
from sandbox.auth import DEFAULT_TTL, BearerAuth, IssuedCredentials, load_or_create_credentials
from sandbox.faults import FaultInjector, FaultPlan
from sandbox.kit import kept
from sandbox.vendors import VENDORS


class VendorModule(Protocol):
    """What every vendor package exposes (docs/vendors.md).

    Optional: `error_body(status, code, message)` (its error envelope, for answers the sandbox
    gives on its behalf), `stock_race(path, body)` (sell out what a request asks for) and
    `PROTOCOL = "ucp"` (a merchant of that open protocol: no Bearer check, its admin reset
    open too, on 127.0.0.1 only) and `product_feed(path)` (its products as feed CSV text);
    `PROTOCOL = "acp"` with `ApiKeyAuth(app, key, signing_secret=…)` (a merchant that takes
    an API key: the world wraps it in that check instead).
    """

    def init_db(self, path: Path) -> None: ...

    def create_app(self, path: Path) -> Starlette: ...


class SandboxWorld:
    """The sandbox vendors whose state lives under `root`, one `{vendor}.sqlite` each."""

    def __init__(
        self,
        root: Path,
        vendors: Mapping[str, VendorModule] | None = None,
        *,
        faults: FaultPlan | None = None,
        token_ttl: float = DEFAULT_TTL,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """`options`: keyword arguments for a vendor's `create_app`, by vendor."""
        self.root = Path(root)
        self.options = {vendor: dict(given) for vendor, given in (options or {}).items()}
        self._modules: dict[str, VendorModule] = dict(vendors or {})
        self.names: tuple[str, ...] = tuple(vendors) if vendors is not None else tuple(VENDORS)
        self.faults = faults or FaultPlan()
        self.token_ttl = token_ttl
        self.injectors: dict[str, FaultInjector] = {}
        """The fault middleware of the apps made last, by vendor (swap plans with `use`)."""
        self._secrets: dict[tuple[str, str], str] = {}
        self._paths: dict[str, tuple[Path, Path]] = {}

    def module(self, vendor: str) -> VendorModule:
        """The vendor's implementation, imported on first use."""
        if vendor not in self.names:
            raise ValueError(f"unknown sandbox vendor {vendor!r}; known: {', '.join(self.names)}")
        if vendor not in self._modules:
            module: Any = importlib.import_module(VENDORS[vendor])
            self._modules[vendor] = module
        return self._modules[vendor]

    def path_of(self, vendor: str) -> Path:
        """`root / "{vendor}.sqlite"`, made once per vendor (and root): the checks after every
        suite case ask for each vendor's file several times."""
        made = self._paths.get(vendor)
        if made is None or made[0] is not self.root:
            made = self._paths[vendor] = (self.root, self.root / f"{vendor}.sqlite")
        return made[1]

    def ensure(self) -> None:
        """Create pristine state for every vendor that has none yet."""
        if not self.root.exists():
            self.root.parent.mkdir(parents=True, exist_ok=True)
            self.root.mkdir(mode=0o700, exist_ok=True)  # the vendors' books: the owner's only
        for vendor in self.names:
            if not self.path_of(vendor).exists():
                self.module(vendor).init_db(self.path_of(vendor))

    def reset(self, vendors: Iterable[str] | None = None) -> None:
        """Put the named vendors (all when None) back to pristine state."""
        chosen = tuple(self.names if vendors is None else vendors)
        modules = [self.module(vendor) for vendor in chosen]  # refuse unknown names up front
        for vendor, module in zip(chosen, modules, strict=True):
            kept.drop(self.path_of(vendor))  # connections kept open would see the old file
            module.init_db(self.path_of(vendor))

    def protocol(self, vendor: str) -> str | None:
        """The open protocol a vendor speaks (`ucp`, `acp`), None for a vendor with its own API."""
        protocol = getattr(self.module(vendor), "PROTOCOL", None)
        return protocol if isinstance(protocol, str) else None

    def api_key(self, vendor: str) -> str:
        """The Bearer API key a protocol vendor accepts: random, made once per world object."""
        return self._secrets.setdefault((vendor, "api_key"), secrets.token_urlsafe(24))

    def signing_secret(self, vendor: str) -> str:
        """The secret a protocol vendor checks request signatures with (made like `api_key`)."""
        return self._secrets.setdefault((vendor, "signing_secret"), secrets.token_urlsafe(24))

    def load_data(self, vendor: str, data: Path) -> None:
        """Start the vendor afresh with its data from the directory `data` (a vendor whose
        `init_db(path, data)` takes one; a reset keeps to it)."""
        self.ensure()
        kept.drop(self.path_of(vendor))
        module: Any = self.module(vendor)
        module.init_db(self.path_of(vendor), data)

    def product_feed(self, vendor: str) -> str | None:
        """The vendor's products as feed CSV text, for a merchant that has a feed."""
        feed = getattr(self.module(vendor), "product_feed", None)
        if feed is None:
            return None
        self.ensure()
        return str(feed(self.path_of(vendor)))

    def credentials(self) -> dict[str, IssuedCredentials]:
        """Each vendor's client credentials (`<root>/credentials.json`, made on first use)."""
        return load_or_create_credentials(self.root, self.names)

    def apps(self, faults: FaultPlan | None = None) -> dict[str, ASGIApp]:
        """One app per vendor over its state file (created first when missing), wrapped."""
        return self._wrapped_apps(faults, admin=False)

    def served_apps(self, faults: FaultPlan | None = None) -> dict[str, ASGIApp]:
        """`apps` plus the admin `POST /_state/reset` behind the Bearer check (for serving)."""
        return self._wrapped_apps(faults, admin=True)

    def _wrapped_apps(self, faults: FaultPlan | None, *, admin: bool) -> dict[str, ASGIApp]:
        self.ensure()
        plan = faults or self.faults
        unknown = {rule.vendor for rule in plan.rules} - set(self.names)
        if unknown:
            raise ValueError(
                f"the fault plan names {', '.join(sorted(unknown))}, which this "
                f"sandbox does not have (it has {', '.join(self.names)})"
            )
        credentials = self.credentials()
        apps: dict[str, ASGIApp] = {}
        for vendor in self.names:
            module: Any = self.module(vendor)
            error_body = getattr(module, "error_body", default_error_body)
            race = getattr(module, "stock_race", None)
            app = module.create_app(self.path_of(vendor), **self.options.get(vendor, {}))
            if admin:
                app = AdminReset(app, vendor, partial(self.reset, [vendor]))
            api_key_auth = getattr(module, "ApiKeyAuth", None)
            if api_key_auth is not None:  # an ACP merchant: its API key, signatures checked
                guarded = api_key_auth(
                    app, self.api_key(vendor), signing_secret=self.signing_secret(vendor)
                )
            elif self.protocol(vendor):  # a UCP merchant: platforms call it without a token
                guarded = app
            else:
                guarded = BearerAuth(
                    app, credentials[vendor], error_body=error_body, ttl=self.token_ttl
                )
            self.injectors[vendor] = FaultInjector(
                guarded,
                vendor,
                plan=plan,
                error_body=error_body,
                stock_race=partial(race, self.path_of(vendor)) if race else None,
            )
            apps[vendor] = self.injectors[vendor]
        return apps
