"""`agentcli worker`: a Temporal worker that runs saga steps against the vendors."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from agentcli.cli.errors import handled
from agentcli.cli.temporal_options import (
    AddressOption,
    NamespaceOption,
    TaskQueueOption,
    settings,
)
from agentcli.workflows.temporal.config import (
    DEFAULT_ADDRESS,
    DEFAULT_NAMESPACE,
    DEFAULT_TASK_QUEUE,
    TemporalSettings,
    require_sdk,
)
from connectors.config import ConnectorsConfig


@handled
def worker(
    temporal_address: AddressOption = DEFAULT_ADDRESS,
    namespace: NamespaceOption = DEFAULT_NAMESPACE,
    task_queue: TaskQueueOption = DEFAULT_TASK_QUEUE,
    concurrency: Annotated[
        int,
        typer.Option(min=1, max=1000, help="Steps and workflow tasks this worker runs at once."),
    ] = 50,
    connectors_config: Annotated[
        Path | None,
        typer.Option(
            "--connectors-config",
            help="The connectors config (base URLs, credentials) for sagas "
            "of runs with --connectors live; sandbox sagas need none.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run saga steps from a Temporal task queue until Ctrl-C or SIGTERM; run as many as needed."""
    chosen = settings(temporal_address, namespace, task_queue)
    live = ConnectorsConfig.load(connectors_config) if connectors_config else None
    require_sdk()
    _quiet_logging()
    asyncio.run(_serve(chosen, concurrency, live))


class _OneLineFailures(logging.Filter):
    """A step that failed (a vendor said no, or did not answer) is news, not a crash: one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


def _quiet_logging() -> None:
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("temporalio.activity").addFilter(_OneLineFailures())


async def _serve(chosen: TemporalSettings, concurrency: int, live: ConnectorsConfig | None) -> None:
    from agentcli.workflows.temporal.worker import run_worker

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    def ready(identity: str) -> None:
        print(
            f"worker {identity} polling task queue {chosen.task_queue!r} at "
            f"{chosen.address} (namespace {chosen.namespace}); Ctrl-C stops it",
            file=sys.stderr,
            flush=True,
        )

    await run_worker(chosen, stop, concurrency=concurrency, on_ready=ready, live=live)
    print("worker stopped", file=sys.stderr, flush=True)
