"""The shop sandbox vendor: τ²-bench retail semantics behind a small HTTP API."""

from connectors.sandbox.shop.app import create_app
from connectors.sandbox.shop.errors import error_body
from connectors.sandbox.shop.pristine import init_db
from connectors.sandbox.shop.races import stock_race

__all__ = ["create_app", "error_body", "init_db", "stock_race"]
