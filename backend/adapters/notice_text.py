"""The words of the account notices, the same in both modes."""

ACCOUNT_EXISTS_SUBJECT = "Your Valvid account already exists"
ACCOUNT_EXISTS_BODY = (
    "Someone (perhaps you) tried to sign up for Valvid with this email address, "
    "which already has an account.\n\n"
    "If it was you: log in instead. If you never confirmed the address, open the confirm "
    "page and ask for a new code.\n"
    "If it was not you, you can ignore this email: nothing has changed."
)
