"""Without the `temporal` extra the core, the CLI and the tests still import; Temporal says why.

Each check runs in a fresh interpreter where `temporalio` cannot be imported (a None in
sys.modules is what Python does for a package that is not there).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.patience import PATIENCE

ROOT = Path(__file__).resolve().parents[2]
NO_TEMPORAL = "import sys; sys.modules['temporalio'] = None\n"
PACKAGES = ("agentcli", "connectors", "sandbox", "netpolicy", "safeyaml", "errortree")


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-c", NO_TEMPORAL + code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports_temporalio(path: Path) -> bool:
    """Whether the module imports temporalio when it is imported (not inside a function)."""
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import) and any(
            a.name.startswith("temporalio") for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("temporalio"):
            return True
    return False


def test_only_the_temporal_engine_needs_the_extra_and_everything_else_imports() -> None:
    files = [
        p
        for package in PACKAGES
        for p in sorted((ROOT / package).rglob("*.py"))
        if p.name != "__main__.py"
    ]
    extra = [_module(p) for p in files if _imports_temporalio(p)]
    assert extra and all(m.startswith("agentcli.workflows.temporal.") for m in extra), extra
    others = [_module(p) for p in files if _module(p) not in extra]
    done = _python(
        f"import importlib\nfor m in {others!r}: importlib.import_module(m)\n"
        f"print('imported', {len(others)})"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["imported", str(len(others))]


def test_the_temporal_engine_without_the_extra_is_one_line_naming_it() -> None:
    done = _python(
        "from agentcli.cli.entry import main\n"
        "sys.argv = ['agentcli', 'chat', '--engine', 'temporal']\nmain()\n"
    )
    assert done.returncode == 1
    assert done.stderr == (
        "error: the Temporal engine needs the temporalio package: "
        "pip install 'agentcli[temporal]'\n"
    )


def test_the_tests_collect_and_the_temporal_ones_skip_saying_why() -> None:
    done = _python(
        "import pytest\n"
        "sys.exit(pytest.main(['--co', '-q', '-rs', '-p', 'no:cacheprovider', "
        "'tests']))\n"
    )
    assert done.returncode == 0, done.stdout[-3000:]
    skipped = [  # (tests of the protocols' published material skip where ../shared is absent)
        line
        for line in done.stdout.splitlines()
        if line.startswith("SKIPPED") and "../shared" not in line
    ]
    assert len(skipped) == 1 and skipped[0].endswith(
        "the Temporal tests need the temporal extra: pip install 'agentcli[temporal]'"
    )
    assert "tests/temporal/" not in done.stdout.replace("tests/temporal/conftest.py", "")
