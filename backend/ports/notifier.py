from typing import Protocol


class AccountNotifier(Protocol):
    """Mail to an account's owner that is not a confirmation code (the identity sends those)."""

    def account_exists(self, *, email: str) -> None:
        """Tell the owner that someone tried to sign up again with this email. Best effort:
        a failure is logged, never raised, so the sign-up answer cannot depend on it."""
        ...

    def creator_decision(self, *, email: str, approved: bool, reason: str) -> None:
        """Tell an applicant an admin's answer to their creator request. Best effort too."""
        ...
