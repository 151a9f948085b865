"""Versioned prompt templates from the top-level `prompts` package: load, hash, render, diff.

A version is a directory (`prompts/v1/`) with a `manifest.toml` naming its Markdown files in
order. Its hash covers the manifest and every file, so a run that records version and hash
says exactly which words the model was given.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from errortree import UserError

PACKAGE = "prompts"
MANIFEST = "manifest.toml"
_VERSION = re.compile(r"^v(\d+)$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


class PromptError(UserError):
    """A prompt version that does not exist, or templates that cannot be loaded or rendered."""


@dataclass(frozen=True)
class PromptSet:
    """One prompt version: its files in manifest order and the hash of their content."""

    version: str
    description: str
    files: tuple[tuple[str, str], ...]
    hash: str

    def placeholders(self) -> set[str]:
        """Every `{{ name }}` the templates use."""
        return {m.group(1) for _, text in self.files for m in _PLACEHOLDER.finditer(text)}

    def render(self, variables: Mapping[str, str]) -> str:
        """The system prompt: every file in order, placeholders filled from `variables`."""
        missing = sorted(self.placeholders() - set(variables))
        if missing:
            raise PromptError(f"prompt {self.version} needs values for: {', '.join(missing)}")
        parts = [
            _PLACEHOLDER.sub(lambda m: variables[m.group(1)], text).strip()
            for _, text in self.files
        ]
        return "\n\n".join(parts) + "\n"

    def text(self) -> str:
        """The raw templates, each under a `==> name <==` header."""
        return "\n".join(f"==> {self.version}/{name} <==\n{body}" for name, body in self.files)


def _root() -> Traversable:
    return resources.files(PACKAGE)


def versions() -> list[str]:
    """Every shipped version, oldest first (v1, v2, …, v10)."""
    found = [
        entry.name
        for entry in _root().iterdir()
        if entry.is_dir() and _VERSION.match(entry.name) and entry.joinpath(MANIFEST).is_file()
    ]
    return sorted(found, key=lambda name: int(name[1:]))


def latest() -> str:
    """The newest version: what `--planner openai` uses unless `--prompts` says otherwise."""
    shipped = versions()
    if not shipped:
        raise PromptError("no prompt versions are installed")
    return shipped[-1]


def load(version: str | None = None) -> PromptSet:
    """The prompt set of `version` (the latest when None)."""
    version = version or latest()
    shipped = versions()
    if version not in shipped:
        raise PromptError(f"no prompt version {version!r}; available: {', '.join(shipped)}")
    folder = _root().joinpath(version)
    manifest_text = folder.joinpath(MANIFEST).read_text("utf-8")
    try:
        manifest = tomllib.loads(manifest_text)
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"prompts/{version}/{MANIFEST}: {exc}") from exc
    names = manifest.get("files")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not names:
        raise PromptError(f"prompts/{version}/{MANIFEST}: `files` must list the templates")
    files = []
    for name in names:
        path = folder.joinpath(name)
        if not path.is_file():
            raise PromptError(f"prompts/{version}/{MANIFEST} lists {name}, which is missing")
        files.append((name, path.read_text("utf-8")))
    digest = hashlib.sha256()
    for name, text in [(MANIFEST, manifest_text), *files]:
        digest.update(f"{name}\x00{text}\x00".encode())
    return PromptSet(
        version, str(manifest.get("description", "")), tuple(files), digest.hexdigest()[:16]
    )


def diff(old: PromptSet, new: PromptSet) -> str:
    """A unified diff of two versions, file by file ('' when the templates are identical)."""
    old_files, new_files = dict(old.files), dict(new.files)
    names = list(old_files) + [n for n in new_files if n not in old_files]
    chunks: list[str] = []
    for name in names:
        chunks.extend(
            difflib.unified_diff(
                old_files.get(name, "").splitlines(keepends=True),
                new_files.get(name, "").splitlines(keepends=True),
                fromfile=f"{old.version}/{name}",
                tofile=f"{new.version}/{name}",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)
