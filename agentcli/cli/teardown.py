"""Commands whose work is all written and closed may let the process skip interpreter teardown.

Finalising the interpreter after `agentcli test` (freeing every module and object the run
imported and made) costs a tenth of a second or more of CPU, more than a short suite's cases;
the command asks for it to be skipped once its reports are out and its files closed, and the
console script then ends with `os._exit` and the command's exit code.
"""

from __future__ import annotations

_skipped = False


def skip_teardown() -> None:
    """Everything is flushed and closed: the console script may end without teardown."""
    global _skipped
    _skipped = True


def skipped() -> bool:
    return _skipped
