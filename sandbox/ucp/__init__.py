"""The UCP merchant sandbox vendor: a shop that speaks the Universal Commerce Protocol."""

from sandbox.ucp.app import create_app
from sandbox.ucp.errors import error_body
from sandbox.ucp.pristine import init_db
from sandbox.ucp.races import stock_race

OPEN = True
"""It takes no Bearer token: UCP platforms call merchants without one (docs/ucp-merchant.md)."""

__all__ = ["OPEN", "create_app", "error_body", "init_db", "stock_race"]
