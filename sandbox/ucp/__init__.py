"""The UCP merchant sandbox vendor: a shop that speaks the Universal Commerce Protocol."""

from sandbox.ucp.app import create_app
from sandbox.ucp.catalogue import CatalogueError
from sandbox.ucp.errors import error_body
from sandbox.ucp.feed import product_feed
from sandbox.ucp.pristine import init_db
from sandbox.ucp.races import stock_race

PROTOCOL = "ucp"
"""It speaks UCP, so it takes no Bearer token: platforms call UCP merchants without one."""

__all__ = [
    "PROTOCOL",
    "CatalogueError",
    "create_app",
    "error_body",
    "init_db",
    "product_feed",
    "stock_race",
]
