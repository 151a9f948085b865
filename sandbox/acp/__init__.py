"""The ACP sandbox merchant: checkout sessions of the Agentic Commerce Protocol over the shop's
catalogue, paid through the `pay` vendor, behind a Bearer API key (docs/acp-merchant.md)."""

from sandbox.acp.app import create_app
from sandbox.acp.errors import error_body
from sandbox.acp.feed import product_feed
from sandbox.acp.guard import ApiKeyAuth
from sandbox.acp.pristine import init_db

PROTOCOL = "acp"
"""The open protocol it speaks: clients authenticate with an API key, not OAuth."""

__all__ = ["PROTOCOL", "ApiKeyAuth", "create_app", "error_body", "init_db", "product_feed"]
