"""Client-side rate limiting: a token bucket per connector that obeys a vendor's Retry-After."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    """At most `rate` calls per second with bursts of `burst`; `hold` pauses every call.

    `rate=None` means no client-side cap, but a hold (from a 429's Retry-After) still applies,
    so one rate-limited answer slows every later call of the connector, not just its own retry.
    """

    def __init__(
        self,
        rate: float | None = None,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.sleep = sleep
        self._tokens = float(burst)
        self._updated = clock()
        self._hold_until = 0.0
        self.waited = 0.0
        """Seconds spent waiting so far (a figure for tests and benchmarks)."""

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` from now (a vendor asked us to back off)."""
        self._hold_until = max(self._hold_until, self.clock() + max(0.0, seconds))

    async def acquire(self) -> None:
        """Wait until one call may go out, then take its token."""
        while True:
            now = self.clock()
            wait = self._hold_until - now
            if self.rate is not None:
                self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if wait <= 0 and self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = max(wait, (1 - self._tokens) / self.rate)
            elif wait <= 0:
                return
            self.waited += wait
            await self.sleep(wait)
