"""Driving the inspector in tests: wait for worker results, record the message stream."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.message import Message
from textual.pilot import Pilot

from tests.patience import PATIENCE

M = TypeVar("M", bound=Message)


async def settle(pilot: Pilot[Any], ready: Callable[[], bool], timeout: float = PATIENCE) -> None:
    """Let the app run until `ready()` holds (worker threads need real time)."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError("the inspector did not reach the expected state in time")
        await pilot.pause(0.02)
    await pilot.pause()


async def settled_screenshot(pilot: Pilot[Any]) -> str:
    """The app's screenshot once three taken 50 ms apart agree: the last layout and refresh
    (a scrollbar appearing after the rows arrive) may come well after the state a test waited
    for on a busy machine."""
    deadline = time.monotonic() + PATIENCE
    shot, same = pilot.app.export_screenshot(), 0
    while same < 2:
        await pilot.pause(0.05)
        again = pilot.app.export_screenshot()
        same = same + 1 if again == shot else 0
        shot = again
        if time.monotonic() > deadline:
            raise AssertionError("the screen never stopped changing")
    return shot


class MessageLog:
    """Every message the app handles, once each, in order (`hook` is run_test's message_hook)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._seen: set[int] = set()

    def hook(self, message: Message) -> None:
        """Called at every node a message bubbles through; each message is kept once."""
        if id(message) not in self._seen:
            self._seen.add(id(message))
            self.messages.append(message)

    def of(self, kind: type[M]) -> list[M]:
        return [m for m in self.messages if isinstance(m, kind)]
