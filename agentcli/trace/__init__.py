"""The trace: a SQLite store of runs and hash-chained events, and the recorder that fills it."""

from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import RunNotFound, Store, StoreError

__all__ = ["EventKind", "Recorder", "RunNotFound", "Store", "StoreError", "TraceEvent"]
