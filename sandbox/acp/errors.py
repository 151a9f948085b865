"""ACP's flat error object (`type`, `code`, `message`, `param`), raised as `AcpError`."""

from __future__ import annotations

from typing import Any, Literal

ErrorType = Literal["invalid_request", "processing_error", "service_unavailable"]


class AcpError(Exception):
    """A refused call: the HTTP status and the spec's `Error` object; nothing was changed."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        param: str | None = None,
        type_: ErrorType = "invalid_request",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.type = type_
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "code": self.code, "message": self.message}
        if self.param is not None:
            error["param"] = self.param
        return error


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The envelope for answers given on the merchant's behalf (Bearer check, fault plans)."""
    if status == 503:
        type_: ErrorType = "service_unavailable"
    elif status >= 500:
        type_ = "processing_error"
    else:
        type_ = "invalid_request"
    return {"type": type_, "code": code, "message": message}


def not_found(session_id: str) -> AcpError:
    return AcpError(404, "not_found", f"No checkout session {session_id[:80]!r}")
