"""One sandbox world per data directory: every vendor's state file, its app and its client."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import httpx
from starlette.applications import Starlette

VENDORS: dict[str, str] = {
    "shop": "connectors.sandbox.shop",
    "pay": "connectors.sandbox.pay",
}
"""Vendor name → the module that implements it, imported only when first needed."""


class VendorModule(Protocol):
    """What every vendor package exposes (docs/vendors.md)."""

    def init_db(self, path: Path) -> None: ...

    def create_app(self, path: Path) -> Starlette: ...


class SandboxWorld:
    """The sandbox vendors whose state lives under `root`, one `{vendor}.sqlite` each."""

    def __init__(self, root: Path, vendors: Mapping[str, VendorModule] | None = None) -> None:
        self.root = Path(root)
        self._modules: dict[str, VendorModule] = dict(vendors or {})
        self.names: tuple[str, ...] = tuple(vendors) if vendors is not None else tuple(VENDORS)

    def module(self, vendor: str) -> VendorModule:
        """The vendor's implementation, imported on first use."""
        if vendor not in self.names:
            raise ValueError(f"unknown sandbox vendor {vendor!r}; known: {', '.join(self.names)}")
        if vendor not in self._modules:
            module: Any = importlib.import_module(VENDORS[vendor])
            self._modules[vendor] = module
        return self._modules[vendor]

    def path_of(self, vendor: str) -> Path:
        return self.root / f"{vendor}.sqlite"

    def ensure(self) -> None:
        """Create pristine state for every vendor that has none yet."""
        for vendor in self.names:
            if not self.path_of(vendor).exists():
                self.module(vendor).init_db(self.path_of(vendor))

    def reset(self, vendors: Iterable[str] | None = None) -> None:
        """Put the named vendors (all when None) back to pristine state."""
        chosen = tuple(self.names if vendors is None else vendors)
        modules = [self.module(vendor) for vendor in chosen]  # refuse unknown names up front
        for vendor, module in zip(chosen, modules, strict=True):
            module.init_db(self.path_of(vendor))

    def apps(self) -> dict[str, Starlette]:
        """One app per vendor over its state file (created first when missing)."""
        self.ensure()
        return {
            vendor: self.module(vendor).create_app(self.path_of(vendor)) for vendor in self.names
        }

    def clients(self, **client_kwargs: Any) -> dict[str, httpx.AsyncClient]:
        """One in-process client per vendor, at `http://{vendor}.sandbox`."""
        return {
            vendor: httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url=f"http://{vendor}.sandbox",
                **client_kwargs,
            )
            for vendor, app in self.apps().items()
        }
