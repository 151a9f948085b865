"""Reads suite files: YAML → validated cases, every mistake reported with its file and line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

import safeyaml
from agentcli.actions import ACTION_TYPES
from agentcli.policy.config import PolicyConfig
from agentcli.suites.heap import collector_paused
from agentcli.suites.model import (
    ActionMatcher,
    Case,
    ConnectorSpec,
    Expectations,
    PlannerSpec,
    Suite,
)
from agentcli.suites.tau2_tools import TAU2_TOOLS
from connectors.harness import load_fault_plan
from connectors.yamlfile import ConfigFileError
from errortree import UserError
from sandbox.faults import FaultPlan

SUITE_SUFFIXES = (".suite.yaml", ".suite.yml")
Loc = tuple[str | int, ...]


class SuiteError(UserError):
    """A suite file that cannot be used; the message names the file, the line and the problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class ResolvedCase:
    """A case with its suite's defaults applied: everything a runner needs, picklable."""

    id: str
    suite: str
    path: str
    line: int
    case: Case
    planner: PlannerSpec
    connectors: ConnectorSpec
    faults: FaultPlan | None
    policy: PolicyConfig
    env: dict[str, str]
    operator: str
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.case.name


def discover(paths: Iterable[Path]) -> list[Path]:
    """Suite files under the given paths: files as given, directories searched for *.suite.yaml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.name.endswith(SUITE_SUFFIXES) and p.is_file()
            )
        elif path.exists():
            found.append(path)
        else:
            raise SuiteError([f"{path}: no such file or directory"])
    return found


def load_cases(paths: Iterable[Path]) -> list[ResolvedCase]:
    """Every case of every suite file under `paths`; all files' problems reported together."""
    cases: list[ResolvedCase] = []
    problems: list[str] = []
    for path in discover(paths):
        try:
            cases += load_file(path)
        except SuiteError as error:
            problems += error.problems
    if problems:
        raise SuiteError(problems)
    return cases


def load_file(path: Path) -> list[ResolvedCase]:
    text = read_suite(path)
    with collector_paused():  # everything parsed lives on: nothing for a collection to find
        return load_text(text, str(path))


def read_suite(path: Path) -> str:
    """The text of a suite file; one that cannot be read raises SuiteError."""
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteError([f"{path}: cannot read it: {exc}"]) from None


def load_text(text: str, where: str) -> list[ResolvedCase]:
    """Parse and validate one suite's YAML text (`where` names it in messages)."""
    node, data = _parse(text, where)
    if not isinstance(data, dict):
        raise SuiteError([f"{where}:1: a suite is a mapping with a `cases` list"])
    try:
        suite = Suite.model_validate(data)
    except ValidationError as exc:
        raise SuiteError(_validation_problems(exc, node, where)) from None
    problems = [
        f"{where}:{_line(node, loc)}: {_dotted(loc)}: {message}"
        for loc, message in _semantic_problems(suite)
    ]
    problems += [f"{where}:{line}: {message}" for line, message in _comment_problems(node, text)]
    if problems:
        raise SuiteError(problems)
    name = suite.suite or Path(where).name.split(".")[0]
    resolved = []
    policies: dict[str, PolicyConfig] = {}
    for index, case in enumerate(suite.cases):
        at: Loc = ("cases", index)
        try:
            resolved.append(_resolve(suite, name, case, where, _line(node, at), policies))
        except _Unusable as bad:
            loc = (at + bad.loc) if bad.own else ("defaults",) + bad.loc
            if isinstance(bad.error, ValidationError):
                raise SuiteError(_validation_problems(bad.error, node, where, prefix=loc)) from None
            raise SuiteError([f"{where}:{_line(node, loc)}: {_dotted(loc)}: {bad.error}"]) from None
    return resolved


class _Unusable(Exception):
    """A case's policy or fault plan does not validate (own: set on the case, not defaults)."""

    def __init__(self, loc: Loc, own: bool, error: Exception) -> None:
        super().__init__(str(error))
        self.loc, self.own, self.error = loc, own, error


# -- parsing with positions ----------------------------------------------------------------


