"""A vcrpy serializer for agentcli cassettes: `vcr.register_serializer("agentcli", vcrcompat)`.

vcrpy keeps bodies as strings; agentcli stores JSON bodies parsed under `parsed_body`. These
two functions convert between the layouts, so vcrpy (and pytest-recording) can play agentcli
cassettes and write ones agentcli reads.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

import safeyaml
from agentcli.replay.bodies import parse_body

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def deserialize(cassette_string: str) -> dict[str, Any]:
    data: dict[str, Any] = safeyaml.load(cassette_string)
    for item in data.get("interactions", []):
        request, response = item["request"], item["response"]
        if "parsed_body" in request:
            request["body"] = _text(request.pop("parsed_body"))
        if "parsed_body" in response:
            response["body"] = {"string": _text(response.pop("parsed_body"))}
        response.pop("error", None)
    return data


def serialize(cassette_dict: dict[str, Any]) -> str:
    for item in cassette_dict.get("interactions", []):
        request, response = item["request"], item["response"]
        body = request.get("body")
        if isinstance(body, bytes | str):
            parsed, is_json = parse_body(body.encode() if isinstance(body, str) else body)
            if is_json:
                request.pop("body")
                request["parsed_body"] = parsed
        raw = (response.get("body") or {}).get("string")
        if isinstance(raw, bytes | str):
            parsed, is_json = parse_body(raw.encode() if isinstance(raw, str) else raw)
            if is_json:
                response.pop("body")
                response["parsed_body"] = parsed
    text: str = yaml.dump(cassette_dict, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    return text
