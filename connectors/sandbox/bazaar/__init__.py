"""The bazaar sandbox vendor: a second marketplace with its own dialect (docs/vendors.md)."""

from connectors.sandbox.bazaar.app import RateLimit, create_app
from connectors.sandbox.bazaar.pristine import init_db
from connectors.sandbox.bazaar.races import error_body, stock_race

__all__ = ["RateLimit", "create_app", "error_body", "init_db", "stock_race"]
