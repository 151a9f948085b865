"""Options naming a Temporal cluster, shared by `chat --engine temporal` and `worker`."""

from __future__ import annotations

from typing import Annotated

import typer

from agentcli.workflows.temporal.config import (
    ADDRESS_ENV,
    DEFAULT_ADDRESS,
    DEFAULT_NAMESPACE,
    DEFAULT_TASK_QUEUE,
    NAMESPACE_ENV,
    TASK_QUEUE_ENV,
    TemporalSettings,
)

AddressOption = Annotated[
    str,
    typer.Option(
        "--temporal-address",
        envvar=ADDRESS_ENV,
        metavar="HOST:PORT",
        help="The Temporal cluster's frontend.",
    ),
]
NamespaceOption = Annotated[
    str, typer.Option("--namespace", envvar=NAMESPACE_ENV, help="The Temporal namespace.")
]
TaskQueueOption = Annotated[
    str,
    typer.Option(
        "--task-queue", envvar=TASK_QUEUE_ENV, help="The task queue the saga workers poll."
    ),
]


def settings(
    address: str = DEFAULT_ADDRESS,
    namespace: str = DEFAULT_NAMESPACE,
    task_queue: str = DEFAULT_TASK_QUEUE,
) -> TemporalSettings:
    """Validated settings; a malformed address is a usage error, not a hang."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter(f"{address!r} is not HOST:PORT", param_hint="--temporal-address")
    if not task_queue.strip():
        raise typer.BadParameter("the task queue needs a name", param_hint="--task-queue")
    return TemporalSettings(address, namespace, task_queue)
