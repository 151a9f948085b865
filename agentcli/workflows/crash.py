"""A fault-injection switch: die with SIGKILL at one named journal point of one saga.

`AGENTCLI_CRASH_AT=<saga>:<step>:<phase>:<point>` (for example
`place_order:capture_payment:forward:effect`) makes the engine kill its own process right after
that journal point, the way a power cut or an OOM kill would; `agentcli resume` must then finish
the saga. Points: `intent` (the journal says the call is about to be made), `effect` (the vendor
answered; the journal does not know yet), `done` (the result is journaled); the saga itself has
`<saga>:-:saga:started`. `workflows.saga.journal_points` lists them all for a definition.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass

CRASH_ENV = "AGENTCLI_CRASH_AT"


@dataclass(frozen=True)
class CrashSwitch:
    """Kills the process at `point` (None: never)."""

    point: str | None = None

    @classmethod
    def from_env(cls) -> CrashSwitch:
        return cls(os.environ.get(CRASH_ENV) or None)

    def reached(self, saga: str, step: str, phase: str, point: str) -> None:
        if self.point is None or self.point != f"{saga}:{step}:{phase}:{point}":
            return
        print(f"{CRASH_ENV}: killing process {os.getpid()} at {self.point}", file=sys.stderr)
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)
