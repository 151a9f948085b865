"""The suite format's JSON Schema, generated from the models and shipped as a file."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from agentcli.suites.model import Suite

SCHEMA_FILE = "suite.schema.json"


def generate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a suite file, from the pydantic models."""
    schema = Suite.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "agentcli conversation suite",
    }


def schema_text() -> str:
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    """The schema file in the package (what editors point `yaml-language-server` at)."""
    return resources.files("agentcli.suites").joinpath(SCHEMA_FILE).read_text("utf-8")
