"""Policy: confirmation, approval threshold, quotas, kill switch, blocked regions."""

from agentcli.policy.config import PolicyConfig, PolicyFileError, load_policy
from agentcli.policy.gate import PolicyGate, SessionCounters, Verdict

__all__ = [
    "PolicyConfig",
    "PolicyFileError",
    "PolicyGate",
    "SessionCounters",
    "Verdict",
    "load_policy",
]
