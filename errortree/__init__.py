"""The base of every exception agentcli raises for a person to read, and its exit code.

A command that fails with one of these prints its message on one line; anything else that
escapes a command is a bug in agentcli (`agentcli.cli.errors` says so, and `AGENTCLI_DEBUG=1`
shows its traceback). A neutral package, importing nothing of ours, so the agent, the clients
and the network policy all raise from it. The tree::

    AgentcliError                  exit 1: the command could not do what was asked
    ├── RunNotFound                  no run matches the id or prefix (agentcli.trace.store)
    ├── NetworkBlocked               the run's network policy refused a call (netpolicy)
    ├── TemporalUnavailable          no SDK or no cluster (agentcli.workflows.temporal.config)
    └── UserError                  exit 2: bad input, a bad file or a bad argument
        ├── StoreError               the trace database cannot be used (agentcli.trace.store)
        ├── PolicyFileError          (agentcli.policy.config)
        ├── PromptError              (agentcli.promptset)
        ├── ScriptFileError          (agentcli.planners.script)
        ├── PlannerConfigError       (agentcli.planners.openai.presets)
        ├── ModelCassetteError       a model cassette (agentcli.planners.openai.cassette)
        ├── CassetteError            a run's vendor cassette (agentcli.replay.cassette)
        ├── ReplayError              (agentcli.replay.archive)
        ├── SecretKeyError           (agentcli.replay.secretkey)
        ├── ChainKeyMissing          a sealed run to verify without its key (agentcli.trace.audit)
        ├── BooksUnreadable          vendor books the money audit cannot read (agentcli.audit.books)
        ├── SuiteError               (agentcli.suites.loader)
        ├── SelectError              a `-k` expression (agentcli.suites.select)
        ├── Tau2ImportError          (agentcli.suites.tau2_import)
        ├── LiveVendorError          a live vendor that is not served (agentcli.suites.live)
        ├── ConformanceInputError    (agentcli.conformance.tau2_retail)
        └── ConfigFileError          a connectors config or fault plan (connectors.yamlfile)

A vendor's error (`connectors.errors.VendorError`) stays outside the tree: the agent handles
it as data, and one that reaches a command exits 1 naming the vendor. So do the errors that
never reach a person (a refused action, a failed saga step): the code that raises them handles
them.
"""

from __future__ import annotations


class AgentcliError(Exception):
    """A failure to report in one line; `exit_code` is the process's exit status."""

    exit_code: int = 1


class UserError(AgentcliError):
    """The user's mistake: bad input, a bad file or a bad argument."""

    exit_code = 2


def parse_problem(exc: Exception) -> str:
    """One line saying where and why a YAML or JSON text could not be parsed."""
    mark = getattr(exc, "problem_mark", None)  # PyYAML's MarkedYAMLError
    problem = getattr(exc, "problem", None)
    if problem:
        return f"line {mark.line + 1}: {problem}" if mark is not None else str(problem)
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
