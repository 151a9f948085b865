"""Saga definitions by name: every module-level `SagaDefinition` under `agentcli.workflows`.

`agentcli resume` finds the definition of a journaled saga here, so a saga module added later
(marketplace, travel, …) is resumable without a list to maintain.
"""

from __future__ import annotations

import importlib
import pkgutil

import agentcli.workflows as workflows_package
from agentcli.workflows.saga import SagaDefinition

_SKIP = {"temporal", "registry", "recovery"}
_registered: dict[str, SagaDefinition] = {}


def register(definition: SagaDefinition) -> SagaDefinition:
    """Make `definition` known in this process (it wins over a discovered one)."""
    _registered[definition.name] = definition
    return definition


def sagas() -> dict[str, SagaDefinition]:
    """Every known saga definition by name."""
    found: dict[str, SagaDefinition] = {}
    for info in pkgutil.iter_modules(workflows_package.__path__):
        if info.name in _SKIP or info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{workflows_package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, SagaDefinition):
                found.setdefault(value.name, value)
    return {**found, **_registered}
