"""The VALVID_* settings every aws-mode process (the app and each handler) runs with."""

from aws_cdk import Stack

from infra.names import (
    CLOUDFRONT_KEY_SECRET,
    PREFIX,
    bucket_name,
    lookup,
    mediaconvert_queue_arn,
    mediaconvert_role_name,
)


def app_settings(stack: Stack, *, public_url: str, key_pair_id: str) -> dict[str, str]:
    """Every value is a fixed name, a value of the calling stack, or an SSM lookup (no
    cross-stack export)."""
    region = stack.region
    return {
        "VALVID_MODE": "aws",
        "VALVID_AWS_REGION": region,
        "VALVID_AWS_TABLE_PREFIX": PREFIX,
        "VALVID_RAW_BUCKET": bucket_name("raw"),
        "VALVID_MEDIA_BUCKET": bucket_name("media"),
        "VALVID_COGNITO_USER_POOL_ID": lookup(stack, "user-pool-id"),
        "VALVID_COGNITO_CLIENT_ID": lookup(stack, "user-pool-client-id"),
        "VALVID_MEDIACONVERT_ENDPOINT": f"https://mediaconvert.{region}.amazonaws.com",
        "VALVID_MEDIACONVERT_ROLE_ARN": (
            f"arn:{stack.partition}:iam::{stack.account}:role/{mediaconvert_role_name()}"
        ),
        "VALVID_MEDIACONVERT_QUEUE_ARN": mediaconvert_queue_arn(stack),
        "VALVID_CLOUDFRONT_KEY_PAIR_ID": key_pair_id,
        "VALVID_CLOUDFRONT_PRIVATE_KEY_SECRET": CLOUDFRONT_KEY_SECRET,
        "VALVID_PUBLIC_URL": public_url,
        "VALVID_MEDIA_URL": public_url,
    }
