"""The words of the account notices, the same in both modes."""

ACCOUNT_EXISTS_SUBJECT = "Your Valvid account already exists"
ACCOUNT_EXISTS_BODY = (
    "Someone (perhaps you) tried to sign up for Valvid with this email address, "
    "which already has an account.\n\n"
    "If it was you: log in instead. If you never confirmed the address, open the confirm "
    "page and ask for a new code.\n"
    "If it was not you, you can ignore this email: nothing has changed."
)

CREATOR_APPROVED_SUBJECT = "You can now publish videos on Valvid"
CREATOR_DECLINED_SUBJECT = "Your request to publish on Valvid was declined"


def creator_decision_text(*, approved: bool, reason: str) -> tuple[str, str]:
    """Subject and body of the answer to a creator request."""
    if approved:
        body = "An admin approved your request: open the studio to upload your first video."
        return CREATOR_APPROVED_SUBJECT, body + (
            f"\n\nNote from the admin: {reason}" if reason else ""
        )
    return CREATOR_DECLINED_SUBJECT, (
        f"An admin declined your request to publish videos.\n\nReason: {reason}\n\n"
        "You may ask again from your account page."
    )
