"""A run's trace as OpenTelemetry spans (GenAI semantic conventions), exported over OTLP.

`tree` builds the spans from the stored events without any OpenTelemetry import; `otlp` sends
them with the official SDK (the `otel` extra), imported only when an export runs.
"""
