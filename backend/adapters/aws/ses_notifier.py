"""aws mode: account notices by Amazon SES (Cognito only sends its own code messages)."""

import logging
from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.notice_text import (
    ACCOUNT_EXISTS_BODY,
    ACCOUNT_EXISTS_SUBJECT,
    creator_decision_text,
)

log = logging.getLogger(__name__)


class SesNotifier:
    def __init__(self, clients: AwsClients, *, sender: str) -> None:
        self._clients = clients
        self._sender = sender

    @property
    def _ses(self) -> Any:
        return self._clients.client("sesv2")

    def account_exists(self, *, email: str) -> None:
        if not self._sender:
            log.warning("account notice for an existing email not sent: set VALVID_MAIL_FROM")
            return
        try:
            self._ses.send_email(
                FromEmailAddress=self._sender,
                Destination={"ToAddresses": [email]},
                Content={
                    "Simple": {
                        "Subject": {"Data": ACCOUNT_EXISTS_SUBJECT},
                        "Body": {"Text": {"Data": ACCOUNT_EXISTS_BODY}},
                    }
                },
            )
        except ClientError as e:  # e.g. SES sandbox: the answer to sign-up must not change
            log.warning("account notice not sent: %s", e.response.get("Error", {}).get("Code"))

    def creator_decision(self, *, email: str, approved: bool, reason: str) -> None:
        subject, body = creator_decision_text(approved=approved, reason=reason)
        self._send(email, subject, body)

    def _send(self, email: str, subject: str, body: str) -> None:
        if not self._sender:
            log.warning("notice %r not sent: set VALVID_MAIL_FROM", subject)
            return
        try:
            self._ses.send_email(
                FromEmailAddress=self._sender,
                Destination={"ToAddresses": [email]},
                Content={
                    "Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}}
                },
            )
        except ClientError as e:
            log.warning("notice not sent: %s", e.response.get("Error", {}).get("Code"))
