"""The shipped inventory is what the generator makes."""

from __future__ import annotations

from sandbox.trips import make_data


def test_the_shipped_inventory_is_what_the_script_makes() -> None:
    data = make_data.build()
    assert make_data.OUTPUT.read_text("utf-8") == make_data.render(data)
    cities = {c["code"] for c in data["cities"]}
    assert {h["city"] for h in data["hotels"]} == cities
    assert {(f["origin"], f["destination"]) for f in data["flights"]} == {
        (a, b) for a in cities for b in cities if a != b
    }
