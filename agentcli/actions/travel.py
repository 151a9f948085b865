"""Travel actions served by the `trips` vendor (and `pay` for money)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from agentcli.actions.base import ActionBase, Effect, Offer

BookingId = Field(pattern=r"^BK\d{6}$", description="e.g. BK482913")
HotelOffer = Field(
    default=None,
    pattern=r"^HO-[A-Z]{3}\d{2}-[A-Z]{3}-\d{8}-\d{1,2}$",
    description="a hotel offer id from search_hotels",
)
FlightOffer = Field(
    default=None,
    pattern=r"^FO-[A-Z]{2}\d{3,4}-\d{8}$",
    description="a flight offer id from search_flights",
)
City = Field(min_length=2, max_length=60, description="e.g. Paris or PAR")


class SearchHotels(ActionBase):
    """Find hotel rooms in a city for a stay, cheapest first."""

    action: Literal["search_hotels"]
    city: str = City
    check_in: dt.date
    check_out: dt.date
    guests: int = Field(default=1, ge=1, le=9)
    max_price: float | None = Field(default=None, ge=0, description="for the whole stay")
    vendor = "trips"
    offered = Offer.TRAVEL

    @model_validator(mode="after")
    def _stay(self) -> SearchHotels:
        if self.check_out <= self.check_in:
            raise ValueError("check_out must be after check_in")
        return self


class SearchFlights(ActionBase):
    """Find flights between two cities on a day, by departure time."""

    action: Literal["search_flights"]
    origin: str = City
    destination: str = City
    date: dt.date
    passengers: int = Field(default=1, ge=1, le=9)
    vendor = "trips"
    offered = Offer.TRAVEL


class BookTrip(ActionBase):
    """Book a hotel offer and/or a flight offer for the travellers, paid in one payment."""

    action: Literal["book_trip"]
    hotel_offer_id: str | None = HotelOffer
    flight_offer_id: str | None = FlightOffer
    travellers: int = Field(ge=1, le=9)
    payment_method_id: str = Field(pattern=r"^(credit_card|gift_card|paypal)_\d+$")
    effect = Effect.WRITE
    moves_money = True
    vendor = "trips"
    offered = Offer.TRAVEL

    @model_validator(mode="after")
    def _something_to_book(self) -> BookTrip:
        if self.hotel_offer_id is None and self.flight_offer_id is None:
            raise ValueError("give a hotel_offer_id, a flight_offer_id, or both")
        return self


class GetBooking(ActionBase):
    """Read one of the customer's bookings: items, status, cancellation terms."""

    action: Literal["get_booking"]
    booking_id: str = BookingId
    vendor = "trips"
    offered = Offer.TRAVEL


class CancelBooking(ActionBase):
    """Cancel a booking under its fare rules; the fee is kept and the rest refunded."""

    action: Literal["cancel_booking"]
    booking_id: str = BookingId
    effect = Effect.WRITE
    moves_money = True
    vendor = "trips"
    offered = Offer.TRAVEL


TRAVEL_ACTIONS = (SearchHotels, SearchFlights, BookTrip, GetBooking, CancelBooking)
