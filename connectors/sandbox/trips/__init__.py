"""The trips sandbox vendor: hotels and flights with holds, bookings and cancellation rules."""

from connectors.sandbox.trips.app import create_app
from connectors.sandbox.trips.errors import error_body
from connectors.sandbox.trips.pristine import init_db
from connectors.sandbox.trips.races import stock_race

__all__ = ["create_app", "error_body", "init_db", "stock_race"]
