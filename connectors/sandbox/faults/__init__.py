"""Fault injection for the sandbox vendors: a plan (YAML or Python) and its middleware."""

from connectors.sandbox.faults.inject import FaultInjector, Injected
from connectors.sandbox.faults.plan import FaultPlan, FaultRule

__all__ = ["FaultInjector", "FaultPlan", "FaultRule", "Injected"]
