"""The one way agentcli reads YAML: safe tags only, with aliases and nesting bounded.

An alias costs nothing to parse, but whatever walks the data afterwards (validation, hashing,
line lookups) pays for every copy: nine nested anchors of nine aliases ("billion laughs") make a
few hundred bytes stand for a billion values. The composed node graph is measured first, in
time linear in the file, and refused when aliases would add more than ALIAS_NODE_LIMIT nodes
or collections nest deeper than DEPTH_LIMIT.
"""

from __future__ import annotations

from typing import Any

import yaml

ALIAS_NODE_LIMIT = 100_000
"""How many nodes aliases may add to a document, counting every copy they stand for."""
DEPTH_LIMIT = 100
"""How deep collections may nest (readers of the data recurse)."""

FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
"""libyaml's safe loader when PyYAML was built with it (several times faster), else None."""


class YamlTooLarge(yaml.MarkedYAMLError):
    """A document whose aliases expand past the limit, refer to themselves, or nest too deep."""


def load(text: str) -> Any:
    """The data of a YAML document, like `yaml.safe_load`, with aliases and nesting bounded."""
    return compose_and_load(text)[1]


def compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node graph (for line numbers) and its data.

    libyaml parses when present (several times faster); a document it refuses is parsed again
    by the pure-Python parser, so the error reads the same with or without libyaml.
    """
    if FAST_LOADER is not None:
        try:
            return _compose_and_load(FAST_LOADER, text)
        except YamlTooLarge:
            raise
        except yaml.YAMLError:
            pass
    return _compose_and_load(yaml.SafeLoader, text)


def _compose_and_load(loader_class: Any, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        check_shape(node)
        return node, loader.construct_document(node)
    except RecursionError:
        raise YamlTooLarge(problem=f"the document nests deeper than {DEPTH_LIMIT} levels") from None
    finally:
        loader.dispose()


def check_shape(root: yaml.Node) -> None:
    """Refuse a node graph nested deeper than DEPTH_LIMIT or whose aliases expand too far.

    A plain tree (no collection reached twice) costs one quick pass.
    """
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > DEPTH_LIMIT:
            raise _too_deep(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += ((key, depth + 1), (value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack += ((value, depth + 1) for value in node.value)
        else:
            continue
        if id(node) in seen:  # an alias: measure what every alias stands for
            _check_expansion(root, ALIAS_NODE_LIMIT)
            return
        seen.add(id(node))


def _check_expansion(root: yaml.Node, limit: int) -> None:
    """Refuse a graph whose aliases add more than `limit` nodes, form a cycle or nest too deep.

    Each node is measured once (its size counts every copy its aliases stand for).
    """
    sizes: dict[int, int] = {}
    path: set[int] = set()  # the nodes from the root to the one being walked
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            path.discard(key)
            size = sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if size - len(sizes) > limit:
                raise YamlTooLarge(
                    problem=f"aliases expand this document past {limit:,} values "
                    '(a "billion laughs" file?)',
                    problem_mark=node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in path:
            raise YamlTooLarge(
                problem="an alias refers to the node that contains it", problem_mark=node.start_mark
            )
        if len(path) >= DEPTH_LIMIT:
            raise _too_deep(node)
        path.add(key)
        stack.append((node, True))
        stack += ((child, False) for child in _children(node) if id(child) not in sizes)


def _too_deep(node: yaml.Node) -> YamlTooLarge:
    return YamlTooLarge(
        problem=f"the document nests deeper than {DEPTH_LIMIT} levels", problem_mark=node.start_mark
    )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
