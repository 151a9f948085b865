"""The official UCP reference merchant, run for the tests: its own venv, fresh databases, a port.

The merchant lives beside the repository (`../shared/third_party/ucp/reference-server`); its
venv is built with pip from its `requirements.txt` once per requirements hash, under the user
cache directory (CI starts from an empty cache, so it builds its own). Each start imports the
flower shop's CSVs into new SQLite databases and serves them on a free 127.0.0.1 port.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.patience import PATIENCE

REPO = Path(__file__).resolve().parents[2]
SHARED = next(
    (up / "shared" for up in REPO.parents if (up / "shared" / "third_party").is_dir()),
    REPO.parent / "shared",
)
"""`../shared` beside the repository (or beside the folder of its worktrees)."""
SERVER = SHARED / "third_party" / "ucp" / "reference-server"
FLOWER_SHOP = SERVER / "test_data" / "flower_shop"
SKIP_REASON = f"the UCP reference merchant is not beside the repository ({SERVER})"
SECRET = "agentcli-test-simulation-secret"


def available() -> bool:
    return (SERVER / "requirements.txt").is_file() and (SERVER / "server").is_dir()


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agentcli"


def venv_python() -> Path:
    """The reference merchant's venv interpreter, built first if this requirements hash has none."""
    requirements = SERVER / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    home = _cache_root() / f"ucp-reference-{digest}"
    python = home / "venv" / "bin" / "python"
    home.mkdir(parents=True, exist_ok=True)
    with (home / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; the others wait and find it ready
        if not (home / "ready").is_file():
            shutil.rmtree(home / "venv", ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", "-r", str(requirements)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            (home / "ready").write_text(digest)
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RunningMerchant:
    url: str
    transactions: Path
    process: subprocess.Popen[bytes]

    def orders(self) -> dict[str, dict]:
        """The merchant's own orders table: order id → the order it stored."""
        with contextlib.closing(sqlite3.connect(self.transactions)) as db:
            return {row[0]: json.loads(row[1]) for row in db.execute("SELECT id, data FROM orders")}

    def checkout_status(self, session_id: str) -> str | None:
        with contextlib.closing(sqlite3.connect(self.transactions)) as db:
            row = db.execute("SELECT status FROM checkouts WHERE id = ?", (session_id,)).fetchone()
        return None if row is None else str(row[0])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=PATIENCE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def reference_merchant(data: Path) -> Iterator[RunningMerchant]:
    """The reference merchant over fresh databases in `data`, until the block ends."""
    python = venv_python()
    data.mkdir(parents=True, exist_ok=True)
    products, transactions = data / "products.db", data / "transactions.db"
    code = SERVER / "server"
    subprocess.run(
        [
            str(python),
            "import_csv.py",
            f"--products_db_path={products}",
            f"--transactions_db_path={transactions}",
            f"--data_dir={FLOWER_SHOP}",
        ],
        cwd=code,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [
            str(python),
            str(SERVER / "run_reference_server.py"),
            f"--products_db_path={products}",
            f"--transactions_db_path={transactions}",
            f"--port={port}",
            f"--simulation_secret={SECRET}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    merchant = RunningMerchant(f"http://127.0.0.1:{port}", transactions, process)
    try:
        _wait_until_serving(merchant, data / "server.log")
        yield merchant
    finally:
        merchant.stop()
        log.close()


def _wait_until_serving(merchant: RunningMerchant, log: Path) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if merchant.process.poll() is not None:
            raise RuntimeError(f"the reference merchant exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{merchant.url}/.well-known/ucp", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"the reference merchant did not serve within {PATIENCE} s")
