"""ClientError codes to domain errors, in one place per service."""

from botocore.exceptions import ClientError

from backend.domain import errors

CONDITION_FAILED = ("ConditionalCheckFailedException", "TransactionCanceledException")


def code_of(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def is_condition_failure(error: ClientError) -> bool:
    return code_of(error) in CONDITION_FAILED


WRONG_CODE = "The confirmation code is wrong or has expired. Ask for a new one."
WEAK_PASSWORD = "The password does not meet the policy."
COGNITO = {
    "UsernameExistsException": (errors.Conflict, "An account with this email already exists."),
    "AliasExistsException": (errors.Conflict, "An account with this email already exists."),
    "InvalidPasswordException": (errors.InvalidInput, WEAK_PASSWORD),
    "CodeMismatchException": (errors.InvalidInput, WRONG_CODE),
    "ExpiredCodeException": (errors.InvalidInput, WRONG_CODE),
    "LimitExceededException": (errors.Throttled, ""),
    "TooManyRequestsException": (errors.Throttled, ""),
    "TooManyFailedAttemptsException": (errors.Throttled, ""),
    "UserNotFoundException": (errors.NotFound, "No such account."),
}  # fmt: skip


def cognito_error(error: ClientError) -> errors.DomainError:
    kind, message = COGNITO.get(
        code_of(error), (errors.DomainError, "The identity service failed.")
    )
    if kind is errors.Throttled:
        return errors.Throttled(retry_after_s=60)
    if kind is errors.InvalidInput:
        kind_of_input = "weak_password" if message == WEAK_PASSWORD else "bad_code"
        return errors.InvalidInput(message, code=kind_of_input)
    return kind(message)
