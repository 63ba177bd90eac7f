"""Domain errors. Entry points translate them; services raise them."""


class DomainError(Exception):
    """Base of every error a user can be told about."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidInput(DomainError):
    code = "invalid_input"


class InvalidFields(InvalidInput):
    """Several inputs are wrong at once: one message per field, so a form shows them all."""

    def __init__(self, fields: dict[str, InvalidInput]) -> None:
        first = next(iter(fields.values()))
        super().__init__(" ".join(e.message for e in fields.values()), code=first.code)
        self.fields = {name: e.message for name, e in fields.items()}


class InvalidCursor(InvalidInput):
    """A page cursor the server did not hand out (forged, truncated or from another listing)."""

    code = "invalid_cursor"

    def __init__(self, message: str = "The page cursor is not valid.") -> None:
        super().__init__(message)


class StorageRejected(DomainError):
    """Storage refused a request about an object's bytes; code is S3's error code
    (InvalidPart, InvalidPartOrder, EntityTooSmall, NoSuchUpload, ...)."""

    code = "InvalidRequest"


class Unauthorized(DomainError):
    code = "unauthorized"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class LimitExceeded(DomainError):
    code = "limit_exceeded"


class Throttled(DomainError):
    """Too many attempts; the message says how long to wait (retry_after_s, in words)."""

    code = "too_many_requests"

    def __init__(self, message: str = "", *, retry_after_s: int) -> None:
        super().__init__(message or f"Too many attempts. Try again in {in_words(retry_after_s)}.")
        self.retry_after_s = retry_after_s


class Unavailable(DomainError):
    """A shared resource is busy for longer than we wait; the same request may be retried."""

    code = "unavailable"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ConfigError(Exception):
    """The settings cannot run the platform; raised at start-up."""


def in_words(seconds: int) -> str:
    """A wait in plain words, rounded up: "45 seconds", "1 minute", "15 minutes", "2 hours"."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = -(-seconds // size)
            if unit == "hour" and seconds % 3600 and seconds < 3 * 3600:
                continue  # "90 minutes" says more than "2 hours"
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
