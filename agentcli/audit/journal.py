"""The sagas the audit joins with the books, as the journal in the trace database has them."""

from __future__ import annotations

from agentcli.audit.books import Books
from agentcli.audit.money import Saga, Violation, audit
from agentcli.trace.store import Store

#: runs of `agentcli test` act on pristine worlds of their own, never on the audited one
OWN_WORLDS = ("test",)


def sagas_in(store: Store, run_id: str | None = None) -> list[Saga]:
    """The sagas of one run, or of every run that acted on the user's own vendors."""
    if run_id is not None:
        rows = store.db.execute(
            "SELECT id, name, status FROM sagas WHERE run_id = ? ORDER BY created_at, id", [run_id]
        )
    else:
        marks = ",".join("?" * len(OWN_WORLDS))
        rows = store.db.execute(
            "SELECT id, name, status FROM sagas WHERE run_id NOT IN "
            f"(SELECT id FROM runs WHERE command IN ({marks})) ORDER BY created_at, id",
            list(OWN_WORLDS),
        )
    return [Saga(str(i), str(name), str(status)) for i, name, status in rows.fetchall()]


def audit_with_journal(
    books: Books, store: Store | None, run_id: str | None = None
) -> list[Violation]:
    """`audit` of these books with the journal's sagas (none when there is no trace database)."""
    return audit(books, sagas_in(store, run_id) if store is not None else [])
