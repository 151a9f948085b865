"""`agentcli test` starts without the libraries only some runs need (start-up is serial time).

jsonschema comes with the first protocol message validated and uvicorn with `sandbox serve`;
a suite run over the in-process sandbox, whose world makes every vendor app, needs neither.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_the_suite_machinery_and_a_worlds_apps_load_no_jsonschema_or_uvicorn(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import agentcli.cli.test, agentcli.suites.parallel, agentcli.suites.runner\n"
        "from sandbox.world import SandboxWorld\n"
        f"world = SandboxWorld(Path({str(tmp_path / 'world')!r}))\n"
        "world.ensure()\n"
        "assert {'shop', 'acp', 'ucp'} <= set(world.apps())\n"
        "print(','.join(sorted(m for m in ('jsonschema', 'uvicorn') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
