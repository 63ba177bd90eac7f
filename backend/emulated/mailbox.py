"""The e-mail of the emulated account, in a mailbox (a JSON-lines file people and tests read:
`valvid aws-local mail`): what the app sends through SES, and Cognito's codes. moto accepts any
confirmation code and has no ResendConfirmationCode, so here each sign-up and resend makes a
code and mails it, and ConfirmSignUp accepts only the newest code of that user, as Cognito does."""

import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUBJECT = "Verify your new account"
RESET_SUBJECT = "Reset your password"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    code: str
    at: float
    text: str = ""


class Mailbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def deliver(self, mail: Mail) -> None:
        with self._lock, open(self.path, "a") as out:
            out.write(json.dumps(mail.__dict__) + "\n")

    def messages(self, to: str | None = None) -> list[Mail]:
        if not self.path.exists():
            return []
        mails = [Mail(**json.loads(line)) for line in self.path.read_text().splitlines() if line]
        return [m for m in mails if to is None or m.to.lower() == to.lower()]


def mail_sent_by_ses(mailbox: Mailbox) -> None:
    """Patches moto's SES (v2) to put each message it accepts in the mailbox too."""
    from moto.sesv2.models import SESV2Backend

    original = SESV2Backend.send_email

    def send_email(backend: Any, source: str, destinations: dict, subject: str, body: str) -> Any:
        message = original(backend, source, destinations, subject, body)
        for to in destinations.get("ToAddresses", []):
            mailbox.deliver(Mail(to=to, subject=subject, code="", at=time.time(), text=body))
        return message

    setattr(SESV2Backend, "send_email", send_email)  # noqa: B010 (a patch, said so)


class CognitoMail:
    """Patches moto's Cognito API (in this process: the emulator's moto server) to mail codes."""

    def __init__(self, mailbox: Mailbox) -> None:
        self._mailbox = mailbox
        self._codes: dict[tuple[str, str, str], str] = {}

    def install(self) -> None:
        from moto.cognitoidp.responses import CognitoIdpResponse

        mail = self
        original_sign_up = CognitoIdpResponse.sign_up
        original_confirm = CognitoIdpResponse.confirm_sign_up
        original_forgot = CognitoIdpResponse.forgot_password
        original_reset = CognitoIdpResponse.confirm_forgot_password

        def sign_up(response: Any) -> Any:
            answer = original_sign_up(response)
            mail.send_code(response._get_param("ClientId"), response._get_param("Username"))
            return answer

        def confirm_sign_up(response: Any) -> Any:
            mail.check_code(
                response._get_param("ClientId"),
                response._get_param("Username"),
                response._get_param("ConfirmationCode"),
            )
            return original_confirm(response)

        def resend_confirmation_code(response: Any) -> Any:
            from moto.core.responses import ActionResult

            username = response._get_param("Username")
            mail.send_code(response._get_param("ClientId"), username)
            delivery = {
                "Destination": username,
                "DeliveryMedium": "EMAIL",
                "AttributeName": "email",
            }
            return ActionResult({"CodeDeliveryDetails": delivery})

        def forgot_password(response: Any) -> Any:
            answer = original_forgot(response)
            client_id, username = response._get_param("ClientId"), response._get_param("Username")
            mail.send_code(client_id, username, purpose="reset", subject=RESET_SUBJECT)
            response.response_headers.pop("x-moto-forgot-password-confirmation-code", None)
            return answer

        def confirm_forgot_password(response: Any) -> Any:
            mail.check_code(
                response._get_param("ClientId"),
                response._get_param("Username"),
                response._get_param("ConfirmationCode"),
                purpose="reset",
            )
            return original_reset(response)

        patched = {"sign_up": sign_up, "confirm_sign_up": confirm_sign_up,
                   "resend_confirmation_code": resend_confirmation_code,
                   "forgot_password": forgot_password,
                   "confirm_forgot_password": confirm_forgot_password}  # fmt: skip
        for name, method in patched.items():
            setattr(CognitoIdpResponse, name, method)

    def send_code(
        self, client_id: str, username: str, *, purpose: str = "sign-up", subject: str = SUBJECT
    ) -> None:
        code = f"{secrets.randbelow(1_000_000):06d}"
        self._codes[(purpose, client_id, username.lower())] = code
        self._mailbox.deliver(Mail(to=username, subject=subject, code=code, at=time.time()))

    def check_code(
        self, client_id: str, username: str, code: str, *, purpose: str = "sign-up"
    ) -> None:
        """Only the newest code mailed for this purpose, and only once."""
        from moto.cognitoidp.exceptions import CodeMismatchException

        key = (purpose, client_id, username.lower())
        expected = self._codes.get(key)
        if expected is None or not secrets.compare_digest(expected, str(code)):
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        del self._codes[key]
