"""The example suites cover every action of the schema and every saga the engine knows."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import agentcli.workflows
from agentcli.actions import ACTION_TYPES
from agentcli.suites.loader import load_cases
from agentcli.suites.model import Expectations
from agentcli.workflows.merchant_checkout import CANCEL_MERCHANT_CHECKOUT, MERCHANT_CHECKOUT
from agentcli.workflows.saga import SagaDefinition

SUITES = Path(__file__).resolve().parents[2] / "suites"


def _covered() -> tuple[set[str], set[str], set[str]]:
    actions: set[str] = set()
    saga_names: set[str] = set()
    tags: set[str] = set()
    for case in load_cases([SUITES]):
        tags.update(case.tags)
        scopes: list[Expectations] = [case.case.expect, *(t.expect for t in case.case.turns)]
        for expect in scopes:
            for matcher in [*(expect.actions or []), *expect.contains]:
                actions.add(matcher.action)
            saga_names.update(s.saga for s in expect.sagas or [] if s.status == "completed")
        for turn in case.case.turns:
            for decision in turn.script or []:
                actions.update(_names(decision))
    return actions, saga_names, tags


def _shipped_sagas() -> set[str]:
    """The sagas defined in agentcli.workflows (tests may register others of their own)."""
    names = set()
    for info in pkgutil.iter_modules(agentcli.workflows.__path__):
        if info.name == "temporal":  # the same definitions, run elsewhere
            continue
        module = importlib.import_module(f"agentcli.workflows.{info.name}")
        names |= {v.name for v in vars(module).values() if isinstance(v, SagaDefinition)}
    return names


def _names(decision: Any) -> set[str]:
    proposals = decision if isinstance(decision, list) else [decision]
    return {p["action"] for p in proposals if isinstance(p, dict) and "action" in p}


PROTOCOL_MERCHANT_SAGAS = {MERCHANT_CHECKOUT.name, CANCEL_MERCHANT_CHECKOUT.name}
"""Purchases at protocol merchants: the example suites run on the in-process sandbox, which
serves no UCP merchant, so tests/ucp drives these against the official reference merchant."""


def test_every_action_and_saga_has_an_example_case() -> None:
    actions, saga_names, tags = _covered()
    merchant_actions = {name for name, cls in ACTION_TYPES.items() if cls.vendor == "merchant"}
    missing = set(ACTION_TYPES) - actions - merchant_actions
    assert missing == set(), "actions without an example case"
    sagas = _shipped_sagas() - PROTOCOL_MERCHANT_SAGAS
    assert sagas - saga_names == set(), "sagas without an example case that completes"
    assert {"faults", "refusal"} <= tags
    assert len(load_cases([SUITES])) >= 40
