"""The import contracts in pyproject.toml hold, and each one catches the import it forbids."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import configuration
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.protected import ProtectedContract
from importlinter.domain.contract import Contract

ROOT = Path(__file__).resolve().parents[2]
CONFIG: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
    "importlinter"
]
TYPES: dict[str, type[Contract]] = {"forbidden": ForbiddenContract, "protected": ProtectedContract}

#: per contract, imports that break it (importer, imported)
BREAKS: dict[str, list[tuple[str, str]]] = {
    "ui-libraries": [
        ("agentcli.actions.base", "typer"),
        ("connectors.base", "rich"),
        ("agentcli.suites.runner", "textual"),
    ],
    "console-library": [
        ("agentcli.session.loop", "prompt_toolkit"),
        ("agentcli.render.events", "prompt_toolkit"),
    ],
    "core-below-ui": [("agentcli.session.loop", "agentcli.render.events")],
    "planners-propose": [
        ("agentcli.planners.base", "connectors.base"),
        ("agentcli.planners.rules.replies", "agentcli.workflows.engine"),
        ("agentcli.planners.base", "agentcli.orchestrator.dispatch"),
    ],
    "sandbox-apart": [
        ("sandbox.world", "connectors.auth"),
        ("sandbox.shop.store", "agentcli.trace.store"),
    ],
    "clients-apart": [
        ("connectors.base", "agentcli.trace.recorder"),
        ("connectors.shop", "sandbox.shop.store"),
    ],
    "neutral-apart": [("netpolicy", "connectors.errors"), ("safeyaml", "agentcli.trace.store")],
    "vendor-internals": [
        ("agentcli.suites.runner", "sandbox.shop.store"),
        ("agentcli.runtime", "sandbox.kit.kept"),
    ],
}


def _contract(options: dict[str, Any]) -> Contract:
    # as lint-imports reads TOML: a boolean option arrives as a string
    own = {
        key: str(value) if isinstance(value, bool) else value
        for key, value in options.items()
        if key not in ("id", "name", "type")
    }
    session = {key: value for key, value in CONFIG.items() if key != "contracts"}
    return TYPES[options["type"]](options["name"], session, own)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    configuration.configure()  # the settings lint-imports sets up (a timer, the printer)
    return grimp.build_graph(*CONFIG["root_packages"], include_external_packages=True)


def test_every_contract_has_a_break_that_proves_it() -> None:
    assert {c["id"] for c in CONFIG["contracts"]} == set(BREAKS)


@pytest.mark.parametrize("options", CONFIG["contracts"], ids=lambda c: c["id"])
def test_the_code_keeps_the_contract(graph: grimp.ImportGraph, options: dict[str, Any]) -> None:
    check = _contract(options).check(copy.deepcopy(graph), verbose=False)
    assert check.kept, options["name"]


@pytest.mark.parametrize("options", CONFIG["contracts"], ids=lambda c: c["id"])
def test_the_contract_catches_a_forbidden_import(
    graph: grimp.ImportGraph, options: dict[str, Any]
) -> None:
    for importer, imported in BREAKS[options["id"]]:
        broken = copy.deepcopy(graph)
        broken.add_import(
            importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}"
        )
        assert not _contract(options).check(broken, verbose=False).kept, (importer, imported)
