"""The UCP merchant's refusals: an HTTP status, a code, and UCP's error message shape."""

from __future__ import annotations

from typing import Any

SEVERITY = {400: "recoverable", 402: "requires_buyer_input", 409: "recoverable"}


class UcpError(Exception):
    """A refused request; `body()` is what the merchant answers."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.code, self.message)


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """`detail` for clients that read one line, `messages` as UCP's error structure has them."""
    return {
        "detail": message,
        "code": code,
        "messages": [
            {
                "type": "error",
                "code": code,
                "content": message,
                "severity": SEVERITY.get(status, "requires_buyer_input"),
            }
        ],
    }


def bad_request(message: str, code: str = "invalid_request") -> UcpError:
    return UcpError(400, code, message)


def not_found(what: str) -> UcpError:
    return UcpError(404, "not_found", f"{what} not found")
