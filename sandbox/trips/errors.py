"""The trips vendor's errors: RFC 7807 problem details (`application/problem+json`)."""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://trips.sandbox/problems/"

PROBLEMS: dict[str, tuple[int, str]] = {
    "malformed-request": (400, "The request could not be read"),
    "not-found": (404, "No such resource"),
    "invalid-request": (422, "The request is not valid"),
    "sold-out": (409, "Sold out"),
    "hold-expired": (410, "The hold has expired"),
    "hold-not-active": (409, "The hold cannot be used"),
    "already-cancelled": (409, "The booking is already cancelled"),
    "trip-started": (409, "The trip has started"),
    "payment-reference-used": (409, "The payment reference is already used"),
    "idempotency-conflict": (409, "Idempotency-Key reused with a different request"),
    "internal": (500, "Internal error"),
}


class TripsError(Exception):
    """A refused trips call; nothing was changed."""

    def __init__(self, kind: str, detail: str, /, **extensions: Any) -> None:
        if kind not in PROBLEMS:
            raise ValueError(f"unknown trips problem {kind!r}")
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.extensions = extensions

    @property
    def status(self) -> int:
        return PROBLEMS[self.kind][0]

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.kind,
            "title": PROBLEMS[self.kind][1],
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        return {**body, **self.extensions}

    def __repr__(self) -> str:
        return f"TripsError({self.kind!r}, {self.detail!r})"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """A problem document for an error the sandbox answers on the vendor's behalf."""
    return {
        "type": PROBLEM_BASE + code.lower().replace("_", "-"),
        "title": code,
        "status": status,
        "detail": message,
    }
