"""The shop sandbox vendor: τ²-bench retail semantics behind a small HTTP API."""

from sandbox.shop.app import create_app
from sandbox.shop.errors import error_body
from sandbox.shop.pristine import init_db
from sandbox.shop.races import stock_race

__all__ = ["create_app", "error_body", "init_db", "stock_race"]
