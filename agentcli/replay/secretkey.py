"""The masking key: from $AGENTCLI_SECRET_KEY, a given file, or <home>/secret.key (made once)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from agentcli import paths
from errortree import UserError


class SecretKeyError(UserError):
    """The masking key cannot be read or is not a key."""


def _parse(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise SecretKeyError(f"{where} does not hold a hex key") from None
    if len(key) < 16:
        raise SecretKeyError(f"{where} holds a key shorter than 16 bytes")
    return key


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key, stored in cassettes and run rows to catch a wrong
    key early."""
    return hmac.new(key, b"agentcli key id", hashlib.sha256).hexdigest()[:12]


def load_key(path: Path | None = None, *, create: bool = False) -> bytes:
    """The key at `path` (made first if `create`); else $AGENTCLI_SECRET_KEY; else
    <home>/secret.key, created if absent."""
    if path is None and os.environ.get(paths.SECRET_KEY_ENV):
        return _parse(os.environ[paths.SECRET_KEY_ENV], f"${paths.SECRET_KEY_ENV}")
    explicit = path is not None
    path = Path(path) if path is not None else paths.secret_key_file()
    if not path.exists():
        if explicit and not create:
            raise SecretKeyError(f"no key file at {path}")
        _create(path)
    try:
        return _parse(path.read_text("utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretKeyError(f"cannot read key file {path}: {exc}") from exc


def _create(path: Path) -> None:
    """Write a new random key, readable by its owner only; atomic, so a racing process wins."""
    paths.make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def existing_key() -> bytes | None:
    """The key from $AGENTCLI_SECRET_KEY or <home>/secret.key; None (nothing made) if neither."""
    if os.environ.get(paths.SECRET_KEY_ENV) or paths.secret_key_file().exists():
        return load_key()
    return None
