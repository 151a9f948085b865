"""The operator's kill switch: while it is on, nothing new is written anywhere.

It is read afresh at every point of no return (the policy check, the customer's yes, every
forward saga step), so a switch turned on mid-way stops what has not happened yet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_ENV = "AGENTCLI_KILL_SWITCH"


@dataclass(frozen=True)
class KillSwitch:
    """On when the environment variable `env` is non-empty, or when the file `file` exists."""

    env: str = DEFAULT_ENV
    file: str = ""

    def reason(self) -> str | None:
        """Why writes must stop right now, or None when the switch is off."""
        if self.env and os.environ.get(self.env):
            return f"the kill switch is on ({self.env} is set): no writes are allowed"
        if self.file and Path(self.file).exists():
            return f"the kill switch is on ({self.file} exists): no writes are allowed"
        return None

    def to_dict(self) -> dict[str, str]:
        """For a worker elsewhere (the file as an absolute path)."""
        return {"env": self.env, "file": str(Path(self.file).resolve()) if self.file else ""}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> KillSwitch:
        return cls(**data) if data else cls()
