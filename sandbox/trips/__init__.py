"""The trips sandbox vendor: hotels and flights with holds, bookings and cancellation rules."""

from sandbox.trips.app import create_app
from sandbox.trips.errors import error_body
from sandbox.trips.pristine import init_db
from sandbox.trips.races import stock_race

__all__ = ["create_app", "error_body", "init_db", "stock_race"]
