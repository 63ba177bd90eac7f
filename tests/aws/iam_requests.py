"""The IAM actions and resource ARNs an AWS call needs, named as deployed: `deployed` turns a
test's table, bucket, pool or secret name into the one the synthesized templates give."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.aws.deployed_roles import ACCOUNT, PARTITION, REGION, SECRET_SUFFIX


@dataclass(frozen=True)
class Call:
    component: str
    service: str  # botocore's service name: dynamodb, s3, cognito-idp, sesv2, ...
    operation: str
    params: dict[str, Any] = field(hash=False)
    unsigned: bool = False  # an operation AWS serves without credentials (Cognito SignUp)

    def __str__(self) -> str:
        shown = {k: v for k, v in self.params.items() if isinstance(v, str)}
        return f"{self.service}.{self.operation}({shown})"


Need = tuple[str, str]  # (action, resource ARN)
S3_OBJECT_ACTIONS = {
    "GetObject": "s3:GetObject",
    "HeadObject": "s3:GetObject",
    "PutObject": "s3:PutObject",
    "CreateMultipartUpload": "s3:PutObject",
    "UploadPart": "s3:PutObject",
    "CompleteMultipartUpload": "s3:PutObject",
    "AbortMultipartUpload": "s3:AbortMultipartUpload",
    "ListParts": "s3:ListMultipartUploadParts",
    "DeleteObject": "s3:DeleteObject",
}
S3_BUCKET_ACTIONS = {
    "ListObjectsV2": "s3:ListBucket",
    "ListObjects": "s3:ListBucket",
    "HeadBucket": "s3:ListBucket",
    "ListMultipartUploads": "s3:ListBucketMultipartUploads",
}
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


def needs(call: Call, deployed: Callable[[str], str]) -> list[Need]:
    if call.unsigned:
        return []
    p = call.params
    if call.service == "dynamodb":
        return _dynamodb(call.operation, p, deployed)
    if call.service == "s3":
        return _s3(call.operation, p, deployed)
    if call.service == "cognito-idp":
        pool = deployed(p["UserPoolId"])
        return [(f"cognito-idp:{call.operation}", f"{_arn('cognito-idp')}userpool/{pool}")]
    if call.service == "secretsmanager":
        secret = deployed(p["SecretId"])
        if not secret.startswith("arn:"):
            secret = f"{_arn('secretsmanager')}secret:{secret}-{SECRET_SUFFIX}"
        return [(f"secretsmanager:{call.operation}", secret)]
    if call.service == "sesv2" and call.operation == "SendEmail":
        return [("ses:SendEmail", f"{_arn('ses')}identity/{deployed(p['FromEmailAddress'])}")]
    if call.service == "mediaconvert":
        return _mediaconvert(call.operation, p, deployed)
    raise LookupError(f"no IAM mapping for {call}; add one to tests/aws/iam_requests.py")


def _arn(service: str) -> str:
    return f"arn:{PARTITION}:{service}:{REGION}:{ACCOUNT}:"


def _table(name: str, deployed: Callable[[str], str], index: str | None = None) -> str:
    arn = f"{_arn('dynamodb')}table/{deployed(name)}"
    return f"{arn}/index/{index}" if index else arn


def _dynamodb(operation: str, p: dict[str, Any], deployed: Callable[[str], str]) -> list[Need]:
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(f"dynamodb:{operation}", _table(t, deployed)) for t in p["RequestItems"]]
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return [
            (f"dynamodb:{TRANSACT_ACTIONS[kind]}", _table(item["TableName"], deployed))
            for entry in p["TransactItems"]
            for kind, item in entry.items()
        ]
    return [(f"dynamodb:{operation}", _table(p["TableName"], deployed, p.get("IndexName")))]


def _s3(operation: str, p: dict[str, Any], deployed: Callable[[str], str]) -> list[Need]:
    bucket = f"arn:{PARTITION}:s3:::{deployed(p['Bucket'])}"
    if operation in S3_BUCKET_ACTIONS:
        return [(S3_BUCKET_ACTIONS[operation], bucket)]
    if operation == "DeleteObjects":
        return [("s3:DeleteObject", f"{bucket}/{o['Key']}") for o in p["Delete"]["Objects"]]
    if operation == "CopyObject":
        source = p["CopySource"]
        if isinstance(source, str):
            source_bucket, _, source_key = source.lstrip("/").partition("/")
        else:
            source_bucket, source_key = source["Bucket"], source["Key"]
        return [
            ("s3:GetObject", f"arn:{PARTITION}:s3:::{deployed(source_bucket)}/{source_key}"),
            ("s3:PutObject", f"{bucket}/{p['Key']}"),
        ]
    if operation in S3_OBJECT_ACTIONS:
        return [(S3_OBJECT_ACTIONS[operation], f"{bucket}/{p['Key']}")]
    raise LookupError(f"no IAM mapping for s3.{operation}; add one to tests/aws/iam_requests.py")


def _mediaconvert(operation: str, p: dict[str, Any], deployed: Callable[[str], str]) -> list[Need]:
    if operation == "CreateJob":
        return [
            ("mediaconvert:CreateJob", deployed(p["Queue"])),
            ("iam:PassRole", deployed(p["Role"])),
        ]
    return [(f"mediaconvert:{operation}", f"{_arn('mediaconvert')}jobs/{p['Id']}")]
