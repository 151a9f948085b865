"""The bazaar's error envelope: `{"ok": false, "error": {"code", "detail"}}`.

Request-level failures carry a matching HTTP status; business refusals come back with HTTP 200
and `ok: false`, which is the bazaar's dialect (docs/vendors.md, "bazaar").
"""

from __future__ import annotations

from typing import Any

HTTP_STATUS: dict[str, int] = {
    "BAD_REQUEST": 400,
    "NOT_FOUND": 404,
    "IDEMPOTENCY_KEY_REUSED": 409,
    "RATE_LIMITED": 429,
    "INTERNAL": 500,
    # business refusals: HTTP 200 with ok=false
    "SKU_NOT_FOUND": 200,
    "PROMOTION_NOT_FOUND": 200,
    "VALIDATION_FAILED": 200,
    "INSUFFICIENT_STOCK": 200,
    "CART_EMPTY": 200,
    "PROMOTION_NOT_APPLICABLE": 200,
    "PRICE_CHANGED": 200,
    "ORDER_NOT_CANCELLABLE": 200,
    "PAYMENT_REF_ALREADY_USED": 200,
}

RETRYABLE = {"RATE_LIMITED", "INTERNAL"}


class BazaarError(Exception):
    """A refused bazaar call; nothing was changed."""

    def __init__(self, code: str, detail: str, /, **context: Any) -> None:
        if code not in HTTP_STATUS:
            raise ValueError(f"unknown bazaar error code {code!r}")
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.context = context

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

    def envelope(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "detail": self.detail,
            "retryable": self.code in RETRYABLE,
        }
        if self.context:
            error["context"] = self.context
        return {"ok": False, "error": error}

    def __repr__(self) -> str:
        return f"BazaarError({self.code!r}, {self.detail!r})"
