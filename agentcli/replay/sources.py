"""The clock and id sources of a run: logged while recording, played back on replay."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from agentcli.trace.ids import new_span_id


class LoggedSources:
    """Wraps a clock and an id generator and keeps every value they hand out, in order."""

    def __init__(
        self, clock: Callable[[], float] = time.time, ids: Callable[[], str] = new_span_id
    ) -> None:
        self._clock = clock
        self._ids = ids
        self.times: list[float] = []
        self.ids: list[str] = []

    def clock(self) -> float:
        value = self._clock()
        self.times.append(value)
        return value

    def span_id(self) -> str:
        value = self._ids()
        self.ids.append(value)
        return value


class ReplayedSources:
    """Hands out recorded values in order; past the end, deterministic ones (and says so)."""

    def __init__(self, times: Iterable[float], ids: Iterable[str]) -> None:
        self._times = list(times)
        self._ids = list(ids)
        self._t = 0
        self._i = 0
        self.overrun = False

    def clock(self) -> float:
        if self._t < len(self._times):
            value = self._times[self._t]
        else:
            self.overrun = True
            last = self._times[-1] if self._times else 0.0
            value = last + 0.001 * (self._t - len(self._times) + 1)
        self._t += 1
        return value

    def span_id(self) -> str:
        if self._i < len(self._ids):
            value = self._ids[self._i]
        else:
            self.overrun = True
            value = f"replay{self._i:010x}"
        self._i += 1
        return value
