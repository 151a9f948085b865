"""Conformance runs against reference benchmarks (τ²-bench retail)."""
