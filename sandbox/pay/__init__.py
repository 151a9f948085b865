"""The pay sandbox vendor: Stripe-style payment intents and refunds over one SQLite file."""

from sandbox.pay.app import create_app
from sandbox.pay.errors import error_body
from sandbox.pay.store import init_db

__all__ = ["create_app", "error_body", "init_db"]
