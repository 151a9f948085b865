"""agentcli: the terminal workbench for AI agents that move money."""

__version__ = "0.1.0"
