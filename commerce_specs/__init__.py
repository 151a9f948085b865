"""The published contracts of the open agentic-commerce protocols, as their authors wrote them.

UCP (Universal Commerce Protocol) and ACP (Agentic Commerce Protocol) publish JSON Schemas and
OpenAPI documents per protocol version; both our clients (`connectors`) and our simulated
merchants (`sandbox`) check messages against them, so they live here, apart from both.
`PROVENANCE.md` says where each file comes from; each protocol's folder keeps its licence.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # imported when a first validator is made: every sandbox world loads this
    # package with its protocol merchants, most runs never validate (a tenth of agentcli
    # test's start-up)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent
VERSIONS: dict[str, tuple[str, ...]] = {
    "ucp": ("2026-01-11", "2026-04-08"),
    "acp": ("2026-01-30", "2026-04-17"),
}
"""Protocol → the versions whose documents are kept here, oldest first."""


class UnknownSpec(LookupError):
    """A protocol, version or document that is not kept here."""


def spec_file(protocol: str, version: str, relative: str) -> Path:
    """The kept file `relative` (e.g. `schemas/shopping/checkout.json`) of a protocol version."""
    if version not in VERSIONS.get(protocol, ()):
        known = ", ".join(f"{p} {' '.join(v)}" for p, v in VERSIONS.items())
        raise UnknownSpec(f"no {protocol} {version} here (kept: {known})")
    path = (ROOT / protocol / version / relative).resolve()
    if ROOT not in path.parents or not path.is_file():
        raise UnknownSpec(f"{protocol} {version} has no {relative}")
    return path


@functools.cache
def load(protocol: str, version: str, relative: str) -> Any:
    """A kept document, parsed (JSON, or YAML for the OpenAPI documents); cached, do not mutate."""
    path = spec_file(protocol, version, relative)
    text = path.read_text(encoding="utf-8")
    return _yaml(text) if path.suffix in (".yaml", ".yml") else json.loads(text)


_TAB_AFTER_COLON = re.compile(r"(?m)(:[ ]*)\t+")


def _yaml(text: str) -> Any:
    """YAML text parsed; a tab after a key's colon (YAML allows it as separation space,
    PyYAML does not, and ACP 2026-01-30's delegate-payment document has one) reads as a space."""
    try:
        return yaml.safe_load(text)
    except yaml.scanner.ScannerError:
        return yaml.safe_load(_TAB_AFTER_COLON.sub(r"\1 ", text))


def _uri(protocol: str, version: str, relative: str) -> str:
    return f"urn:commerce-specs:{protocol}:{version}:{relative}"


@functools.cache
def _registry(protocol: str, version: str) -> Registry:
    """Every document of a version, under its `$id` (if any) and under its own file name, so
    relative and absolute `$ref`s between files both resolve offline."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    base = ROOT / protocol / version
    resources: list[tuple[str, Resource[Any]]] = []
    for path in sorted(base.rglob("*")):
        if path.suffix not in (".json", ".yaml", ".yml"):
            continue
        relative = path.relative_to(base).as_posix()
        document = load(protocol, version, relative)
        resource = DRAFT202012.create_resource(document)
        resources.append((_uri(protocol, version, relative), resource))
        if isinstance(document, dict) and isinstance(document.get("$id"), str):
            resources.append((document["$id"], resource))
    return Registry().with_resources(resources)


@functools.cache
def validator(
    protocol: str, version: str, relative: str, pointer: str = ""
) -> Draft202012Validator:
    """A JSON Schema (2020-12) validator for the schema at `pointer` (e.g. `/$defs/Address` or
    `/components/schemas/CheckoutSession`) inside the kept document `relative`."""
    from jsonschema import Draft202012Validator

    spec_file(protocol, version, relative)
    document = load(protocol, version, relative)
    target = document.get("$id") if isinstance(document, dict) else None
    uri = target if isinstance(target, str) else _uri(protocol, version, relative)
    schema = {"$ref": f"{uri}#{pointer}"} if pointer else {"$ref": uri}
    return Draft202012Validator(schema, registry=_registry(protocol, version))


def problems(check: Draft202012Validator, instance: Any, limit: int = 5) -> list[str]:
    """Where and why `instance` breaks the schema, most specific first, at most `limit` lines."""
    found: Iterator[ValidationError] = check.iter_errors(instance)
    lines = []
    for error in sorted(found, key=lambda e: (-len(e.absolute_path), str(e.absolute_path))):
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        lines.append(f"{where}: {error.message[:200]}")
        if len(lines) == limit:
            break
    return lines
