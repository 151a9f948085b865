"""The shop sandbox vendor: τ²-bench retail semantics behind a small HTTP API."""

from connectors.sandbox.shop.app import create_app
from connectors.sandbox.shop.pristine import init_db

__all__ = ["create_app", "init_db"]
