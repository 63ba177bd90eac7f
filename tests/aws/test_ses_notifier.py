"""aws mode tells the owner of a taken email by SES (moto), and never fails the sign-up."""

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from backend.adapters.aws.ses_notifier import SesNotifier
from backend.adapters.notice_text import ACCOUNT_EXISTS_SUBJECT


def sent(region="eu-west-1"):
    return ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages


def test_the_notice_goes_from_the_verified_sender_to_the_owner(aws):
    aws.client("sesv2").create_email_identity(EmailIdentity="no-reply@valvid.example")
    SesNotifier(aws, sender="no-reply@valvid.example").account_exists(email="ann@example.com")
    (message,) = sent()
    assert message.source == "no-reply@valvid.example"
    assert message.destinations["ToAddresses"] == ["ann@example.com"]
    assert message.subject == ACCOUNT_EXISTS_SUBJECT


def test_a_refused_or_unconfigured_notice_does_not_raise(aws):
    SesNotifier(aws, sender="unverified@valvid.example").account_exists(email="ann@example.com")
    SesNotifier(aws, sender="").account_exists(email="ann@example.com")
    assert sent() == []


def test_signing_up_again_in_aws_mode_mails_the_owner(aws_settings, aws_http, iam_recorder):
    from backend.bootstrap import build_services
    from tests.unit.helpers import PASSWORD

    with iam_recorder.muted():  # the deploy verifies the sender
        aws_http.client("sesv2").create_email_identity(EmailIdentity="no-reply@valvid.example")
    settings = aws_settings.model_copy(update={"mail_from": "no-reply@valvid.example"})
    svc = build_services(settings, clients=aws_http)
    svc.auth.sign_up(email="dee@example.com", username="dee", password=PASSWORD)
    before = len(sent())
    svc.auth.sign_up(email="dee@example.com", username="dee2", password=PASSWORD)
    assert [m.destinations["ToAddresses"] for m in sent()[before:]] == [["dee@example.com"]]
