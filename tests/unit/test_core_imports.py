"""The core never imports the UI libraries (typer, rich, textual).

Checked twice: statically, over every import statement of every core module; and at run time,
in a fresh interpreter. (httpx itself pulls in rich for its own CLI when rich is installed, so
the run-time check covers typer and textual only.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = {"typer", "rich", "textual"}
UI_LAYERS = ("agentcli/cli/", "agentcli/tui/", "agentcli/render/")


def _core_files() -> list[Path]:
    files = [
        f
        for package in ("agentcli", "connectors", "sandbox", "netpolicy", "safeyaml")
        for f in sorted((ROOT / package).rglob("*.py"))
    ]
    return [f for f in files if not str(f.relative_to(ROOT)).startswith(UI_LAYERS)]


def test_no_core_module_has_a_ui_import_statement() -> None:
    offenders = []
    for path in _core_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in UI]
    assert len(_core_files()) > 30
    assert offenders == []


def test_importing_the_core_loads_no_typer_or_textual() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in _core_files()
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "ui = ('typer', 'textual')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ui)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
