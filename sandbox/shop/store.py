"""Access to the shop's SQLite state, one short transaction at a time.

Products, users and orders are one JSON document per record, in file order (`seq`), so floats
round-trip exactly and "first match" scans follow the reference; `canon` holds each record's
sorted-key text so the canonical hash is a concatenation. Carts, payment references,
idempotency records and counters live outside the τ² canonical document.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sandbox.kit import kept
from sandbox.shop.errors import ShopError
from sandbox.shop.tau2 import Record, canonical_order

RECORD_TABLES = {"orders": "order_id", "products": "product_id", "users": "user_id"}


def stored_text(doc: Any) -> str:
    """The text a record is stored as."""
    return json.dumps(doc)


def _canonical_text(table: str, doc: Record) -> str:
    return json.dumps(canonical_order(doc) if table == "orders" else doc, sort_keys=True)


def insert_record(conn: sqlite3.Connection, table: str, doc: Record) -> None:
    id_column = RECORD_TABLES[table]
    conn.execute(
        f"INSERT INTO {table} ({id_column}, doc, canon) VALUES (?, ?, ?)",
        (doc[id_column], stored_text(doc), _canonical_text(table, doc)),
    )


def _update_record(
    conn: sqlite3.Connection, table: str, doc: Record, unchanged: str | None = None
) -> None:
    """Store the record; nothing is written when its text is `unchanged` (as it was read)."""
    id_column = RECORD_TABLES[table]
    text = stored_text(doc)
    if text == unchanged:
        return
    conn.execute(
        f"UPDATE {table} SET doc = ?, canon = ? WHERE {id_column} = ?",
        (text, _canonical_text(table, doc), doc[id_column]),
    )


def text_hash(canonical_text: str) -> str:
    """SHA-256 of the canonical text's UTF-8 bytes, lowercase hex (docs/tau2-retail.md §2)."""
    return hashlib.sha256(canonical_text.encode("utf-8")).hexdigest()


LOOKUP_FIELDS = {"email": "$.email", "name.last_name": "$.name.last_name"}
"""The user fields looked up by value (`ShopTx.users_maybe_matching`), with their JSON path."""


def _folded(path: str) -> str:
    return f"lower(json_extract(doc, '{path}'))"


def _wide(path: str) -> str:
    """Whether the value has a non-ASCII character (more bytes than characters)."""
    value = f"json_extract(doc, '{path}')"
    return f"(length(CAST({value} AS BLOB)) != length({value}))"


def lookup_indexes() -> str:
    """The expression indexes behind the user lookups (kept up to date by SQLite on writes)."""
    return "".join(
        f"CREATE INDEX users_by_{name} ON users ({_folded(path)});\n"
        f"CREATE INDEX users_wide_{name} ON users ({_wide(path)});\n"
        for name, path in ((field.replace(".", "_"), path) for field, path in LOOKUP_FIELDS.items())
    )


_LOOKUPS = {
    field: f"SELECT doc FROM users WHERE {_folded(path)} = ? OR {_wide(path)} = 1 ORDER BY seq"
    for field, path in LOOKUP_FIELDS.items()
}


BUSY_TIMEOUT_MS = 5000


class WriteBusy(Exception):  # noqa: N818 - it names the state, like sqlite's SQLITE_BUSY
    """Another connection holds the write lock right now."""


