"""The shop's own error: a code from the vendor contract plus a human message."""

from __future__ import annotations

from typing import Any

HTTP_STATUS: dict[str, int] = {
    "bad_request": 400,
    "not_found": 404,
    "invalid_request": 422,
    "invalid_state": 409,
    "out_of_stock": 409,
    "insufficient_funds": 402,
    "idempotency_conflict": 409,
}


class ShopError(Exception):
    """A shop call was refused; nothing was changed."""

    def __init__(self, code: str, message: str) -> None:
        if code not in HTTP_STATUS:
            raise ValueError(f"unknown shop error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

    def envelope(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}

    def __repr__(self) -> str:
        return f"ShopError({self.code!r}, {self.message!r})"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The shop's envelope for an error the sandbox (auth, faults) answers on its behalf."""
    return {"error": {"code": code, "message": message}}
