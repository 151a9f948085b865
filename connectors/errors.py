"""Canonical vendor errors: every connector turns its vendor's dialect into one of these.

VendorError
 ├─ code: ErrorCode         what went wrong, vendor-independent
 ├─ recovery: Recovery      what the agent should do about it (derived from the code)
 ├─ vendor, status          where it came from
 └─ raw                     the vendor's own error body, for the trace (masked upstream)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    UNAUTHORIZED = "UNAUTHORIZED"
    INVALID_REQUEST = "INVALID_REQUEST"
    INVALID_STATE = "INVALID_STATE"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    PAYMENT_DECLINED = "PAYMENT_DECLINED"
    INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    UNAVAILABLE = "UNAVAILABLE"
    TIMEOUT = "TIMEOUT"
    PROTOCOL = "PROTOCOL"
    #: the run's network policy refused the call: nothing was sent (netpolicy)
    BLOCKED = "BLOCKED"
    #: not a vendor's answer: the operator's kill switch stopped the call before it was made
    KILL_SWITCH = "KILL_SWITCH"


class Recovery(StrEnum):
    RETRY = "retry"
    ASK_USER = "ask_user"
    COMPENSATE = "compensate"
    ESCALATE = "escalate"


RECOVERY: dict[ErrorCode, Recovery] = {
    ErrorCode.NOT_FOUND: Recovery.ASK_USER,
    ErrorCode.UNAUTHORIZED: Recovery.ESCALATE,
    ErrorCode.INVALID_REQUEST: Recovery.ASK_USER,
    ErrorCode.INVALID_STATE: Recovery.ASK_USER,
    ErrorCode.OUT_OF_STOCK: Recovery.ASK_USER,
    ErrorCode.PAYMENT_DECLINED: Recovery.ASK_USER,
    ErrorCode.INSUFFICIENT_FUNDS: Recovery.ASK_USER,
    ErrorCode.CONFLICT: Recovery.ESCALATE,
    ErrorCode.RATE_LIMITED: Recovery.RETRY,
    ErrorCode.UNAVAILABLE: Recovery.RETRY,
    ErrorCode.TIMEOUT: Recovery.RETRY,
    ErrorCode.PROTOCOL: Recovery.ESCALATE,
    ErrorCode.BLOCKED: Recovery.ESCALATE,
    ErrorCode.KILL_SWITCH: Recovery.ESCALATE,
}


class VendorError(Exception):
    """A vendor call failed; `code` says how, `recovery` says what to do next."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        vendor: str,
        status: int | None = None,
        raw: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.vendor = vendor
        self.status = status
        self.raw = raw
        self.retry_after = retry_after

    @property
    def recovery(self) -> Recovery:
        return RECOVERY[self.code]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "message": self.message,
            "vendor": self.vendor,
            "status": self.status,
            "recovery": self.recovery.value,
        }

    def __repr__(self) -> str:
        return f"VendorError({self.code.value}, {self.message!r}, vendor={self.vendor!r})"
