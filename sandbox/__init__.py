"""The simulated vendors: small ASGI apps with their own state, so everything runs offline.

A program of its own: nothing here imports the clients (`connectors`) or the agent
(`agentcli`). Others use the entry points at this level — `world` (state files, reset, the
wrapped apps), `serve`, `faults`, `templates`, `worlds`, `vendor_state` — never a vendor's
modules (`sandbox.shop.store` and the like).
"""

from pathlib import Path

TAU2_RETAIL_DATA = Path(__file__).resolve().parent / "data" / "tau2_retail"
"""The τ²-bench retail data the shop is built from, with its tasks and gold state hashes."""
