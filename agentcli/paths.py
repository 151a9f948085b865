"""Where agentcli keeps things by default, and the environment variables that move them."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from errortree import UserError

HOME_ENV = "AGENTCLI_HOME"
DB_ENV = "AGENTCLI_DB"
SANDBOX_ENV = "AGENTCLI_SANDBOX"
CASSETTES_ENV = "AGENTCLI_CASSETTES"
SECRET_KEY_ENV = "AGENTCLI_SECRET_KEY"
CACHE_ENV = "AGENTCLI_CACHE"
DB_TIMEOUT_ENV = "AGENTCLI_DB_TIMEOUT"
DEFAULT_DB_TIMEOUT = 30.0


def make_private_dir(path: Path) -> Path:
    """`mkdir -p` whose new directories only their owner can list (existing ones are kept)."""
    missing = []
    for directory in (path, *path.parents):
        if directory.exists():
            break
        missing.append(directory)
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
    return path


def create_private_file(path: Path) -> None:
    """Create `path` empty, readable by its owner only, unless it exists already."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def home() -> Path:
    """$AGENTCLI_HOME, else $XDG_DATA_HOME/agentcli, else ~/.local/share/agentcli."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "agentcli"


def default_db() -> Path:
    """$AGENTCLI_DB, else <home>/traces.sqlite."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return home() / "traces.sqlite"


def db_timeout() -> float:
    """$AGENTCLI_DB_TIMEOUT: seconds to wait for another process's write lock on the trace
    database before giving up (default 30)."""
    text = os.environ.get(DB_TIMEOUT_ENV)
    if not text:
        return DEFAULT_DB_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:  # also refuses nan and inf
        raise UserError(
            f"{DB_TIMEOUT_ENV} must be a number of seconds from 0 to 86400, not {text!r}"
        )
    return seconds


def default_sandbox() -> Path:
    """$AGENTCLI_SANDBOX, else <home>/sandbox: one sandbox world, kept between commands."""
    if os.environ.get(SANDBOX_ENV):
        return Path(os.environ[SANDBOX_ENV]).expanduser()
    return home() / "sandbox"


def default_policy() -> Path | None:
    """<home>/policy.toml when it exists; None means the shipped defaults."""
    candidate = home() / "policy.toml"
    return candidate if candidate.exists() else None


def default_cassettes() -> Path:
    """$AGENTCLI_CASSETTES, else <home>/cassettes: one recorded cassette per run."""
    if os.environ.get(CASSETTES_ENV):
        return Path(os.environ[CASSETTES_ENV]).expanduser()
    return home() / "cassettes"


def secret_key_file() -> Path:
    """<home>/secret.key: the key that masks personal data in cassettes (created on first use)."""
    return home() / "secret.key"


def cache_dir() -> Path:
    """$AGENTCLI_CACHE, else <home>/cache: what agentcli can rebuild (pristine sandbox worlds)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    return home() / "cache"
