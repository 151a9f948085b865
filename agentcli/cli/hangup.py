"""A closed terminal (SIGHUP) or a plain `kill` (SIGTERM) stops a chat as Ctrl-C stops it.

Python's default for these signals ends the process on the spot, which left the run `running`
in the trace with no cassette. Here they interrupt the chat instead: the run is finished as
interrupted (a saga under way stays journalled for `agentcli resume`), its cassette is
written, and the command exits 128 + the signal's number.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import TypeVar

SIGNALS = (signal.SIGHUP, signal.SIGTERM)
T = TypeVar("T")


class Hangup:
    """The handlers for the chat's lifetime, and which signal stopped it, if one did."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._cancel: Callable[[], None] | None = None
        self._reading = False

    @contextmanager
    def installed(self) -> Iterator[Hangup]:
        """The signals stop the chat while the block runs; the previous handlers come back."""
        previous = {}
        for signum in SIGNALS:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # started under nohup: the operator asked for the chat to survive
            try:
                previous[signum] = signal.signal(signum, self._on_signal)
            except ValueError:  # not the main thread (a program embedding the command)
                break
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def attach(self) -> None:
        """Call from the chat's main task: a signal cancels it, as asyncio delivers Ctrl-C."""
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None

        def cancel() -> None:
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wakes a loop waiting for I/O

        self._cancel = cancel

    def reading(self, lines: Iterable[T]) -> Iterator[T]:
        """`lines`, marking the blocking waits for the next one, where a cancel cannot land."""
        it = iter(lines)
        while True:
            self._reading = True
            try:
                line = next(it)
            except StopIteration:
                return
            finally:
                self._reading = False
            yield line

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            return
        self.signum = signum
        if self._reading or self._cancel is None:
            raise KeyboardInterrupt  # out of a blocking read of stdin (or before the run)
        self._cancel()

    def exit_code(self) -> int | None:
        """128 + the signal's number when one stopped the chat, after a line saying so."""
        if self.signum is None:
            return None
        name = signal.Signals(self.signum).name
        with suppress(OSError):  # the terminal that would show it may be gone
            print(f"stopped by {name}: the run was finished as interrupted", file=sys.stderr)
        return 128 + self.signum
