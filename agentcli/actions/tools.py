"""The action schema as OpenAI-style function-calling tool definitions, strict or portable.

`strict` is the JSON Schema pydantic generates. `portable` is the subset that local servers'
grammar and guided-decoding converters accept (llama.cpp, Ollama, vLLM, LM Studio): no regex
`pattern`, no `format`, no `$ref`, optional fields without the `null` branch, and shorter. The
full constraints stay in agentcli's own validation, which answers a bad call with the repair loop.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from agentcli.actions import ACTION_TYPES

ToolSchema = Literal["strict", "portable"]
SCHEMA_STYLES: tuple[ToolSchema, ...] = ("strict", "portable")

#: keywords a grammar converter may not know, or that only bound what validation checks anyway
DROPPED = {
    "pattern",
    "format",
    "title",
    "default",
    "examples",
    "minLength",
    "maxLength",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "uniqueItems",
    "maxItems",
    "maxProperties",
    "minProperties",
    "$schema",
    "$id",
}


def _resolve(node: Any, defs: dict[str, Any], seen: tuple[str, ...]) -> Any:
    """`node` with every `$ref` inlined; a reference back into itself becomes a plain object."""
    if isinstance(node, list):
        return [_resolve(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen or name not in defs:
            return {"type": "object"}
        target = {**defs[name], **{k: v for k, v in node.items() if k != "$ref"}}
        return _resolve(target, defs, (*seen, name))
    return {
        k: _resolve(v, defs, seen) for k, v in node.items() if k not in ("$defs", "definitions")
    }


def _simplify(node: Any, *, in_properties: bool = False) -> Any:
    """Drop what grammar converters reject; `X | None` becomes plain `X`."""
    if isinstance(node, list):
        return [_simplify(item) for item in node]
    if not isinstance(node, dict):
        return node
    if in_properties:  # keys are field names here, never keywords
        return {name: _simplify(value) for name, value in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1 and isinstance(kept[0], dict):
            merged = {**{k: v for k, v in node.items() if k != "anyOf"}, **kept[0]}
            return _simplify(merged)
    return {
        key: _simplify(value, in_properties=key == "properties")
        for key, value in node.items()
        if key not in DROPPED
    }


def portable(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema in the subset common servers turn into a grammar without failing."""
    defs = {**schema.get("definitions", {}), **schema.get("$defs", {})}
    resolved = _resolve(schema, defs, ())
    simplified = _simplify(resolved)
    simplified.pop("description", None)  # the tool's own description already says it
    return dict(simplified)


def _parameters(cls: Any) -> dict[str, Any]:
    schema = copy.deepcopy(cls.model_json_schema())
    schema.pop("title", None)
    schema.get("properties", {}).pop("action", None)
    if "required" in schema:
        schema["required"] = [r for r in schema["required"] if r != "action"]
        if not schema["required"]:
            del schema["required"]
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
    schema["additionalProperties"] = False
    return dict(schema)


def tool_definitions(schema: ToolSchema = "strict") -> list[dict[str, Any]]:
    """One `{"type": "function", "function": {...}}` per action, in the registry's order."""
    tools = []
    for name, cls in ACTION_TYPES.items():
        parameters = _parameters(cls)
        if schema == "portable":
            parameters = portable(parameters)
        description = (cls.__doc__ or name).strip().splitlines()[0]
        tools.append(
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": f"[{cls.effect.value.upper()}] {description}",
                    "parameters": parameters,
                },
            }
        )
    return tools
