"""Temporal options without a cluster: usage errors, an unreachable address, retry mapping."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from agentcli.workflows.temporal.workflow import LOST_TRIES_ALLOWED, temporal_retry
from connectors.base import RetryPolicy
from tests.e2e.helpers import HARPER, chat, cli


def test_a_malformed_address_is_a_usage_error() -> None:
    result = cli("worker", "--temporal-address", "nowhere")
    assert result.exit_code == 2
    assert "'nowhere' is not HOST:PORT" in result.output


def test_an_unknown_engine_is_a_usage_error() -> None:
    result = chat(f"I'm {HARPER}", args=("--engine", "cloud"))
    assert result.exit_code == 2
    assert "unknown engine 'cloud'" in result.output


def test_a_bad_engine_variable_is_a_usage_error_too(
    agentcli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTCLI_ENGINE", "cloud")
    result = chat(f"I'm {HARPER}")
    assert result.exit_code == 2
    assert "unknown engine 'cloud'" in result.output
    assert "Traceback" not in result.output


def test_a_worker_without_a_cluster_says_so_and_exits_1() -> None:
    result = cli("worker", "--temporal-address", "127.0.0.1:1")
    assert result.exit_code == 1
    assert "cannot reach Temporal at 127.0.0.1:1 (connection refused)" in result.output


def test_a_step_retry_policy_becomes_the_activity_retry_policy() -> None:
    policy = temporal_retry(RetryPolicy(attempts=4, base_delay=0.05, max_delay=2.0))
    assert policy.initial_interval == timedelta(milliseconds=50)
    assert policy.backoff_coefficient == 2.0
    assert policy.maximum_interval == timedelta(seconds=2)
    assert policy.maximum_attempts == 4 + LOST_TRIES_ALLOWED
    # no delay at all would mean Temporal's default second: the smallest delay instead
    assert temporal_retry(
        RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0)
    ).initial_interval == timedelta(milliseconds=1)
