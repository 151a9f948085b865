"""Saga definitions by name for workers: `agentcli.workflows.registry`, plus step look-ups.

Workers and clients find the same definitions without a list to maintain: every module-level
`SagaDefinition` under `agentcli/workflows/` (tests add theirs with `register`).
"""

from __future__ import annotations

from agentcli.workflows import registry as saga_registry
from agentcli.workflows.saga import SagaDefinition, Step

register = saga_registry.register


class UnknownSaga(LookupError):
    """The worker does not know this saga or step (it runs other code than the client)."""


def sagas() -> dict[str, SagaDefinition]:
    """Every known saga definition by name."""
    return saga_registry.sagas()


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
