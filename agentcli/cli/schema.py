"""`agentcli schema`: the action schema as OpenAI-style tool definitions."""

from __future__ import annotations

import json

from agentcli.actions.tools import tool_definitions
from agentcli.cli.errors import handled


@handled
def schema() -> None:
    """Print every action as a function-calling tool definition (JSON)."""
    print(json.dumps(tool_definitions(), indent=2))
