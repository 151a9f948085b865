"""The official UCP reference merchant, run for the tests: its own venv, fresh databases, a port.

The merchant lives beside the repository (`../shared/third_party/ucp/reference-server`); its
venv is built with pip from its `requirements.txt` once per requirements hash, under the user
cache directory (CI starts from an empty cache, so it builds its own). Each start imports the
flower shop's CSVs into new SQLite databases and serves them on a free 127.0.0.1 port.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.patience import PATIENCE
from tests.servers import cached_venv, free_port, stop, wait_until_serving

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


def venv_python() -> Path:
    """The reference merchant's venv interpreter, built first if this requirements hash has none."""
    requirements = SERVER / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    return cached_venv(f"ucp-reference-venv-{digest}", ["-r", str(requirements)])


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
        stop(self.process, patience=PATIENCE)


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
        wait_until_serving(
            f"{merchant.url}/.well-known/ucp",
            process,
            data / "server.log",
            what="the reference merchant",
            patience=PATIENCE,
        )
        yield merchant
    finally:
        merchant.stop()
        log.close()
