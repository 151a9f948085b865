"""Presets and endpoint choice: URLs, models, and keys from the environment only."""

from __future__ import annotations

import pytest

from agentcli.planners.openai import PRESETS, PlannerConfigError, resolve_endpoint


def test_dashscope_is_qwen_in_compatible_mode_with_its_own_key() -> None:
    endpoint = resolve_endpoint(
        model="qwen-plus",
        preset="dashscope",
        env={"DASHSCOPE_API_KEY": "sk-dash", "OPENAI_API_KEY": "sk-oai"},
    )
    assert endpoint.url == "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions"
    assert (endpoint.api_key, endpoint.key_env, endpoint.model) == (
        "sk-dash",
        "DASHSCOPE_API_KEY",
        "qwen-plus",
    )
    assert "sk-dash" not in repr(endpoint)


def test_agentcli_api_key_wins_over_the_presets_variable() -> None:
    endpoint = resolve_endpoint(
        model="gpt-4o-mini",
        preset="openai",
        env={"AGENTCLI_API_KEY": "mine", "OPENAI_API_KEY": "theirs"},
    )
    assert (endpoint.api_key, endpoint.key_env) == ("mine", "AGENTCLI_API_KEY")


def test_remote_presets_need_a_key() -> None:
    with pytest.raises(PlannerConfigError, match="set OPENAI_API_KEY"):
        resolve_endpoint(model="gpt-4o-mini", preset="openai", env={})


@pytest.mark.parametrize(
    "name,port", [("ollama", 11434), ("vllm", 8000), ("llamacpp", 8080), ("lmstudio", 1234)]
)
def test_local_presets_are_on_localhost_and_need_no_key(name: str, port: int) -> None:
    endpoint = resolve_endpoint(model="qwen2.5", preset=name, env={})
    assert endpoint.base_url == f"http://localhost:{port}/v1" and endpoint.api_key is None
    assert PRESETS[name].needs_key is False


def test_a_base_url_overrides_and_needs_no_preset() -> None:
    endpoint = resolve_endpoint(model="m", base_url="http://127.0.0.1:9999/v1/", env={})
    assert (endpoint.base_url, endpoint.preset) == ("http://127.0.0.1:9999/v1", None)
    same = resolve_endpoint(model="m", preset="vllm", base_url="http://gpu-box:8000/v1", env={})
    assert (same.base_url, same.preset) == ("http://gpu-box:8000/v1", "vllm")


def test_without_preset_or_url_the_openai_preset_is_used() -> None:
    assert resolve_endpoint(model="m", env={"OPENAI_API_KEY": "k"}).preset == "openai"


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"model": None}, "needs --model"),
        ({"model": "m", "preset": "anthropic"}, "unknown preset 'anthropic'; available: dashscope"),
        ({"model": "m", "base_url": "localhost:8000"}, "must be an http"),
    ],
)
def test_mistakes_are_named(kwargs: dict, message: str) -> None:
    with pytest.raises(PlannerConfigError, match=message):
        resolve_endpoint(env={}, **kwargs)
