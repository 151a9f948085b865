"""Saga definitions by name: every module-level `SagaDefinition` in `agentcli.workflows.*`.

Workers and clients find the same definitions without a list to maintain: a new saga module
under `agentcli/workflows/` is picked up by the next worker that starts. Tests add their own
with `register`.
"""

from __future__ import annotations

import importlib
import pkgutil

import agentcli.workflows as workflows_package
from agentcli.workflows.saga import SagaDefinition, Step

_NOT_SAGA_MODULES = {"engine", "journal", "saga", "temporal"}
_registered: dict[str, SagaDefinition] = {}
_discovered: dict[str, SagaDefinition] | None = None


class UnknownSaga(LookupError):
    """The worker does not know this saga or step (it runs other code than the client)."""


def register(definition: SagaDefinition) -> SagaDefinition:
    """Make `definition` runnable by workers in this process (it wins over a discovered one)."""
    _registered[definition.name] = definition
    return definition


def _discover() -> dict[str, SagaDefinition]:
    global _discovered
    if _discovered is None:
        found: dict[str, SagaDefinition] = {}
        for info in pkgutil.iter_modules(workflows_package.__path__):
            if info.name in _NOT_SAGA_MODULES or info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{workflows_package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, SagaDefinition):
                    found.setdefault(value.name, value)
        _discovered = found
    return _discovered


def sagas() -> dict[str, SagaDefinition]:
    """Every known saga definition by name."""
    return {**_discover(), **_registered}


def definition(name: str) -> SagaDefinition:
    known = sagas()
    if name not in known:
        raise UnknownSaga(
            f"this worker knows no saga {name!r} (it knows {', '.join(sorted(known)) or 'none'})"
        )
    return known[name]


def step(saga: str, name: str) -> Step:
    for candidate in definition(saga).steps:
        if candidate.name == name:
            return candidate
    raise UnknownSaga(f"saga {saga!r} on this worker has no step {name!r}")
