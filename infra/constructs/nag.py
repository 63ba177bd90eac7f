"""cdk-nag acknowledgements: every one carries its reason.

IAM wildcard findings (AwsSolutions-IAM5) are acknowledged only where they match what Valvid's
grants must contain: object keys under its own buckets (one per video) and its own tables'
indexes, and CDK's grant action groups on those. Any other wildcard stays a finding.
"""

import json
import re
from typing import Any

from aws_cdk import Acknowledgment, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

SCOPED_RESOURCES = (
    re.compile(r"^arn:<AWS::Partition>:s3:::valvid-[a-z]+-<AWS::AccountId>-<AWS::Region>/\*$"),
    re.compile(
        r"^arn:<AWS::Partition>:dynamodb:(<AWS::Region>|[a-z0-9-]+):<AWS::AccountId>"
        r":table/valvid-[a-z_]+/index/\*$"
    ),
)
GRANT_ACTIONS = {
    "s3:GetObject*",
    "s3:GetBucket*",
    "s3:List*",
    "s3:Abort*",
    "s3:DeleteObject*",
    "s3:PutObject*",
    "s3:Object*",
}
MEDIACONVERT_JOBS = re.compile(
    r"^arn:<AWS::Partition>:mediaconvert:[a-z0-9-]+:<AWS::AccountId>:jobs/\*$"
)
MEDIACONVERT_REASON = "MediaConvert chooses job ids; the account's jobs are the narrowest scope."
RESOURCELESS_ACTIONS = {
    "ecr:GetAuthorizationToken",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "mediaconvert:DescribeEndpoints",
    "ec2:DescribeManagedPrefixLists",
}
RESOURCELESS_REASON = "These actions have no resource-level permissions; '*' is the only form."
SCOPED_REASON = (
    "Scoped to Valvid's own buckets (objects are keyed per video) and its own tables' indexes; "
    "the action groups are CDK's read/write/delete grants on exactly those."
)


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    Validations.of(scope).acknowledge(Acknowledgment(id=rule, reason=reason))


def acknowledge_scoped_wildcards(root: IConstruct) -> None:
    """Acknowledge the expected IAM5 findings of every policy below root (call before synth)."""
    for construct in root.node.find_all():
        if not isinstance(construct, iam.CfnPolicy):
            continue
        stack = Stack.of(construct)
        buckets = {
            stack.get_logical_id(c) for c in stack.node.find_all() if isinstance(c, s3.CfnBucket)
        }
        document = stack.resolve(construct.policy_document)
        for finding in _wildcard_findings(document):
            kind, value = finding.split("::", 1)
            rule = f"AwsSolutions::AwsSolutions-IAM5[{finding}]"
            if value == "*" and kind == "Resource" and _only_resourceless(document):
                acknowledge(construct, rule, RESOURCELESS_REASON)
            elif (kind == "Action" and value in GRANT_ACTIONS) or (
                kind == "Resource" and _own_scope(value, buckets)
            ):
                acknowledge(construct, rule, SCOPED_REASON)
            elif kind == "Resource" and MEDIACONVERT_JOBS.match(value):
                acknowledge(construct, rule, MEDIACONVERT_REASON)


def _own_scope(resource: str, own_buckets: set[str]) -> bool:
    if any(p.match(resource) for p in SCOPED_RESOURCES):
        return True
    same_stack = re.match(r"^<([A-Za-z0-9]+)\.Arn>/\*$", resource)
    return bool(same_stack and same_stack.group(1) in own_buckets)


def _only_resourceless(document: dict[str, Any]) -> bool:
    """Every statement on Resource '*' grants only actions that cannot name a resource."""
    for statement in document.get("Statement", []):
        on_everything = "*" in _as_list(statement.get("Resource"))
        if on_everything and not set(_as_list(statement.get("Action"))) <= RESOURCELESS_ACTIONS:
            return False
    return True


def _wildcard_findings(document: dict[str, Any]) -> list[str]:
    """The finding ids cdk-nag's IAMNoWildcardPermissions rule reports for a policy document."""
    found: list[str] = []
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        for action in _as_list(statement.get("Action")):
            if "*" in action:
                found.append(f"Action::{action}")
        for resource in _as_list(statement.get("Resource")):
            flat = _flatten(resource)
            if "*" in flat:
                found.append(f"Resource::{flat}")
    return found


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _flatten(node: Any) -> str:
    """cdk-nag's flattenCfnReference, so acknowledgement ids match its findings exactly."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if "Fn::Join" in node:
        delimiter, items = node["Fn::Join"]
        return delimiter.join(_flatten(i) for i in items)
    if "Fn::Sub" in node:
        return _flatten(node["Fn::Sub"])
    if "Fn::GetAtt" in node:
        resource, attribute = node["Fn::GetAtt"]
        return f"<{_flatten(resource)}.{_flatten(attribute)}>"
    if "Fn::ImportValue" in node:
        return _flatten(node["Fn::ImportValue"])
    if "Ref" in node:
        return f"<{_flatten(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))
