from typing import Protocol


class IdentityProvider(Protocol):
    """Does the password and confirmation-code work (Cognito, or local argon2 and an outbox)."""

    def register(self, *, user_id: str, email: str, username: str, password: str) -> None:
        """Create credentials and send a confirmation code to email."""
        ...

    def confirm(self, *, email: str, code: str) -> None:
        """Accept a code; InvalidInput when it is wrong, expired or used up."""
        ...

    def resend_code(self, *, email: str) -> None: ...

    def check_password(self, *, email: str, password: str) -> bool:
        """True only for the right password of a known account; takes as long either way."""
        ...

    def spend_password_work(self, *, password: str) -> None:
        """Do the password work register would and store nothing, so that a sign-up with a
        taken email takes as long as a new one."""
        ...

    def send_reset_code(self, *, email: str) -> None:
        """Send a password-reset code to the email of a confirmed account."""
        ...

    def reset_password(self, *, email: str, code: str, password: str) -> None:
        """Set a new password with a reset code; InvalidInput (code "bad_code") when the code
        is wrong, expired or used up."""
        ...

    def set_password(self, *, email: str, password: str) -> None:
        """Replace the password (the caller has checked the current one)."""
        ...

    def forget(self, *, email: str) -> None: ...
