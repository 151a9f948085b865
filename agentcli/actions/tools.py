"""The action schema as OpenAI-style function-calling tool definitions."""

from __future__ import annotations

import copy
from typing import Any

from agentcli.actions import ACTION_TYPES


def tool_definitions() -> list[dict[str, Any]]:
    """One `{"type": "function", "function": {...}}` per action, arguments as JSON Schema."""
    tools = []
    for name, cls in ACTION_TYPES.items():
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
        description = (cls.__doc__ or name).strip().splitlines()[0]
        tools.append(
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": f"[{cls.effect.value.upper()}] {description}",
                    "parameters": schema,
                },
            }
        )
    return tools
