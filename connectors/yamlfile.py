"""YAML files validated by pydantic, with errors that name the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

import safeyaml
from errortree import UserError

Model = TypeVar("Model", bound=BaseModel)
Location = tuple[str | int, ...]


class ConfigFileError(UserError):
    """A file that cannot be used; the message is `FILE:LINE: reason`."""

    def __init__(self, where: str, line: int | None, reason: str) -> None:
        super().__init__(f"{where}:{line}: {reason}" if line else f"{where}: {reason}")
        self.where = where
        self.line = line
        self.reason = reason


def read_text(path: Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigFileError(str(path), None, f"no such {what}") from None
    except OSError as exc:
        raise ConfigFileError(str(path), None, f"cannot read the {what}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigFileError(str(path), None, f"the {what} is not UTF-8 text") from None


def parse(text: str, model: type[Model], where: str) -> Model:
    """Parse YAML `text` into `model`; any problem raises ConfigFileError with its line."""
    try:
        node, data = safeyaml.compose_and_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark else None
        raise ConfigFileError(where, line, f"not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigFileError(where, 1, "the file must be a mapping of keys to values")
    lines = _lines(node) if node is not None else {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = tuple(p for p in first["loc"] if not _is_union_tag(p))
        reason = _reason(location, first["msg"], len(exc.errors()))
        raise ConfigFileError(where, _line_of(lines, location), reason) from None


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _reason(location: Location, message: str, count: int) -> str:
    path = ".".join(str(p) for p in location)
    message = message.removeprefix("Value error, ")
    more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
    return f"{path}: {message}{more}" if path else f"{message}{more}"


def _lines(node: yaml.Node, path: Location = ()) -> dict[Location, int]:
    """The 1-based line of every key and list entry, by its path from the root."""
    found = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            found.update(_lines(value, child))
            found[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            found.update(_lines(value, (*path, index)))
    return found


def _line_of(lines: dict[Location, int], location: Location) -> int | None:
    """The line of the deepest part of `location` that the file has (a missing key: its parent)."""
    for end in range(len(location), -1, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return None
