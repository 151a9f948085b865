"""agentcli.safe_text: every control character shown escaped, markup shown literally, JSON
unchanged in value; ordinary text (accents, emoji, CJK) passes untouched."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from agentcli.safe_text import (
    json_text,
    markup_line,
    markup_text,
    terminal_line,
    terminal_text,
)
from tests.e2e.hostile import ATTACKS, HOSTILE, unsafe_characters

ORDINARY = "Café Straße 東京 👩‍👩‍👧 naïve – “quoted” \\ back\\slash [Bold] [1] a[b]c"


@pytest.mark.parametrize("attack", ATTACKS, ids=range(len(ATTACKS)))
def test_no_control_character_survives(attack: str) -> None:
    assert not unsafe_characters(terminal_text(attack))
    assert "\n" not in terminal_line(attack)


def test_what_was_there_stays_visible() -> None:
    assert (
        terminal_text("a\x1b[2Jb\rc\u202ed\x9be\U000e0041")
        == "a\\x1b[2Jb\\rc\\u202ed\\x9be\\U000e0041"
    )
    assert terminal_text("one\ntwo") == "one\ntwo"
    assert terminal_line("one\ntwo\tthree") == "one\\ntwo\\tthree"


def test_ordinary_text_is_untouched() -> None:
    assert terminal_text(ORDINARY) == ORDINARY
    assert terminal_line("plain ascii") == "plain ascii"


@pytest.mark.parametrize("text", [*ATTACKS, HOSTILE, ORDINARY, "ends with \\", "\\[bold]x"])
def test_rich_shows_escaped_markup_as_typed_inside_markup_of_ours(text: str) -> None:
    out = io.StringIO()
    console = Console(file=out, width=10_000, color_system=None)
    console.print(f"[dim]{markup_text(text)}[/] [bold]{markup_line(text)}[/]", end="")
    assert out.getvalue() == f"{terminal_text(text)} {terminal_line(text)}"


@pytest.mark.parametrize("value", [HOSTILE, {"k\x1b": [HOSTILE, 1, None]}, "\U000e0041\u2028"])
def test_json_text_is_the_same_value_with_no_control_character(value: object) -> None:
    text = json_text(value, indent=2)
    assert json.loads(text) == value
    assert not unsafe_characters(text)


def test_printable_text_needs_no_look_at_each_character() -> None:
    """Text Python calls printable is shown as it is (the check runs in C, over a whole
    `--json` report at once): no character that could drive a terminal is printable."""
    printable = "".join(ch for ch in map(chr, range(0x110000)) if ch.isprintable())
    assert not unsafe_characters(printable)
    report = json_text({"cases": [ORDINARY] * 3}, indent=2)
    assert report == json.dumps({"cases": [ORDINARY] * 3}, indent=2, ensure_ascii=False)
    assert json_text({"k": "a\x1bb"}, indent=2) == '{\n  "k": "a\\u001bb"\n}'
