"""Cassettes on disk in vcrpy's layout (`interactions: [{request, response}]`, `version: 1`).

One difference keeps them readable: a JSON body is stored parsed, under `parsed_body`, instead
of as an escaped string under `body` (`agentcli.replay.vcrcompat` converts for vcrpy itself).
YAML (`.yaml`, `.yml`) or JSON (any other suffix), chosen by the file name.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import safeyaml
from agentcli.paths import make_private_dir
from agentcli.replay.identity import VendorBases
from agentcli.replay.jsontext import encoder
from agentcli.replay.masking import TOKEN
from errortree import UserError, parse_problem

VERSION = 1
Headers = dict[str, list[str]]

_ANSWER = encoder()
"""Serialises recorded JSON answers (one encoder, not one per response)."""
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class CassetteError(UserError):
    """A cassette file is missing, unreadable or not a cassette."""


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    uri: str
    headers: Headers = field(default_factory=dict)
    body: Any = None
    #: the body is a parsed JSON document (else text, or None)
    json: bool = False


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    status: int
    reason: str = ""
    headers: Headers = field(default_factory=dict)
    body: Any = None
    json: bool = False
    #: the transport failed instead of answering: "ReadTimeout: the vendor did not answer"
    error: str | None = None

    def content(self) -> bytes:
        """The body as bytes on the wire."""
        if self.json:
            return _ANSWER(self.body).encode("utf-8")
        return b"" if self.body is None else str(self.body).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Interaction:
    request: RecordedRequest
    response: RecordedResponse


@dataclass
class Cassette:
    interactions: list[Interaction] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def tokens(self) -> frozenset[str]:
        """Every masking token the cassette holds (the values it treats as personal)."""
        # one document holding every URI and body: one serialisation, one scan
        everything = [
            [item.request.uri, item.request.body, item.response.body] for item in self.interactions
        ]
        return frozenset(TOKEN.findall(_ANSWER(everything)))

    def vendor_bases(self) -> VendorBases:
        """The base URL each vendor had when the run was recorded (none: sandbox hosts only)."""
        found = self.agentcli.get("vendors")
        if not isinstance(found, dict):
            return VendorBases()
        return VendorBases({str(k): str(v) for k, v in found.items() if isinstance(v, str)})

    @property
    def agentcli(self) -> dict[str, Any]:
        """What agentcli recorded besides HTTP: run id, clock, generated ids, policy, key id."""
        value = self.metadata.get("agentcli")
        return value if isinstance(value, dict) else {}


# -- to and from the on-disk layout ----------------------------------------------------------


def interaction_to_dict(item: Interaction) -> dict[str, Any]:
    req, resp = item.request, item.response
    request: dict[str, Any] = {"method": req.method, "uri": req.uri, "headers": req.headers}
    if req.json:
        request["parsed_body"] = req.body
    else:
        request["body"] = req.body
    response: dict[str, Any] = {
        "status": {"code": resp.status, "message": resp.reason},
        "headers": resp.headers,
    }
    if resp.json:
        response["parsed_body"] = resp.body
    else:
        response["body"] = {"string": resp.body or ""}
    if resp.error is not None:
        response["error"] = resp.error
    return {"request": request, "response": response}


def interaction_from_dict(data: dict[str, Any]) -> Interaction:
    req, resp = data["request"], data["response"]
    if "parsed_body" in req:
        request = RecordedRequest(
            str(req["method"]).upper(),
            str(req["uri"]),
            _headers(req.get("headers")),
            req["parsed_body"],
            True,
        )
    else:
        body = req.get("body")
        request = RecordedRequest(
            str(req["method"]).upper(),
            str(req["uri"]),
            _headers(req.get("headers")),
            body.decode("utf-8") if isinstance(body, bytes) else body,
        )
    status = resp.get("status") or {}
    code, reason = int(status.get("code", 200)), str(status.get("message") or "")
    if "parsed_body" in resp:
        response = RecordedResponse(
            code, reason, _headers(resp.get("headers")), resp["parsed_body"], True
        )
    else:
        raw = (resp.get("body") or {}).get("string")
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        response = RecordedResponse(code, reason, _headers(resp.get("headers")), raw or None)
    if resp.get("error") is not None:
        response = RecordedResponse(
            code, reason, response.headers, response.body, response.json, str(resp["error"])
        )
    return Interaction(request, response)


def _headers(value: Any) -> Headers:
    if not isinstance(value, dict):
        return {}
    return {
        str(k): [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in value.items()
    }


def to_document(cassette: Cassette) -> dict[str, Any]:
    document: dict[str, Any] = {
        "interactions": [interaction_to_dict(i) for i in cassette.interactions],
        "version": VERSION,
    }
    if cassette.metadata:
        document["metadata"] = cassette.metadata
    return document


def from_document(document: Any, where: str = "cassette") -> Cassette:
    if not isinstance(document, dict) or not isinstance(document.get("interactions"), list):
        raise CassetteError(f"{where} is not a cassette (no interactions list)")
    if document.get("version", VERSION) != VERSION:
        raise CassetteError(
            f"{where} has cassette format version {document.get('version')}; "
            f"this agentcli reads version {VERSION}"
        )
    try:
        interactions = [interaction_from_dict(i) for i in document["interactions"]]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CassetteError(f"{where} holds a malformed interaction: {exc!r}") from exc
    metadata = document.get("metadata")
    return Cassette(interactions, metadata if isinstance(metadata, dict) else {})


# -- files -----------------------------------------------------------------------------------


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def dumps(cassette: Cassette, *, as_yaml: bool = True) -> str:
    document = to_document(cassette)
    if as_yaml:
        text: str = yaml.dump(
            document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
        )
        return text
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def save(cassette: Cassette, path: Path) -> Path:
    """Write atomically (a temporary file renamed into place)."""
    path = Path(path)
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(dumps(cassette, as_yaml=_is_yaml(path)))
    os.replace(tmp, path)
    return path


def load(path: Path) -> Cassette:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CassetteError(f"no cassette at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CassetteError(f"cannot read cassette {path}: {exc}") from exc
    try:
        document = safeyaml.load(text) if _is_yaml(path) else json.loads(text)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise CassetteError(
            f"{path} is not valid {'YAML' if _is_yaml(path) else 'JSON'}: {parse_problem(exc)}"
        ) from exc
    return from_document(document, str(path))
