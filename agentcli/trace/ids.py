"""Identifiers: runs get ULIDs (sortable by time), spans get short random hex."""

from __future__ import annotations

import secrets

from ulid import ULID


def new_run_id() -> str:
    return str(ULID())


def new_span_id() -> str:
    return secrets.token_hex(8)
