"""The offline, deterministic `rules` planner."""

from agentcli.planners.rules.planner import RulesPlanner

__all__ = ["RulesPlanner"]
