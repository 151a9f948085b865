"""The console's line history: one file per user under $AGENTCLI_HOME, masked like the trace."""

from __future__ import annotations

import os
from pathlib import Path

from prompt_toolkit.history import FileHistory

from agentcli import paths
from agentcli.trace.redact import redact_text

HISTORY_FILE = "console-history"


def history_path() -> Path:
    return paths.home() / HISTORY_FILE


class MaskedHistory(FileHistory):
    """A FileHistory that writes each line with card numbers and secrets masked, mode 0600.

    What is recalled is what was stored: a masked line comes back masked, never the secret.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(path, 0o600)
        super().__init__(path)

    def append_string(self, string: str) -> None:
        super().append_string(redact_text(string))
