"""Who is running a saga: an owner id per engine, and whether that owner is still alive."""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

_RUNNING: set[tuple[str, str]] = set()
"""(owner, saga id) pairs being driven right now by an engine in this process."""


def new_owner() -> str:
    """`host:pid:token`: unique per engine instance."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def running(owner: str, saga_id: str) -> None:
    _RUNNING.add((owner, saga_id))


def stopped(owner: str, saga_id: str) -> None:
    _RUNNING.discard((owner, saga_id))


def _pid_alive(pid: int) -> bool:
    """True if the process exists and is not a zombie (killed but not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def owner_alive(owner: str | None, saga_id: str) -> bool:
    """Whether `owner` may still be driving the saga (an owner on another host counts as alive)."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return (owner, saga_id) in _RUNNING
    return _pid_alive(pid)
