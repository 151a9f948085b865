"""Sends spans over OTLP/HTTP (protobuf) with the official OpenTelemetry SDK (the `otel` extra).

The SDK is imported when a sink is made, never at a command's start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agentcli import __version__
from agentcli.telemetry.spans import RunSpans, Span, SpanKind
from errortree import UserError
from netpolicy import OPEN, Destination, NetworkPolicy

INSTALL_HINT = "OpenTelemetry export needs the otel extra: pip install 'agentcli[otel]'"
PROJECT_ATTRIBUTE = "openinference.project.name"
"""The resource attribute Phoenix groups traces by."""


class OtelMissing(UserError):
    """The OpenTelemetry SDK or its OTLP/HTTP exporter is not installed."""


def traces_url(endpoint: str) -> str:
    """The OTLP/HTTP traces URL of a collector: `/v1/traces` added to a bare base URL."""
    base = endpoint.strip()
    if not base.startswith(("http://", "https://")):
        raise UserError(f"the OTLP endpoint {endpoint!r} is not an http:// or https:// URL")
    if base.rstrip("/").endswith("/v1/traces"):
        return base
    return base.rstrip("/") + "/v1/traces"


class OtlpSink:
    """One OTLP/HTTP exporter: `send` a batch of runs' spans, True when the collector took it."""

    def __init__(
        self,
        endpoint: str,
        *,
        project: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        network: NetworkPolicy = OPEN,
    ) -> None:
        self.url = traces_url(endpoint)
        network.check(Destination("exporter", "otlp", self.url))
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.resources import Resource
        except ImportError:
            raise OtelMissing(INSTALL_HINT) from None
        attributes: dict[str, Any] = {
            "service.name": "agentcli",
            "service.version": __version__,
        }
        if project:
            attributes[PROJECT_ATTRIBUTE] = project
        self.resource = Resource.create(attributes)
        self.exporter = OTLPSpanExporter(
            endpoint=self.url, headers=dict(headers) if headers else None, timeout=timeout
        )

    def send(self, batch: Sequence[tuple[str, Span]]) -> bool:
        """Export (trace id, span) pairs in one request; False when the collector refused."""
        from opentelemetry.sdk.trace.export import SpanExportResult

        readable = [self._readable(trace_id, span) for trace_id, span in batch]
        return self.exporter.export(readable) is SpanExportResult.SUCCESS

    def send_run(self, run: RunSpans) -> bool:
        return self.send([(run.trace_id, span) for span in run.spans])

    def close(self) -> None:
        self.exporter.shutdown()

    def _readable(self, trace_id: str, span: Span) -> Any:
        from opentelemetry import trace as api
        from opentelemetry.sdk.trace import Event, ReadableSpan
        from opentelemetry.sdk.util.instrumentation import InstrumentationScope

        flags = api.TraceFlags(api.TraceFlags.SAMPLED)
        tid = int(trace_id, 16)
        context = api.SpanContext(tid, int(span.span_id, 16), is_remote=False, trace_flags=flags)
        parent = (
            api.SpanContext(tid, int(span.parent_id, 16), is_remote=False, trace_flags=flags)
            if span.parent_id
            else None
        )
        status = (
            api.Status(api.StatusCode.ERROR, span.error)
            if span.error
            else api.Status(api.StatusCode.UNSET)
        )
        return ReadableSpan(
            name=span.name,
            context=context,
            parent=parent,
            resource=self.resource,
            attributes=span.attributes,
            events=[Event(e.name, e.attributes, _ns(e.ts)) for e in span.events],
            kind=api.SpanKind.CLIENT if span.kind is SpanKind.CLIENT else api.SpanKind.INTERNAL,
            status=status,
            start_time=_ns(span.start),
            end_time=_ns(max(span.end, span.start)),
            instrumentation_scope=InstrumentationScope("agentcli", __version__),
        )


def _ns(ts: float) -> int:
    return int(round(ts * 1_000_000_000))
