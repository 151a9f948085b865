"""One error tree: the tree drawn in errortree is the real one, and its names are unique."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import agentcli
import connectors
import errortree
import errortree as errors
import netpolicy
import safeyaml
import sandbox
from errortree import AgentcliError, UserError, parse_problem

#: a line of the drawn tree: branches, the class name, what it is, (its module) at the end
BRANCH = re.compile(r"^[ │├└─]*(?P<name>[A-Z][A-Za-z0-9]+)\b.*?(?:\((?P<module>[a-z0-9_.]+)\))?$")


def _drawn_tree() -> list[tuple[int, str, str | None]]:
    """(depth, class name, module) for every line of the tree in the module's docstring."""
    doc = errors.__doc__ or ""
    block = doc.split("The tree::", 1)[1].split("\n\n")[1]
    rows = []
    for line in block.splitlines():
        match = BRANCH.match(line[4:])
        assert match, line
        rows.append((match.start("name") // 4, match["name"], match["module"]))
    return rows


def test_every_class_in_the_drawn_tree_exists_under_the_parent_drawn() -> None:
    rows = _drawn_tree()
    assert len(rows) >= 18
    parents: dict[int, type] = {}
    for depth, name, module in rows:
        cls = getattr(importlib.import_module(module or "errortree"), name)
        if depth > 0:
            assert cls.__bases__ == (parents[depth - 1],), name
        parents[depth] = cls
        assert issubclass(cls, AgentcliError)
        assert cls.exit_code == (2 if issubclass(cls, UserError) else 1), name


def test_no_error_meant_for_a_user_is_a_value_error() -> None:
    """`except ValueError` around our own code must not swallow a user error, nor the reverse."""
    for _, name, module in _drawn_tree():
        cls = getattr(importlib.import_module(module or "errortree"), name)
        assert not issubclass(cls, ValueError | LookupError | OSError | RuntimeError), name


def _leaf_commands(command: Any, path: str = "agentcli") -> Iterator[tuple[str, Any]]:
    if hasattr(command, "list_commands"):  # a group
        for name in command.list_commands(None):
            yield from _leaf_commands(command.get_command(None, name), f"{path} {name}")
    else:
        yield path, command


def test_every_command_reports_its_errors_through_the_one_mapping() -> None:
    import typer

    from agentcli.cli.app import app

    commands = dict(_leaf_commands(typer.main.get_command(app)))
    assert len(commands) > 20
    unmapped = [
        path
        for path, command in commands.items()
        if not getattr(command.callback, "maps_errors", False)
    ]
    assert unmapped == []


#: every package of this repository that ships
OURS = {"agentcli", "connectors", "sandbox", "netpolicy", "safeyaml", "errortree"}


def _all_modules() -> list[str]:
    found = []
    for package in (agentcli, connectors, sandbox, netpolicy, safeyaml, errortree):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):
                found.append(info.name)
    return found


def test_exception_class_names_are_unique() -> None:
    for name in _all_modules():
        try:
            importlib.import_module(name)
        except ImportError:  # the temporal extra is missing: its modules cannot be checked
            assert name.startswith("agentcli.workflows.temporal."), name
    by_name: dict[str, set[str]] = defaultdict(set)
    pending: list[type] = [BaseException]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.split(".")[0] in OURS:
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {"CassetteError", "ModelCassetteError", "UserError", "VendorError"} <= set(by_name)
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_a_parse_problem_is_one_line_with_its_line_number() -> None:
    import json

    import yaml

    try:
        yaml.safe_load("x: [\n")
    except yaml.YAMLError as exc:
        assert parse_problem(exc) == "line 2: expected the node content, but found '<stream end>'"
    try:
        json.loads("{\n")
    except ValueError as exc:
        assert "\n" not in parse_problem(exc) and "line 2" in parse_problem(exc)
