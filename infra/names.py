"""Fixed physical names and SSM parameters through which the stacks find each other.

No stack imports another's CloudFormation exports: an export in use cannot change, so a later
replacement of the resource behind it (a new key, a new distribution) would fail to deploy.
Resources other stacks use get fixed, account- and region-unique names; values AWS chooses
(ids, domain names) are published as SSM parameters and resolved on each deploy.
"""

from typing import cast

from aws_cdk import Aws, Stack
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ssm as ssm
from constructs import Construct

PREFIX = "valvid"
ALERTS_TOPIC = "valvid-alerts"
MEDIACONVERT_QUEUE = "valvid"
CLOUDFRONT_KEY_SECRET = "valvid/cloudfront-private-key"
PARAMETERS = "/valvid"


def bucket_name(role: str) -> str:
    """Fixed, account- and region-unique names, so other stacks grant on them without imports."""
    return f"valvid-{role}-{Aws.ACCOUNT_ID}-{Aws.REGION}"


def mediaconvert_role_name() -> str:
    return f"valvid-mediaconvert-{Aws.REGION}"  # IAM names are global: one per region


def mediaconvert_queue_arn(stack: Stack) -> str:
    return (
        f"arn:{stack.partition}:mediaconvert:{stack.region}:{stack.account}"
        f":queues/{MEDIACONVERT_QUEUE}"
    )


def alerts_topic_arn(stack: Stack) -> str:
    return f"arn:{stack.partition}:sns:{stack.region}:{stack.account}:{ALERTS_TOPIC}"


def publish(scope: Construct, name: str, value: str) -> None:
    """Make a value AWS chose readable by later stacks (see lookup)."""
    ssm.StringParameter(
        scope,
        f"Shared{name.title().replace('-', '')}",
        parameter_name=f"{PARAMETERS}/{name}",
        string_value=value,
    )


def lookup(scope: Construct, name: str) -> str:
    """A value another stack published; CloudFormation resolves it on every deploy."""
    return ssm.StringParameter.value_for_string_parameter(scope, f"{PARAMETERS}/{name}")


def user_pool_arn(stack: Stack) -> str:
    pool = lookup(stack, "user-pool-id")
    return f"arn:{stack.partition}:cognito-idp:{stack.region}:{stack.account}:userpool/{pool}"


def signing_key_secret(stack: Stack) -> secretsmanager.ISecret:
    """The CloudFront private key's secret (data stack), by name; the same one per stack."""
    found = stack.node.try_find_child("SigningKeySecret")
    if found is not None:
        return cast(secretsmanager.ISecret, found)
    return secretsmanager.Secret.from_secret_name_v2(
        stack, "SigningKeySecret", CLOUDFRONT_KEY_SECRET
    )
