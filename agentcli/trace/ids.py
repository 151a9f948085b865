"""Identifiers: runs get ULIDs (sortable by time), spans get short random hex."""

from __future__ import annotations

import hashlib
import os

from ulid import ULID


def new_run_id() -> str:
    return str(ULID())


def new_span_id() -> str:
    return os.urandom(8).hex()  # what secrets.token_hex(8) does, a call shorter


def trace_id_of(run_id: str) -> str:
    """The W3C trace id (32 hex) of a run: its ULID's 128 bits, so vendors and exporters agree.

    An id that is not a ULID (an imported or hand-made run) is hashed instead.
    """
    try:
        value = ULID.from_str(run_id).hex
    except ValueError:
        value = hashlib.sha256(run_id.encode()).hexdigest()[:32]
    return value if int(value, 16) else "0" * 31 + "1"
