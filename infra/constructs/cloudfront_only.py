"""An internal load balancer that only CloudFront (its VPC origin) may reach."""

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import custom_resources as cr

ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing"


def admit_only_cloudfront(load_balancer: elbv2.ApplicationLoadBalancer) -> None:
    """HTTP on port 80 from CloudFront's origin-facing prefix list and nothing else. The
    list's id differs per region, so a deploy-time call looks it up."""
    found = cr.AwsCustomResource(
        load_balancer,
        "CloudFrontOriginFacing",
        on_create=_describe_prefix_list(),
        on_update=_describe_prefix_list(),
        policy=cr.AwsCustomResourcePolicy.from_sdk_calls(
            resources=cr.AwsCustomResourcePolicy.ANY_RESOURCE
        ),
        install_latest_aws_sdk=False,
    )
    prefix_list = found.get_response_field("PrefixLists.0.PrefixListId")
    load_balancer.connections.allow_from(
        ec2.Peer.prefix_list(prefix_list), ec2.Port.tcp(80), "CloudFront VPC origin"
    )


def _describe_prefix_list() -> cr.AwsSdkCall:
    return cr.AwsSdkCall(
        service="EC2",
        action="describeManagedPrefixLists",
        parameters={"Filters": [{"Name": "prefix-list-name", "Values": [ORIGIN_FACING]}]},
        physical_resource_id=cr.PhysicalResourceId.of(ORIGIN_FACING),
        output_paths=["PrefixLists.0.PrefixListId"],
    )
