"""Named OpenAI-compatible endpoints, and how a run picks its URL, model and API key.

The key only ever comes from the environment (never a flag, so it stays out of shell history
and the trace): `AGENTCLI_API_KEY` when set, else the preset's own variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from agentcli.actions.tools import ToolSchema
from errortree import UserError

AGENTCLI_KEY_ENV = "AGENTCLI_API_KEY"


class PlannerConfigError(UserError):
    """A planner that cannot be set up as asked (unknown preset, no model, no key, bad URL)."""


@dataclass(frozen=True)
class Preset:
    """A known endpoint: its base URL, where its key comes from, request parameters it takes."""

    name: str
    base_url: str
    description: str
    key_env: str | None = None
    needs_key: bool = False
    params: Mapping[str, Any] = field(default_factory=dict)
    #: a server on the user's machine (grammar-constrained tool calls)
    local: bool = False
    #: the context, in tokens, the server gives a model unless told otherwise
    context_tokens: int | None = None


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "dashscope",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "Qwen on Alibaba Cloud Model Studio (DashScope), OpenAI-compatible mode, Beijing",
            "DASHSCOPE_API_KEY",
            True,
            {"parallel_tool_calls": True},
        ),
        Preset(
            "dashscope-intl",
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
            "Qwen on Alibaba Cloud Model Studio, OpenAI-compatible mode, Singapore",
            "DASHSCOPE_API_KEY",
            True,
            {"parallel_tool_calls": True},
        ),
        Preset(
            "openai",
            "https://api.openai.com/v1",
            "OpenAI",
            "OPENAI_API_KEY",
            True,
            {"parallel_tool_calls": True},
        ),
        Preset(
            "ollama",
            "http://localhost:11434/v1",
            "a local Ollama server",
            local=True,
            context_tokens=4096,
        ),
        Preset(
            "vllm", "http://localhost:8000/v1", "a local vLLM server (`vllm serve`)", local=True
        ),
        Preset(
            "llamacpp",
            "http://localhost:8080/v1",
            "a local llama.cpp server (`llama-server`)",
            local=True,
            context_tokens=4096,
        ),
        Preset(
            "lmstudio",
            "http://localhost:1234/v1",
            "LM Studio's local server",
            local=True,
            context_tokens=4096,
        ),
    )
}
DEFAULT_PRESET = "openai"


@dataclass(frozen=True)
class Endpoint:
    """Where requests go and as whom: never printed or recorded with the key in it."""

    base_url: str
    model: str
    preset: str | None = None
    api_key: str | None = field(default=None, repr=False)
    key_env: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    #: the model's context in tokens when known (a preset's default, or --context-tokens)
    context_tokens: int | None = None

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def default_tool_schema(endpoint: Endpoint) -> ToolSchema:
    """`portable` for local servers (a local preset, or a loopback URL), `strict` otherwise."""
    preset = PRESETS.get(endpoint.preset or "")
    host = urlsplit(endpoint.base_url).hostname or ""
    if (preset is not None and preset.local) or host in LOOPBACK_HOSTS or host.startswith("127."):
        return "portable"
    return "strict"


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PlannerConfigError(
            f"--base-url must be an http(s) URL such as http://localhost:8000/v1, not {url!r}"
        )
    return url.strip().rstrip("/")


def resolve_endpoint(
    *,
    model: str | None,
    preset: str | None = None,
    base_url: str | None = None,
    env: Mapping[str, str],
) -> Endpoint:
    """The endpoint for these choices; with neither preset nor URL, the `openai` preset."""
    if not model or not model.strip():
        raise PlannerConfigError("--planner openai needs --model (for example qwen-plus)")
    if preset is not None and preset not in PRESETS:
        raise PlannerConfigError(f"unknown preset {preset!r}; available: {', '.join(PRESETS)}")
    chosen = PRESETS[preset] if preset else (None if base_url else PRESETS[DEFAULT_PRESET])
    url = _check_url(base_url) if base_url else chosen.base_url if chosen else ""
    key_env, key = None, None
    for name in (AGENTCLI_KEY_ENV, chosen.key_env if chosen else None):
        if name and env.get(name):
            key_env, key = name, env[name]
            break
    if key is None and chosen is not None and chosen.needs_key:
        raise PlannerConfigError(
            f"the {chosen.name} preset needs an API key: set {chosen.key_env} "
            f"(or {AGENTCLI_KEY_ENV}) in the environment"
        )
    return Endpoint(
        url,
        model.strip(),
        chosen.name if chosen else None,
        key,
        key_env,
        dict(chosen.params) if chosen else {},
        chosen.context_tokens if chosen else None,
    )
