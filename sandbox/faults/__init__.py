"""Fault injection for the sandbox vendors: a plan (YAML or Python) and its middleware."""

from sandbox.faults.inject import FaultInjector, Injected
from sandbox.faults.plan import FaultPlan, FaultRule

__all__ = ["FaultInjector", "FaultPlan", "FaultRule", "Injected"]
