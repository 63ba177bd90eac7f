"""The few things a deployer sets, read from CDK context (`-c name=value` or cdk.json)."""

from dataclasses import dataclass

from constructs import Node

# S3's names; GLACIER and DEEP_ARCHIVE need a restore before a source can be re-encoded
ARCHIVE_CLASSES = ("STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")


@dataclass(frozen=True)
class Parameters:
    admin_email: str | None = None  # subscribed to the alerts topic (alarms, failed jobs)
    custom_domain: str | None = None
    certificate_arn: str | None = None  # ACM certificate in us-east-1 for custom_domain
    raw_archive_days: int = 30  # raw sources move to raw_archive_class after this
    raw_archive_class: str = "GLACIER_IR"  # still readable by MediaConvert, no restore
    raw_retention_days: int | None = None  # delete raw sources after this (default: keep)
    app_tasks: int = 1
    mail_from: str | None = None  # SES sender of account notices; verified on deploy
    cognito_email_from: str | None = None  # SES-verified sender of Cognito's codes
    threat_protection: bool = False  # Cognito Plus tier: adaptive auth, leaked passwords

    def __post_init__(self) -> None:
        if self.raw_archive_class not in ARCHIVE_CLASSES:
            raise ValueError(f"rawArchiveClass must be one of {', '.join(ARCHIVE_CLASSES)}")

    @classmethod
    def from_context(cls, node: Node) -> "Parameters":
        # The CloudFront key pair is made by the deploy (WebStack's MediaSigningKeyPair).
        return cls(
            admin_email=node.try_get_context("adminEmail") or None,
            custom_domain=node.try_get_context("customDomain"),
            certificate_arn=node.try_get_context("certificateArn"),
            raw_archive_days=int(node.try_get_context("rawArchiveDays") or 30),
            raw_archive_class=str(node.try_get_context("rawArchiveClass") or "GLACIER_IR"),
            raw_retention_days=_optional_int(node.try_get_context("rawRetentionDays")),
            app_tasks=int(node.try_get_context("appTasks") or 1),
            mail_from=node.try_get_context("mailFrom"),
            cognito_email_from=node.try_get_context("cognitoEmailFrom") or None,
            threat_protection=str(node.try_get_context("threatProtection")).lower() == "true",
        )


def _optional_int(value: object) -> int | None:
    return int(str(value)) if value not in (None, "", 0, "0") else None
