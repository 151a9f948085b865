"""Identifiers: runs get ULIDs (sortable by time), spans get short random hex."""

from __future__ import annotations

import hashlib
import itertools
import os

from ulid import ULID


def new_run_id() -> str:
    return str(ULID())


class _RandomHex:
    """16 hex digits of fresh randomness per call, from the OS random source 512 ids at a time:
    a run records a span per event, and one system call each cost more than the rest of the id.

    A block is never shared: a forked child draws a new one (else parent and child would hand
    out the same ids), and each id is taken from a block by an atomic counter (threads too).
    """

    IDS_PER_BLOCK = 512

    def __init__(self) -> None:
        self._refill()
        os.register_at_fork(after_in_child=self._refill)

    def _refill(self) -> None:
        self._block = (os.urandom(8 * self.IDS_PER_BLOCK).hex(), itertools.count())

    def __call__(self) -> str:
        while True:
            text, taken = self._block
            index = next(taken)
            if index < self.IDS_PER_BLOCK:
                return text[16 * index : 16 * index + 16]
            self._refill()


new_span_id = _RandomHex()
"""A span id: 64 random bits as 16 hex digits, what `secrets.token_hex(8)` gives."""


def trace_id_of(run_id: str) -> str:
    """The W3C trace id (32 hex) of a run: its ULID's 128 bits, so vendors and exporters agree.

    An id that is not a ULID (an imported or hand-made run) is hashed instead.
    """
    try:
        value = _ulid_hex(run_id)
    except ValueError:
        value = hashlib.sha256(run_id.encode()).hexdigest()[:32]
    return value if int(value, 16) else "0" * 31 + "1"


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_AS_BASE32HEX = str.maketrans(_CROCKFORD, "0123456789abcdefghijklmnopqrstuv")
_CANONICAL = frozenset(_CROCKFORD)


def _ulid_hex(run_id: str) -> str:
    """`ULID.from_str(run_id).hex`: a run id as `new_run_id` writes it (26 canonical Crockford
    characters, the first at most 7) is read by `int` at C speed; anything else goes through
    the ULID library, which accepts (or refuses) it as ever."""
    if len(run_id) == 26 and run_id[0] <= "7" and _CANONICAL.issuperset(run_id):
        return f"{int(run_id.translate(_AS_BASE32HEX), 32):032x}"
    return ULID.from_str(run_id).hex
