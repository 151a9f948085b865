"""Dollars ↔ cents: the conversions money must survive."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.pay import from_cents, to_cents


@pytest.mark.parametrize(
    ("dollars", "cents"),
    [
        (0.1 + 0.2, 30),  # 0.30000000000000004
        (19.995, 2000),  # float is 19.99499999…; round(x * 100) gives 1999
        (1463.7, 146370),  # x * 100 is 146369.99999999997; int() gives 146369
        (2.675, 268),
        (1.005, 101),
        (0.005, 1),
        (0.004, 0),
        (0, 0),
        (42, 4200),
        (-19.995, -2000),
        (Decimal("10.125"), 1013),
        (49_999.99, 4_999_999),
    ],
)
def test_to_cents(dollars: float, cents: int) -> None:
    assert to_cents(dollars) == cents
    assert isinstance(to_cents(dollars), int)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e300])
def test_to_cents_refuses_what_is_not_money(bad: float) -> None:
    with pytest.raises(ValueError):
        to_cents(bad)


@pytest.mark.parametrize("bad", [True, "19.99", None])
def test_to_cents_refuses_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        to_cents(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("cents", "dollars"), [(146370, 1463.7), (30, 0.3), (1, 0.01), (0, 0.0)])
def test_from_cents(cents: int, dollars: float) -> None:
    assert from_cents(cents) == dollars


def test_round_trip_of_every_cent_below_a_thousand_dollars() -> None:
    assert all(to_cents(from_cents(c)) == c for c in range(100_000))


def test_from_cents_refuses_floats() -> None:
    with pytest.raises(TypeError):
        from_cents(1.5)  # type: ignore[arg-type]
