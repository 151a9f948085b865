"""Experiment variants: `NAME=OPTIONS`, where OPTIONS change how every case runs
(`--prompts`, `--planner`, `--model`, `--policy`, `--faults`)."""

from __future__ import annotations

import dataclasses
import shlex
from dataclasses import dataclass
from pathlib import Path

from agentcli import promptset
from agentcli.policy.config import PolicyConfig, load_policy
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.model import PlannerSpec
from connectors.harness import load_fault_plan
from errortree import UserError
from sandbox.faults import FaultPlan

PLANNERS = ("rules", "openai")
_OPTIONS = ("--prompts", "--planner", "--model", "--policy", "--faults")


class VariantError(UserError):
    """A variant that cannot be read: no name, an unknown option, a file or version not found."""


@dataclass(frozen=True)
class Variant:
    """One arm of an experiment: its name, the options as written, and what they load."""

    name: str
    options: str
    prompts: str | None = None
    planner: str | None = None
    model: str | None = None
    policy: PolicyConfig | None = None
    faults: FaultPlan | None = None

    def apply(self, case: ResolvedCase) -> ResolvedCase:
        """The case as this variant runs it."""
        changes: dict[str, object] = {}
        planner = self._planner(case.planner)
        if planner != case.planner:
            changes["planner"] = planner
        if self.policy is not None:
            changes["policy"] = self.policy
        if self.faults is not None:
            changes["faults"] = self.faults
        return dataclasses.replace(case, **changes) if changes else case  # type: ignore[arg-type]

    def _planner(self, spec: PlannerSpec) -> PlannerSpec:
        """Prompts and a model change a model planner; a rules or script case keeps its own
        planner unless the variant names one."""
        kind = self.planner or ("openai" if self.model else spec.kind)
        if kind == "rules":
            return spec if spec.kind == "rules" else PlannerSpec(kind="rules")
        if kind != "openai":
            return spec
        fields: dict[str, object] = (
            spec.model_dump(exclude_none=True)
            if spec.kind == "openai"
            else {"kind": "openai", "live": True}  # no recorded answers to play: ask the model
        )
        if self.model:
            fields["model"] = self.model
        if self.prompts:
            fields["prompts"] = self.prompts
        return PlannerSpec.model_validate(fields)


def parse_variant(text: str, base: Path | None = None) -> Variant:
    """`NAME=OPTIONS` → a Variant, its files and prompt version checked now."""
    name, sep, options = text.partition("=")
    name = name.strip()
    if not sep or not name or any(c.isspace() or c == ":" for c in name):
        raise VariantError(
            f"--variant {text!r}: write NAME=OPTIONS, e.g. v2='--prompts v2' "
            "(a name without spaces or colons)"
        )
    try:
        words = shlex.split(options)
    except ValueError as exc:
        raise VariantError(f"--variant {name}: {exc}") from None
    given: dict[str, str] = {}
    while words:
        option = words.pop(0)
        key, eq, value = option.partition("=")
        if key not in _OPTIONS:
            raise VariantError(
                f"--variant {name}: unknown option {option!r} (options: {', '.join(_OPTIONS)})"
            )
        if not eq:
            if not words:
                raise VariantError(f"--variant {name}: {key} needs a value")
            value = words.pop(0)
        given[key] = value
    planner = given.get("--planner")
    if planner is not None and planner not in PLANNERS:
        raise VariantError(f"--variant {name}: --planner is one of {', '.join(PLANNERS)}")
    prompts = given.get("--prompts")
    if prompts is not None:
        promptset.load(prompts)  # an unknown version is a PromptError (a user error) now
    here = base or Path.cwd()
    policy = given.get("--policy")
    faults = given.get("--faults")
    return Variant(
        name=name,
        options=options.strip(),
        prompts=prompts,
        planner=planner,
        model=given.get("--model"),
        policy=load_policy(here / policy) if policy else None,
        faults=load_fault_plan(here / faults) if faults else None,
    )
