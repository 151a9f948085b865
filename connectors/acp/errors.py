"""ACP's two ways of saying no, in canonical codes: the flat `Error` envelope of a 4xx/5xx, and
the `messages[]` of type `error` inside a session that is valid but cannot go on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.base import status_code_error
from connectors.errors import ErrorCode, VendorError

ACP_CODES: dict[str, ErrorCode] = {
    # the idempotency codes the spec names
    "idempotency_conflict": ErrorCode.CONFLICT,
    "idempotency_in_flight": ErrorCode.UNAVAILABLE,  # retried after its Retry-After, same key
    "idempotency_key_required": ErrorCode.INVALID_REQUEST,
    # the webhook spec's code for a bad signature: the credentials, not the request, are wrong
    "invalid_signature": ErrorCode.UNAUTHORIZED,
    # MessageError's codes (an envelope's `code` is implementation-defined; these are reused)
    "missing": ErrorCode.INVALID_REQUEST,
    "invalid": ErrorCode.INVALID_REQUEST,
    "unsupported": ErrorCode.INVALID_REQUEST,
    "region_restricted": ErrorCode.INVALID_REQUEST,
    "quantity_exceeded": ErrorCode.INVALID_REQUEST,
    "minimum_not_met": ErrorCode.INVALID_REQUEST,
    "maximum_exceeded": ErrorCode.INVALID_REQUEST,
    "coupon_invalid": ErrorCode.INVALID_REQUEST,
    "coupon_expired": ErrorCode.INVALID_REQUEST,
    "out_of_stock": ErrorCode.OUT_OF_STOCK,
    "low_stock": ErrorCode.OUT_OF_STOCK,
    "payment_declined": ErrorCode.PAYMENT_DECLINED,
    "requires_3ds": ErrorCode.INVALID_STATE,
    "requires_sign_in": ErrorCode.INVALID_STATE,
    "age_verification_required": ErrorCode.INVALID_STATE,
    "approval_required": ErrorCode.INVALID_STATE,
    "intervention_required": ErrorCode.INVALID_STATE,
    "expired": ErrorCode.INVALID_STATE,
    "not_found": ErrorCode.NOT_FOUND,
    "conflict": ErrorCode.CONFLICT,
    "rate_limited": ErrorCode.RATE_LIMITED,
}
"""ACP error `code` → canonical code; a code not here is read from the HTTP status."""

VERSION_CODES = frozenset({"unsupported_api_version", "missing_api_version"})


class VersionRefused(VendorError):
    """The merchant does not speak the `API-Version` we sent; `supported` lists what it does."""

    def __init__(self, message: str, *, vendor: str, supported: tuple[str, ...], raw: Any) -> None:
        super().__init__(ErrorCode.PROTOCOL, message, vendor=vendor, status=400, raw=raw)
        self.supported = supported


@dataclass(frozen=True)
class AcpMessage:
    """One entry of a session's `messages[]`, with the canonical code of an error."""

    type: str  # info | warning | error
    code: str | None
    content: str
    param: str | None
    canonical: ErrorCode | None  # for errors only

    @classmethod
    def parse(cls, entry: dict[str, Any]) -> AcpMessage:
        code = entry.get("code")
        kind = str(entry.get("type"))
        canonical = None
        if kind == "error":
            canonical = ACP_CODES.get(str(code), ErrorCode.INVALID_REQUEST)
        return cls(kind, code, str(entry.get("content", "")), entry.get("param"), canonical)


def session_messages(session: dict[str, Any]) -> list[AcpMessage]:
    """The messages of a (validated) session, in the merchant's order."""
    return [AcpMessage.parse(entry) for entry in session.get("messages") or []]


def first_error(session: dict[str, Any], vendor: str) -> VendorError | None:
    """The session's first error message as a canonical error, or None when it has none."""
    for message in session_messages(session):
        if message.canonical is not None:
            return VendorError(
                message.canonical,
                message.content or f"{vendor}: {message.code}",
                vendor=vendor,
                status=200,
                raw=session.get("messages"),
            )
    return None


def envelope_error(
    status: int, body: Any, vendor: str, retry_after: float | None, well_formed: bool
) -> VendorError:
    """The canonical error for a 4xx/5xx answer; `well_formed`: the body is an ACP `Error`."""
    if status == 400 and isinstance(body, dict) and _refuses_version(body):
        supported = body.get("supported_versions")
        listed = (
            tuple(v for v in supported if isinstance(v, str)) if isinstance(supported, list) else ()
        )
        return VersionRefused(
            f"{vendor} does not speak this ACP version (it speaks {', '.join(listed) or 'others'})",
            vendor=vendor,
            supported=listed,
            raw=body,
        )
    code = status_code_error(status)
    if status == 405:  # cancel of a session that is completed or canceled already
        code = ErrorCode.INVALID_STATE
    message = f"{vendor} answered HTTP {status}"
    if well_formed:
        code = ACP_CODES.get(body["code"], code)
        message = body["message"] or message
    elif body is not None:
        message += " (not an ACP error envelope)"
    return VendorError(
        code, message, vendor=vendor, status=status, raw=body, retry_after=retry_after
    )


def _refuses_version(body: dict[str, Any]) -> bool:
    return body.get("code") in VERSION_CODES or isinstance(body.get("supported_versions"), list)
