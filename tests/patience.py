"""How long a test waits for something that should happen before it calls it a hang.

A wait like this is a guard against hanging forever, never a speed check (benchmarks measure
speed): a busy machine may be many times slower than a quiet one and must still pass.
`AGENTCLI_TEST_PATIENCE=SECONDS` changes it.
"""

from __future__ import annotations

import os

PATIENCE = float(os.environ.get("AGENTCLI_TEST_PATIENCE") or 180)
