"""The bazaar sandbox vendor: a second marketplace with its own dialect (docs/vendors.md)."""

from sandbox.bazaar.app import RateLimit, create_app
from sandbox.bazaar.pristine import init_db
from sandbox.bazaar.races import error_body, stock_race

__all__ = ["RateLimit", "create_app", "error_body", "init_db", "stock_race"]