def _parse(text: str, where: str) -> tuple[yaml.Node | None, Any]:
    """The document's nodes (for line numbers) and its data; aliases and nesting bounded."""
    try:
        return safeyaml.compose_and_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SuiteError([f"{where}:{line}: not valid YAML: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise SuiteError([f"{where}:1: not valid YAML: {exc}"]) from None


def _line(node: yaml.Node | None, loc: Loc) -> int:
    """The line of the deepest node along `loc` (1-based)."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value if not isinstance(value, yaml.ScalarNode) else key
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            continue  # a part pydantic adds (a model name) or a key that is missing
        node = child
        line = node.start_mark.line + 1
    return line


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _validation_problems(
    exc: ValidationError, node: yaml.Node | None, where: str, prefix: Loc = ()
) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = prefix + tuple(p for p in err["loc"] if not _is_model_name(p))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        problems.append(f"{where}:{_line(node, loc)}: {_dotted(loc)}: {message}")
    return problems


def _is_model_name(part: str | int) -> bool:
    return isinstance(part, str) and part[:1].isupper()


# -- checks beyond the schema ------------------------------------------------------------


def _semantic_problems(suite: Suite) -> Iterable[tuple[Loc, str]]:
    seen: set[str] = set()
    for index, case in enumerate(suite.cases):
        at: Loc = ("cases", index)
        if case.name in seen:
            yield at + ("name",), f"another case is already named {case.name!r}"
        seen.add(case.name)
        known = set(TAU2_TOOLS) if case.kind == "tau2" else set(ACTION_TYPES)
        what = "tau2 tool" if case.kind == "tau2" else "action"
        for loc, matcher in _matchers(case):
            if matcher.action not in known:
                yield at + loc, f"unknown {what} {matcher.action!r}"
        for number, call in enumerate(case.calls):
            if call.tool not in TAU2_TOOLS:
                yield at + ("calls", number, "tool"), f"unknown tau2 tool {call.tool!r}"
        planner = case.planner or suite.defaults.planner
        for number, turn in enumerate(case.turns):
            if turn.script is not None and planner.kind != "script":
                yield (at + ("turns", number, "script"), "a turn script needs `planner: script`")
        if (
            planner.kind == "script"
            and case.kind == "agent"
            and planner.decisions is None
            and not any(turn.script is not None for turn in case.turns)
        ):
            yield at + ("planner",), "a script planner needs `decisions` or turn `script`s"


def _matchers(case: Case) -> Iterable[tuple[Loc, ActionMatcher]]:
    scopes: list[tuple[Loc, Expectations]] = [(("expect",), case.expect)]
    scopes += [(("turns", n, "expect"), turn.expect) for n, turn in enumerate(case.turns)]
    for loc, expect in scopes:
        for key in ("actions", "contains", "absent"):
            for number, matcher in enumerate(getattr(expect, key) or []):
                yield loc + (key, number), matcher


def _merge(base: dict[str, Any] | None, over: dict[str, Any] | None) -> dict[str, Any]:
    merged = dict(base or {})
    for key, value in (over or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve(
    suite: Suite,
    name: str,
    case: Case,
    where: str,
    line: int,
    policies: dict[str, PolicyConfig],
) -> ResolvedCase:
    defaults = suite.defaults
    try:
        policy = _policy(_merge(defaults.policy, case.policy), policies)
    except ValidationError as exc:
        raise _Unusable(("policy",), case.policy is not None, exc) from None
    faults = case.faults if case.faults is not None else defaults.faults
    try:
        plan = _fault_plan(faults, Path(where).parent)
    except (ValidationError, ConfigFileError) as exc:
        raise _Unusable(("faults",), case.faults is not None, exc) from None
    return ResolvedCase(
        id=f"{name}::{case.name}",
        suite=name,
        path=where,
        line=line,
        case=case,
        planner=case.planner or defaults.planner,
        connectors=case.connectors or defaults.connectors,
        faults=plan,
        policy=policy,
        env={**defaults.env, **case.env},
        operator=case.operator or defaults.operator,
        tags=tuple(dict.fromkeys([*defaults.tags, *case.tags])),
    )


def _policy(merged: dict[str, Any], policies: dict[str, PolicyConfig]) -> PolicyConfig:
    """The policy these settings validate to, validated once per distinct settings of a suite
    (most cases share the defaults'; a PolicyConfig is frozen, so cases can share one)."""
    try:
        key = json.dumps(merged)  # in the order written: a policy's mappings keep it
    except (TypeError, ValueError):  # a value JSON has no text for (a YAML date): no sharing
        return PolicyConfig.model_validate(merged)
    if key not in policies:
        policies[key] = PolicyConfig.model_validate(merged)
    return policies[key]


def _fault_plan(faults: Any, base: Path) -> FaultPlan | None:
    """A fault plan written inline (seed, rules) or as a path to a plan file."""
    if faults is None:
        return None
    if isinstance(faults, str):
        return load_fault_plan(base / faults)
    if isinstance(faults, list):
        faults = {"rules": faults}
    return FaultPlan.model_validate(faults)


def _comment_problems(node: yaml.Node | None, text: str) -> Iterable[tuple[int, str]]:
    """A plain `user:` line cut short by ` #` (a YAML comment): order ids start with '#'."""
    lines = text.splitlines()
    for key, value in _pairs(node):
        if key.value != "user" or not isinstance(value, yaml.ScalarNode) or value.style:
            continue
        rest = (
            lines[value.end_mark.line][value.end_mark.column :]
            if value.end_mark.line < len(lines)
            else ""
        )
        if rest.lstrip().startswith("#") and rest[:1].isspace():
            yield (
                value.start_mark.line + 1,
                f"the user line {value.value!r} stops where a YAML comment ({rest.strip()!r})"
                " starts; put the whole line in quotes",
            )


def _pairs(node: yaml.Node | None) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    """Every key and value of every mapping in the document, in the order written."""
    found: list[tuple[yaml.ScalarNode, yaml.Node]] = []
    _add_pairs(node, found)
    return found


def _add_pairs(node: yaml.Node | None, found: list[tuple[yaml.ScalarNode, yaml.Node]]) -> None:
    """Appends rather than yields: a generator nested as deep as the document passes each pair
    up through every level (a third of a large suite's load time)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found.append((key, value))
            if isinstance(value, _COLLECTIONS):
                _add_pairs(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, _COLLECTIONS):
                _add_pairs(item, found)


_COLLECTIONS = (yaml.MappingNode, yaml.SequenceNode)
