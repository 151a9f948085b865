"""A client for any ACP merchant: the five checkout-session operations, judged by the spec.

The first call offers the newest `API-Version` we speak; a merchant that refuses it (HTTP 400
with `supported_versions`, as the spec says) is asked again in the newest version both speak,
and that version is kept. Every body we would send is checked against the negotiated
version's schema before it leaves (a breach is our bug: `OutgoingBreach`), every answer after
it arrives (a breach is the merchant's: `PROTOCOL`). Every write carries an `Idempotency-Key`
that its retries reuse; a `complete` whose answer was lost is settled by reading the session.
"""

from __future__ import annotations

import json
import uuid
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote

import httpx

from connectors.acp.auth import canonical_json
from connectors.acp.contract import (
    CANCEL,
    COMPLETE,
    CREATE,
    GET,
    UPDATE,
    VERSIONS,
    Operation,
    problems,
)
from connectors.acp.errors import VersionRefused, envelope_error, first_error
from connectors.base import Connector
from connectors.errors import ErrorCode, VendorError

Session = dict[str, Any]
_OFFERED: ContextVar[str | None] = ContextVar("acp_offered_version", default=None)
"""The `API-Version` the current call offers (per task, so concurrent calls never mix)."""
SETTLED_BY_READING = (ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE)
"""A complete that failed so may have happened: the session, read back, says whether it did."""


class OutgoingBreach(Exception):
    """A bug of ours: a request we were about to send breaks the negotiated version's schema."""


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def _session_path(session_id: str, action: str = "") -> str:
    return f"/checkout_sessions/{quote(session_id, safe='')}{action}"


class AcpConnector(Connector):
    """Checkout sessions at one ACP merchant (`name` is how the config calls it)."""

    vendor = "acp"

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        name: str = "acp",
        versions: tuple[str, ...] = VERSIONS,
        **options: Any,
    ) -> None:
        super().__init__(client, **options)
        self.vendor = name
        self.versions = versions
        #: the version the merchant last answered in; None before its first answer
        self.version: str | None = None

    # -- the five operations --------------------------------------------------------------

    async def create_session(
        self, body: dict[str, Any], idempotency_key: str | None = None
    ) -> Session:
        return await self._call(CREATE, "/checkout_sessions", body, idempotency_key)

    async def update_session(
        self, session_id: str, body: dict[str, Any], idempotency_key: str | None = None
    ) -> Session:
        return await self._call(
            UPDATE, _session_path(session_id), body, idempotency_key, session_id
        )

    async def get_session(self, session_id: str) -> Session:
        return await self._call(GET, _session_path(session_id), None, None, session_id)

    async def complete_session(
        self, session_id: str, body: dict[str, Any], idempotency_key: str | None = None
    ) -> Session:
        """The completed session with its order; raises when it did not complete (the first
        error message as a canonical code). A lost answer is settled by reading the session."""
        path = _session_path(session_id, "/complete")
        try:
            session = await self._call(
                COMPLETE, path, body, idempotency_key or new_idempotency_key(), session_id
            )
        except VendorError as lost:
            if lost.code not in SETTLED_BY_READING:
                raise
            return await self._settle(session_id, lost)
        if session["status"] == "complete_in_progress":  # the outcome is not known yet
            raise VendorError(
                ErrorCode.UNAVAILABLE,
                f"{self.vendor} is still completing the session",
                vendor=self.vendor,
                status=200,
                raw=session,
            )
        if session["status"] != "completed":
            raise first_error(session, self.vendor) or VendorError(
                ErrorCode.INVALID_STATE,
                f"{self.vendor} left the session {session['status']} after complete",
                vendor=self.vendor,
                status=200,
                raw=session,
            )
        return session

    async def cancel_session(
        self,
        session_id: str,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Session:
        path = _session_path(session_id, "/cancel")
        return await self._call(CANCEL, path, body or {}, idempotency_key, session_id)

    # -- one call, negotiated and judged ----------------------------------------------------

    async def _call(
        self,
        operation: Operation,
        path: str,
        body: dict[str, Any] | None,
        idempotency_key: str | None,
        session_id: str | None = None,
    ) -> Session:
        if operation.method == "POST" and idempotency_key is None:
            idempotency_key = new_idempotency_key()
        version = self.version or self.versions[0]
        tried = {version}
        while True:
            self._check_outgoing(operation, version, body)
            offered = _OFFERED.set(version)
            try:
                answer = await self.request(
                    operation.method,
                    path,
                    json_body=_canonical(body),
                    idempotency_key=idempotency_key,
                )
            except VersionRefused as refused:
                version = self._fallback(refused, tried)
                tried.add(version)
                continue
            finally:
                _OFFERED.reset(offered)
            self.version = version
            return self._check_answer(operation, version, answer, session_id)

    def _fallback(self, refused: VersionRefused, tried: set[str]) -> str:
        """The newest version we speak that the merchant listed (any untried one if it listed
        none); a merchant with none in common fails PROTOCOL."""
        for version in self.versions:
            if version not in tried and (not refused.supported or version in refused.supported):
                return version
        raise VendorError(
            ErrorCode.PROTOCOL,
            f"{self.vendor} speaks ACP {', '.join(refused.supported) or '(unnamed versions)'};"
            f" we speak {', '.join(self.versions)}",
            vendor=self.vendor,
            status=400,
            raw=refused.raw,
        ) from refused

    def _check_outgoing(self, operation: Operation, version: str, body: Any) -> None:
        if operation.request is None:
            return
        found = problems(version, operation.request, body)
        if found:
            raise OutgoingBreach(
                f"{operation.name} request breaks ACP {version} {operation.request}: "
                + "; ".join(found)
            )

    def _check_answer(
        self, operation: Operation, version: str, answer: Any, session_id: str | None
    ) -> Session:
        schema = operation.response
        if operation is COMPLETE and not (
            isinstance(answer, dict) and answer.get("status") == "completed"
        ):
            schema = "CheckoutSession"  # not completed: a session that says why, no order
        found = problems(version, schema, answer)
        if not found and session_id is not None and answer["id"] != session_id:
            found = [f"id: asked for {session_id!r}, answered {answer['id']!r}"]
        if found:
            raise VendorError(
                ErrorCode.PROTOCOL,
                f"{self.vendor}'s {operation.name} answer breaks ACP {version}: {found[0]}",
                vendor=self.vendor,
                raw=answer,
            )
        return dict(answer)

    async def _settle(self, session_id: str, lost: VendorError) -> Session:
        """The session if the lost complete took effect; otherwise the loss itself again (it
        did not complete: retry with the same key, or cancel)."""
        try:
            session = await self.get_session(session_id)
        except VendorError:
            raise lost from None
        if session["status"] != "completed":
            raise lost  # not completed (or still completing): the loss stands
        return session

    # -- the protocol's headers and error dialect --------------------------------------------

    def protocol_headers(self) -> dict[str, str]:
        return {"API-Version": _OFFERED.get() or self.version or self.versions[0]}

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        error = super().error_from(response, body)
        if error is None or response.status_code < 400:
            return error
        version = response.request.headers.get("API-Version", self.versions[0])
        well_formed = version in VERSIONS and not problems(version, "Error", body)
        return envelope_error(
            response.status_code, body, self.vendor, error.retry_after, well_formed
        )


def _canonical(body: dict[str, Any] | None) -> Any:
    """`body` with its keys in canonical order, so the JSON sent is the canonical JSON signed."""
    return None if body is None else json.loads(canonical_json(body))
