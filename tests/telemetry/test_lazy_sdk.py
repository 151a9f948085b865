"""The OpenTelemetry SDK is imported when an export runs, never when a command starts."""

from __future__ import annotations

import subprocess
import sys

from agentcli.cli.commands import COMMANDS


def test_no_command_and_no_core_module_loads_opentelemetry_when_imported() -> None:
    modules = sorted({c.target.split(":")[0] for c in COMMANDS.values()}) + [
        "agentcli.runtime",
        "agentcli.telemetry.tree",
        "agentcli.telemetry.live",
        "agentcli.telemetry.export",
        "agentcli.telemetry.otlp",
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('opentelemetry'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "agentcli.cli.export" in modules
    assert out.stdout.strip() == ""
