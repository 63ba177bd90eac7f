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
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Unavailable(DomainError):
    """A shared resource is busy for longer than we wait; the same request may be retried."""

    code = "unavailable"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ConfigError(Exception):
    """The settings cannot run the platform; raised at start-up."""
