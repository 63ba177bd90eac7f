"""The few things a deployer sets, read from CDK context (`-c name=value` or cdk.json)."""

from dataclasses import dataclass

from constructs import Node


@dataclass(frozen=True)
class Parameters:
    admin_email: str
    custom_domain: str | None = None
    certificate_arn: str | None = None  # ACM certificate in us-east-1 for custom_domain
    raw_retention_days: int = 30
    app_tasks: int = 1
    mail_from: str | None = None  # SES sender of account notices; verified on deploy

    @classmethod
    def from_context(cls, node: Node) -> "Parameters":
        # The CloudFront key pair is made by the deploy (WebStack's MediaSigningKeyPair).
        return cls(
            admin_email=node.try_get_context("adminEmail") or "admin@example.com",
            custom_domain=node.try_get_context("customDomain"),
            certificate_arn=node.try_get_context("certificateArn"),
            raw_retention_days=int(node.try_get_context("rawRetentionDays") or 30),
            app_tasks=int(node.try_get_context("appTasks") or 1),
            mail_from=node.try_get_context("mailFrom"),
        )
