"""What a run records for replay besides its trace: HTTP exchanges, clock readings, ids."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from agentcli.replay import cassette as cassettes
from agentcli.replay.identity import VendorBases
from agentcli.replay.masking import key_id
from agentcli.replay.recording import CassetteRecorder, RecordingTransport, now_iso
from agentcli.replay.sources import LoggedSources
from agentcli.trace.ids import new_span_id

FORMAT = 1
"""Version of the `metadata.agentcli` block."""
SUFFIX = ".json"
"""Recorded cassettes are JSON: a 1,000-exchange cassette loads in ~30 ms, its YAML in ~0.6 s
(PyYAML builds every node in Python); `.yaml` cassettes are read and written alike."""


class RunRecording:
    """Collects one run's recording; `save` writes it as a masked cassette at `path`."""

    @classmethod
    def for_run(cls, directory: Path, run_id: str, key: bytes) -> RunRecording:
        """The recording of `run_id`, saved as `<directory>/<run_id>.json`."""
        return cls(Path(directory) / f"{run_id}{SUFFIX}", key)

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = Path(path)
        self.key = key
        self.http = CassetteRecorder(key)
        self.sources = LoggedSources()
        self.bases = VendorBases()

    def log_sources(
        self, clock: Callable[[], float] = time.time, ids: Callable[[], str] = new_span_id
    ) -> LoggedSources:
        """Wrap the run's clock and id source so every value handed out is kept."""
        self.sources = LoggedSources(clock, ids)
        return self.sources

    def attach(self, clients: Mapping[str, httpx.AsyncClient]) -> None:
        """Record every exchange of these vendors' clients, and where each vendor lives."""
        for vendor, client in clients.items():
            self.bases.add(vendor, str(client.base_url))
            inner = client._transport
            while isinstance(inner, RecordingTransport):  # a kept client, recorded before
                inner = inner.inner
            # httpx has no public setter for a built client's transport
            client._transport = self.http.wrap(vendor, inner)

    def model_transport(self, inner: httpx.AsyncBaseTransport | None = None) -> RecordingTransport:
        """A recording transport for a model client (its free text is masked by value too)."""
        return self.http.wrap("model", inner or httpx.AsyncHTTPTransport(), model=True)

    def save(self, **meta: Any) -> Path:
        """Mask and write the cassette; `meta` lands in `metadata.agentcli`."""
        block = {
            "format": FORMAT,
            "recorded_at": now_iso(),
            "key_id": key_id(self.key),
            **meta,
            "model_origins": self.http.model_origins(),
            "vendors": self.bases.to_dict(),
            "clock": self.sources.times,
            "ids": self.sources.ids,
        }
        return cassettes.save(self.http.build({"agentcli": block}), self.path)
