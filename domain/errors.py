"""One small hierarchy of errors. Each names the field at fault and the value it was given,
so the CLI, the dashboard and the importers can all say exactly what is wrong."""

from typing import Any


class SecureBaseError(ValueError):
    def __init__(self, field: str, value: Any, reason: str):
        self.field, self.value, self.reason = field, value, reason
        shown = value if not isinstance(value, str) or len(value) <= 40 else value[:37] + "..."
        super().__init__(f"{field}: {reason}" if value is None else f"{field} {shown!r}: {reason}")


class InvalidInput(SecureBaseError):
    """The value itself is not acceptable (wrong type, too long, in the future...)."""


class NotFound(SecureBaseError):
    """The value names a team, member or entry that does not exist."""


class Conflict(SecureBaseError):
    """The value is fine but contradicts what the record already holds."""


class Forbidden(SecureBaseError):
    """The user is not signed in, not known, or their role does not allow what they asked."""
