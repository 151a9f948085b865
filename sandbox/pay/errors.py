"""The pay vendor's Stripe-like error envelope, raised as `ApiError` and rendered as JSON."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A failed call: HTTP status plus the envelope's `type`, `code` and `message`."""

    def __init__(
        self, status: int, type_: str, code: str, message: str, *, param: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.code = code
        self.message = message
        self.param = param

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "code": self.code, "message": self.message}
        if self.param is not None:
            error["param"] = self.param
        return {"error": error}


def parameter_invalid(param: str | None, message: str) -> ApiError:
    return ApiError(400, "invalid_request_error", "parameter_invalid", message, param=param)


def resource_missing(kind: str, object_id: str, param: str = "id") -> ApiError:
    return ApiError(
        404,
        "invalid_request_error",
        "resource_missing",
        f"No such {kind}: '{object_id}'",
        param=param,
    )


def unexpected_state(message: str) -> ApiError:
    return ApiError(409, "invalid_request_error", "payment_intent_unexpected_state", message)


def amount_too_large(param: str, message: str) -> ApiError:
    return ApiError(400, "invalid_request_error", "amount_too_large", message, param=param)


def card_declined(message: str) -> ApiError:
    return ApiError(402, "card_error", "card_declined", message)


def idempotency_key_reused(key: str) -> ApiError:
    return ApiError(
        400,
        "idempotency_error",
        "idempotency_key_reused",
        f"Keys for idempotent requests can only be used with the same parameters they were "
        f"first used with. Try using a key other than '{key}' if you meant to execute a "
        f"different request.",
    )


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The Stripe-like envelope for an error the sandbox (auth, faults) answers on pay's behalf."""
    if status == 402:
        decline = {"type": "card_error", "code": "card_declined", "decline_code": code}
        return {"error": {**decline, "message": message}}
    kind = "api_error" if status >= 500 else "invalid_request_error"
    if status == 429:
        kind = "rate_limit_error"
    if status == 401:
        kind = "authentication_error"
    return ApiError(status, kind, code, message).body()
