"""A hotel and a flight booked through the CLI, then cancelled: bookings and money checked."""

from __future__ import annotations

from pathlib import Path

from connectors.trips import amount_minor
from tests.e2e.helpers import HARPER, HARPER_ID, chat, latest_run_json
from tests.e2e.market_helpers import read, saga_outputs

CARD = "credit_card_1719121"
TRIP = (
    f"I'm {HARPER}",
    "find a hotel in Paris from 2030-12-10 to 2030-12-12",
    "find a flight from NYC to Paris on 2030-12-10",
    "book the first hotel and the second flight for 2 travellers with my credit card",
)
TOTAL = 29800 + 2 * 70399  # Lantern Hotel Paris, 2 nights; flight SK107 for two
# (dates far ahead, so the offers stay in the future)


def _booking_id() -> str:
    return str(saga_outputs(latest_run_json(), "book_trip")["book_trip"]["booking_id"])


def test_hotel_and_flight_booked_in_one_payment(agentcli_home: Path) -> None:
    result = chat(*TRIP, "yes", args=("--approve-all",))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1. Lantern Hotel Paris (2 stars, rated 7.5), Standard Room - $298.00" in out
    assert "2. SK107 Skylark Airways, departs 2030-12-10 11:00 UTC" in out
    assert "book this trip for 2 travellers" in out
    assert "Total $1,705.98, paid with mastercard card ending 7159." in out
    assert "an operator must approve it too" in out
    assert "is confirmed" in out and "$1,705.98 was charged" in out

    run = latest_run_json()
    assert run["run"]["outcome"] == "purchase"
    steps = saga_outputs(run, "book_trip")
    assert list(steps) == [
        "hold_hotel",
        "hold_flight",
        "authorize_payment",
        "book_trip",
        "capture_payment",
    ]
    booking_id = steps["book_trip"]["booking_id"]

    async def facts(v):  # type: ignore[no-untyped-def]
        return await v.trips.get_booking(booking_id), await v.pay.list_intents(HARPER_ID)

    booking, intents = read(agentcli_home, facts)
    assert booking["status"] == "confirmed" and booking["customer"] == HARPER_ID
    assert [(i["kind"], i["offer_id"], i["travellers"]) for i in booking["items"]] == [
        ("hotel", "HO-PAR02-STD-20301210-2", 2),
        ("flight", "FO-SK107-20301210", 2),
    ]
    assert amount_minor(booking["total"]) == TOTAL
    [intent] = intents
    assert (intent["status"], intent["amount_received"], intent["payment_method"]) == (
        "succeeded",
        TOTAL,
        CARD,
    )
    assert booking["payment_reference"] == intent["id"]


def test_without_the_operator_nothing_is_held_or_charged(agentcli_home: Path) -> None:
    result = chat(*TRIP, "yes")
    assert result.exit_code == 0, result.output
    assert "did not approve it" in result.stdout

    async def facts(v):  # type: ignore[no-untyped-def]
        return (
            await v.pay.list_intents(HARPER_ID),
            await v.trips.list_bookings(HARPER_ID),
            await v.trips.state(),
        )

    intents, bookings, state = read(agentcli_home, facts)
    assert intents == [] and bookings == [] and state["holds"] == {}


def test_cancelling_the_booking_refunds_it(agentcli_home: Path) -> None:
    chat(*TRIP, "yes", args=("--approve-all",))
    booking_id = _booking_id()
    result = chat(
        f"I'm {HARPER}", f"where is booking {booking_id}", f"cancel booking {booking_id}", "yes"
    )
    assert result.exit_code == 0, result.output
    assert f"Booking {booking_id} is confirmed" in result.stdout
    assert "it is free to cancel now, so the full $1,705.98 is refunded" in result.stdout
    assert f"Booking {booking_id} is cancelled. $1,705.98 was refunded" in result.stdout

    async def facts(v):  # type: ignore[no-untyped-def]
        return await v.trips.get_booking(booking_id), await v.pay.list_intents(HARPER_ID)

    booking, [intent] = read(agentcli_home, facts)
    assert booking["status"] == "cancelled"
    assert amount_minor(booking["cancellation"]["refund"]) == TOTAL
    assert (intent["amount_received"], intent["amount_refunded"]) == (TOTAL, TOTAL)
    again = chat(f"I'm {HARPER}", f"cancel booking {booking_id}")
    assert "cannot be cancelled: already cancelled" in again.stdout


def test_a_sold_out_flight_releases_the_hotel_hold(agentcli_home: Path, tmp_path: Path) -> None:
    plan = tmp_path / "faults.yaml"
    plan.write_text(
        "rules:\n  - {vendor: trips, endpoint: POST /v1/holds, fault: stock_race, skip: 1}\n"
    )
    result = chat(*TRIP, "yes", args=("--approve-all", "--faults", str(plan)))
    assert result.exit_code == 0, result.output
    assert "I could not complete that" in result.stdout
    assert "released hold" in result.stdout and "nothing was charged" in result.stdout

    async def facts(v):  # type: ignore[no-untyped-def]
        return await v.pay.list_intents(HARPER_ID), await v.trips.list_bookings(HARPER_ID)

    intents, bookings = read(agentcli_home, facts)
    assert intents == [] and bookings == []


def test_travel_lines_that_miss_details_get_a_question(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {HARPER}", "find a hotel in Paris", "book the first hotel", "find a flight to Paris"
    )
    assert result.exit_code == 0, result.output
    assert "Which dates in paris?" in result.stdout
    assert "There is no hotel number 1" in result.stdout or "Search first" in result.stdout
    assert "Where are you flying from, and on which day?" in result.stdout


def test_a_trip_told_in_pieces_is_searched_once_it_is_whole(agentcli_home: Path) -> None:
    result = chat(
        "I want to go to Rome", "from nyc on 2030-12-10", "a room in Paris from 2030-12-10", "2"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Where will you fly to Rome from, and on which day?" in out
    assert "flights from New York to Rome on 2030-12-10" in out
    assert "For how many nights from 2030-12-10?" in out
    assert "hotel offers in Paris from 2030-12-10 to 2030-12-12" in out
