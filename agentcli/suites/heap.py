"""How a test run keeps Python's cyclic garbage collector off the objects that live all run.

A parsed suite (the YAML nodes, the cases, their policies) and the warm machinery a worker
inherits are made once and kept to the end; collecting them finds nothing, yet every full
collection walks all of them, and in a forked worker writes to the pages it shares with this
process.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while the block builds objects that all live on (a parsed suite)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def keep_for_the_run() -> None:
    """Every object alive now is left out of later collections (`gc.freeze`): done once the
    suite is loaded and again before workers fork, which then share those objects' pages."""
    gc.freeze()
