"""A fit complaint said of an item with no 'the' or 'my' ('boots are too small, I need a size
9') is a swap to the variant needed; a bare subject that is no item stays none."""

from __future__ import annotations

from agentcli.planners.rules.order_wishes import wish


def test_a_bare_item_too_small_with_a_need_is_a_swap() -> None:
    assert wish("boots are too small, I need a size 9 in leather, waterproof") == (
        ["boots"],
        ["size", "9", "leather", "waterproof"],
    )
    read = wish("hiking boots are way too tight, I need a size 12 please")
    assert read is not None and read[0] == ["hiking", "boots"] and "12" in read[1]


def test_a_bare_subject_that_is_no_item_is_no_swap() -> None:
    assert wish("it is too small, I need a size 9") is None
    assert wish("shipping was too slow, I need a refund") is None
