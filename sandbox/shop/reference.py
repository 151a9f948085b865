"""The shop exactly as τ²-bench's reference behaves, its multi-item modify quirk included.

A vendor module like `sandbox.shop` (a `SandboxWorld` takes either): every
rewritten item of a multi-item `modify_order_items` gets the price and options of the last new
variant (spec §3). Conformance runs and `tau2` suite cases use it, so τ²'s gold actions end in
τ²'s hashes; the agents' shop keeps each item's own new variant.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from sandbox.shop.app import create_app as _create_app
from sandbox.shop.errors import error_body
from sandbox.shop.pristine import init_db
from sandbox.shop.races import stock_race

__all__ = ["create_app", "error_body", "init_db", "stock_race"]


def create_app(path: Path) -> Starlette:
    return _create_app(path, reproduce_quirk=True)
