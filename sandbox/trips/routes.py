"""The trips vendor's routes: each parses its request, then reads or returns the write to do."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.routing import Route

from sandbox.kit import params
from sandbox.kit.params import BadInput
from sandbox.trips import bookings, holds, offers, search
from sandbox.trips.offers import inventory

Body = dict[str, Any]
Operation = Callable[[sqlite3.Connection, float], Any]
Reader = Callable[[Request, sqlite3.Connection, float], Any]
Writer = Callable[[Request, Body], Operation]


@dataclass(frozen=True)
class Policy:
    hold_seconds: float
    void_seconds: float


def _date(query: QueryParams, name: str) -> date:
    raw = query.get(name)
    if not raw:
        raise BadInput(f"'{name}' is required (YYYY-MM-DD)", name)
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise BadInput(f"'{name}' must be a date like 2026-12-10, not {raw!r}", name) from exc


def _text(query: QueryParams, name: str) -> str:
    raw = (query.get(name) or "").strip()
    if not raw:
        raise BadInput(f"'{name}' is required", name)
    return raw


def _hotels(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    q = request.query_params
    guests = params.query_int(q, "guests", low=1, high=offers.MAX_TRAVELLERS, default=1) or 1
    return search.hotels(
        conn,
        _text(q, "city"),
        _date(q, "check_in"),
        _date(q, "check_out"),
        guests,
        params.query_int(q, "max_price_minor", low=0, high=10**9),
        now,
    )


def _flights(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    q = request.query_params
    passengers = (
        params.query_int(q, "passengers", low=1, high=offers.MAX_TRAVELLERS, default=1) or 1
    )
    return search.flights(
        conn, _text(q, "origin"), _text(q, "destination"), _date(q, "date"), passengers, now
    )


def _offer(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    q = request.query_params
    travellers = (
        params.query_int(q, "travellers", low=1, high=offers.MAX_TRAVELLERS, default=1) or 1
    )
    offer = offers.offer(request.path_params["offer_id"], travellers)
    return offer.view(available=holds.available(conn, offer, now))


def _cities(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    return {"cities": [{k: c[k] for k in ("code", "name")} for c in inventory()["cities"]]}


def _hold(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    return holds.view(holds.load(conn, request.path_params["hold_id"]), now)


def _booking(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    return bookings.load(conn, request.path_params["booking_id"])


def _quote(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    return bookings.quote(bookings.load(conn, request.path_params["booking_id"]), now)


def _bookings(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    return {"bookings": bookings.of_customer(conn, _text(request.query_params, "customer"))}


def writers(policy: Policy) -> dict[str, Writer]:
    def create_hold(request: Request, body: Body) -> Operation:
        params.only(body, ("offer_id", "travellers"))
        offer_id = params.text(body, "offer_id", max_length=40)
        travellers = params.integer(
            body, "travellers", low=1, high=offers.MAX_TRAVELLERS, default=1
        )
        return lambda conn, now: holds.create(conn, offer_id, travellers, now, policy.hold_seconds)

    def release_hold(request: Request, body: Body) -> Operation:
        hold_id = request.path_params["hold_id"]
        return lambda conn, now: holds.release(conn, hold_id, now)

    def create_booking(request: Request, body: Body) -> Operation:
        params.only(body, ("hold_ids", "customer", "payment_reference", "traveller_names"))
        hold_ids = params.string_list(body, "hold_ids", max_items=4)
        customer = params.text(body, "customer", max_length=64)
        reference = params.text(body, "payment_reference", max_length=100)
        names = (
            None
            if body.get("traveller_names") is None
            else params.string_list(body, "traveller_names", max_items=9)
        )
        return lambda conn, now: bookings.create(
            conn, hold_ids, customer, reference, names, now, policy.void_seconds
        )

    def cancel_booking(request: Request, body: Body) -> Operation:
        params.only(body, ("reason",))
        booking_id = request.path_params["booking_id"]
        reason = params.optional_text(body, "reason", max_length=200)
        return lambda conn, now: bookings.cancel(conn, booking_id, reason, now)

    return {
        "create_hold": create_hold,
        "release_hold": release_hold,
        "create_booking": create_booking,
        "cancel_booking": cancel_booking,
    }


def table(read: Callable[[Reader], Any], write: Callable[..., Any], policy: Policy) -> list[Route]:
    w = writers(policy)
    return [
        Route("/v1/cities", read(_cities)),
        Route("/v1/hotels", read(_hotels)),
        Route("/v1/flights", read(_flights)),
        Route("/v1/offers/{offer_id}", read(_offer)),
        Route("/v1/holds", write(w["create_hold"], 201), methods=["POST"]),
        Route("/v1/holds/{hold_id}", read(_hold), methods=["GET"]),
        Route("/v1/holds/{hold_id}", write(w["release_hold"]), methods=["DELETE"]),
        Route("/v1/bookings", write(w["create_booking"], 201), methods=["POST"]),
        Route("/v1/bookings", read(_bookings), methods=["GET"]),
        Route("/v1/bookings/{booking_id}", read(_booking)),
        Route("/v1/bookings/{booking_id}/cancellation", read(_quote)),
        Route("/v1/bookings/{booking_id}/cancel", write(w["cancel_booking"]), methods=["POST"]),
    ]