class ShopStore:
    """One connection per transaction, so a reset file is always picked up; connections are
    reused only for a file whose owner resets it itself (`sandbox.kit.kept`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._key = kept.key(self.path)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    @contextmanager
    def read(self) -> Iterator[ShopTx]:
        with kept.read_transaction(self._key, self._connect) as conn:
            yield ShopTx(conn)

    @contextmanager
    def write(self, *, wait: bool = True) -> Iterator[ShopTx]:
        """One transaction: committed when the block ends, rolled back if it raises.

        With `wait=False` it raises `WriteBusy` at once, before anything ran, when another
        connection holds the write lock (instead of waiting up to the busy timeout).
        """
        with kept.connection(self._key, self._connect) as conn:
            if not wait:
                conn.execute("PRAGMA busy_timeout = 0")
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
                        raise WriteBusy(str(exc)) from None
                    raise
                finally:
                    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            else:
                conn.execute("BEGIN IMMEDIATE")
            try:
                yield ShopTx(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")


class ShopTx:
    """Record access inside one transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._read: dict[tuple[str, str], str] = {}
        """The text of each record read by id, so storing it back unchanged writes nothing."""

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo everything done in the block if it raises."""
        self.conn.execute("SAVEPOINT operation")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO operation")
            self.conn.execute("RELEASE operation")
            raise
        self.conn.execute("RELEASE operation")

    def _doc(self, table: str, id_column: str, record_id: str, label: str) -> Record:
        row = self.conn.execute(
            f"SELECT doc FROM {table} WHERE {id_column} = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise ShopError("not_found", f"{label} {record_id} not found")
        self._read[table, record_id] = row[0]
        return json.loads(row[0])

    def _put(self, table: str, doc: Record) -> None:
        record_id = doc[RECORD_TABLES[table]]
        _update_record(self.conn, table, doc, self._read.get((table, record_id)))
        self._read.pop((table, record_id), None)

    def _docs(self, table: str) -> Iterator[Record]:
        for (doc,) in self.conn.execute(f"SELECT doc FROM {table} ORDER BY seq"):
            yield json.loads(doc)

    def user(self, user_id: str) -> Record:
        return self._doc("users", "user_id", user_id, "User")

    def users(self) -> Iterator[Record]:
        return self._docs("users")

    def users_maybe_matching(self, field: str, value: str) -> Iterator[Record]:
        """Users, in file order, whose `field` (a `LOOKUP_FIELDS` key) may equal `value`
        ignoring case: a superset the caller still tests exactly. SQLite's lower() folds ASCII
        only, so values with other characters are always included (never a missed match).
        Both conditions are indexed expressions in files made by this version (`lookup_indexes`);
        in older files the same query scans."""
        if not value.isascii():
            rows = self.conn.execute("SELECT doc FROM users ORDER BY seq")
        else:
            rows = self.conn.execute(_LOOKUPS[field], (value.lower(),))
        for (doc,) in rows:
            yield json.loads(doc)

    def put_user(self, user: Record) -> None:
        self._put("users", user)

    def product(self, product_id: str) -> Record:
        return self._doc("products", "product_id", product_id, "Product")

    def products(self) -> Iterator[Record]:
        return self._docs("products")

    def put_product(self, product: Record) -> None:
        self._put("products", product)

    def product_of_item(self, item_id: str) -> Record:
        """The product that has this variant."""
        row = self.conn.execute(
            "SELECT product_id FROM variants WHERE item_id = ?", (item_id,)
        ).fetchone()
        if row is None:
            raise ShopError("not_found", f"Item {item_id} not found")
        return self.product(row[0])

    def order(self, order_id: str) -> Record:
        return self._doc("orders", "order_id", order_id, "Order")

    def has_order(self, order_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM orders WHERE order_id = ?", (order_id,))
        return row.fetchone() is not None

    def put_order(self, order: Record) -> None:
        self._put("orders", order)

    def add_order(self, order: Record, payment_reference: str | None) -> None:
        insert_record(self.conn, "orders", order)
        self.conn.execute(
            "INSERT INTO order_payment_refs (order_id, payment_reference) VALUES (?, ?)",
            (order["order_id"], payment_reference),
        )

    def set_payment_reference(self, order_id: str, payment_reference: str) -> None:
        self.conn.execute(
            "INSERT INTO order_payment_refs (order_id, payment_reference) VALUES (?, ?) "
            "ON CONFLICT (order_id) DO UPDATE SET payment_reference = excluded.payment_reference",
            (order_id, payment_reference),
        )

    def payment_reference(self, order_id: str) -> tuple[bool, str | None]:
        """Whether the shop created this order, and the payment reference it was given."""
        row = self.conn.execute(
            "SELECT payment_reference FROM order_payment_refs WHERE order_id = ?", (order_id,)
        ).fetchone()
        return (False, None) if row is None else (True, row[0])

    def cart_lines(self, user_id: str) -> list[tuple[str, int]]:
        rows = self.conn.execute(
            "SELECT item_id, quantity FROM cart_items WHERE user_id = ? ORDER BY seq", (user_id,)
        )
        return [(item_id, quantity) for item_id, quantity in rows]

    def set_cart_quantity(self, user_id: str, item_id: str, quantity: int) -> None:
        if quantity <= 0:
            self.conn.execute(
                "DELETE FROM cart_items WHERE user_id = ? AND item_id = ?", (user_id, item_id)
            )
            return
        self.conn.execute(
            "INSERT INTO cart_items (user_id, item_id, quantity) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id, item_id) DO UPDATE SET quantity = excluded.quantity",
            (user_id, item_id, quantity),
        )

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def stored_response(self, key: str) -> tuple[str, int, Any] | None:
        """(fingerprint, status, body) stored under an Idempotency-Key, if any."""
        row = self.conn.execute(
            "SELECT fingerprint, status, body FROM idempotency WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else (row[0], row[1], json.loads(row[2]))

    def store_response(self, key: str, fingerprint: str, status: int, body: Any) -> None:
        self.conn.execute(
            "INSERT INTO idempotency (key, fingerprint, status, body) VALUES (?, ?, ?, ?)",
            (key, fingerprint, status, stored_text(body)),
        )

    def canonical_text(self) -> str:
        """`json.dumps(canonical_state(), sort_keys=True)`, assembled from per-record text."""
        maps = []
        for table, id_column in RECORD_TABLES.items():
            rows = sorted(self.conn.execute(f"SELECT {id_column}, canon FROM {table}"))
            entries = ", ".join(f"{json.dumps(record_id)}: {canon}" for record_id, canon in rows)
            maps.append(f"{json.dumps(table)}: {{{entries}}}")
        return "{" + ", ".join(maps) + "}"

    def canonical_state(self) -> Record:
        """The τ² canonical document (docs/tau2-retail.md §2): products, users, orders by id."""
        return {
            "products": {p["product_id"]: p for p in self.products()},
            "users": {u["user_id"]: u for u in self.users()},
            "orders": {o["order_id"]: canonical_order(o) for o in self._docs("orders")},
        }
