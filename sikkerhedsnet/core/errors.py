"""Domain errors that services raise; views turn them into Danish messages, the API into codes."""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation. `code` is machine-readable; `message` is Danish for the UI."""

    code = "invalid"
    status = 422

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class Conflict(DomainError):
    code = "conflict"
    status = 409


class StaleEdit(Conflict):
    """Someone else saved the record after this user opened it (optimistic locking)."""

    code = "stale_edit"


class Duplicate(Conflict):
    code = "duplicate"


class PreconditionMissing(DomainError):
    """A step refused because the law's preconditions are not met. `missing` holds each one's code (the API
    answers them as `missing`), `field` the first form field to fix; the message lists them with the paragraph."""

    code = "precondition_missing"

    def __init__(self, message: str, *, missing: list[str], field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.missing = missing
