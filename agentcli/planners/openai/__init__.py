"""The `openai` planner: any OpenAI-compatible Chat Completions endpoint, Qwen included."""

from agentcli.planners.openai.client import ChatClient, Completion, RetrySettings
from agentcli.planners.openai.planner import OpenAIPlanner, prompt_variables
from agentcli.planners.openai.presets import (
    PRESETS,
    Endpoint,
    PlannerConfigError,
    Preset,
    resolve_endpoint,
)

__all__ = [
    "PRESETS",
    "ChatClient",
    "Completion",
    "Endpoint",
    "OpenAIPlanner",
    "PlannerConfigError",
    "Preset",
    "RetrySettings",
    "prompt_variables",
    "resolve_endpoint",
]
