"""The user's input lines, read with a bound: an over-long line is skipped, never held whole."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

SKIP_CHUNK = 64 * 1024
"""Characters read at a time while skipping the rest of an over-long line."""


@dataclass(frozen=True)
class LineTooLong:
    """Line `number` (1-based) had `length` characters, more than the limit; it was skipped."""

    number: int
    length: int


def bounded_lines(
    stream: TextIO, limit: int, *, prompt: str | None = None
) -> Iterator[str | LineTooLong]:
    """Each line of `stream` without its newline, or a LineTooLong in place of a longer one.

    At most `limit` + 1 characters of a line are in memory at once. `prompt` is written to
    stdout before each read (an interactive session).
    """
    number = 0
    while True:
        if prompt is not None:
            sys.stdout.write(prompt)
            sys.stdout.flush()
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        text = line.removesuffix("\n")
        if len(text) <= limit:
            yield text
            continue
        length = len(text)
        while not line.endswith("\n"):
            line = stream.readline(SKIP_CHUNK)
            if not line:
                break
            length += len(line.removesuffix("\n"))
        yield LineTooLong(number, length)
