"""S3 POST Object policies, signed and checked the way S3 does it (AWS Signature Version 4).

Local mode hands the browser exactly the fields boto3's generate_presigned_post would, and its
upload endpoint verifies them with the same algorithm, so the two modes share one contract.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

ALGORITHM = "AWS4-HMAC-SHA256"
REGION, SERVICE = "local", "s3"
UNCONDITIONED_FIELDS = ("policy", "x-amz-signature", "file")


class PolicyRejected(Exception):
    """The form does not satisfy its policy; code is S3's error code."""

    def __init__(self, code: str, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True, slots=True)
class PostCredentials:
    access_key: str
    secret_key: str
    bucket: str


def presigned_post_fields(
    creds: PostCredentials,
    *,
    key: str,
    content_type: str,
    max_bytes: int,
    signed_at: datetime,
    expires_at: datetime,
) -> dict[str, str]:
    signed_at = signed_at.astimezone(UTC)
    date, stamp = signed_at.strftime("%Y%m%d"), signed_at.strftime("%Y%m%dT%H%M%SZ")
    credential = f"{creds.access_key}/{date}/{REGION}/{SERVICE}/aws4_request"
    fields = {
        "key": key,
        "Content-Type": content_type,
        "success_action_status": "201",
        "x-amz-algorithm": ALGORITHM,
        "x-amz-credential": credential,
        "x-amz-date": stamp,
    }
    conditions: list = [{"bucket": creds.bucket}, ["starts-with", "$Content-Type", "video/"]]
    conditions += [{k: v} for k, v in fields.items() if k != "Content-Type"]
    conditions.append(["content-length-range", 1, max_bytes])
    policy = {
        "expiration": expires_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "conditions": conditions,
    }
    encoded = base64.b64encode(json.dumps(policy).encode()).decode()
    fields["policy"] = encoded
    fields["x-amz-signature"] = _signature(creds.secret_key, date, encoded)
    return fields


@dataclass(frozen=True, slots=True)
class VerifiedPolicy:
    key: str
    min_bytes: int
    max_bytes: int


def verify_post(creds: PostCredentials, form: dict[str, str], now: datetime) -> VerifiedPolicy:
    """Check signature, expiry and every condition against the form's fields (file excluded)."""
    encoded = form.get("policy", "")
    credential = form.get("x-amz-credential", "")
    parts = credential.split("/")
    if form.get("x-amz-algorithm") != ALGORITHM or len(parts) != 5 or parts[0] != creds.access_key:
        raise PolicyRejected("InvalidAccessKeyId", "The credential in the form is not ours.")
    expected = _signature(creds.secret_key, parts[1], encoded)
    given = form.get("x-amz-signature", "").encode("utf-8", "replace")  # any text, never a 500
    if not hmac.compare_digest(expected.encode(), given):
        raise PolicyRejected("SignatureDoesNotMatch", "The policy signature does not match.")
    try:
        policy = json.loads(base64.b64decode(encoded, validate=True))
        expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%S.%fZ")
    except (ValueError, KeyError, TypeError) as e:
        raise PolicyRejected("InvalidPolicyDocument", "The policy cannot be read.", 400) from e
    if expiration.replace(tzinfo=UTC) <= now:
        raise PolicyRejected("AccessDenied", "Invalid according to Policy: Policy expired.")
    size_range = _check_conditions(policy.get("conditions", []), form, creds.bucket)
    return VerifiedPolicy(key=form.get("key", ""), min_bytes=size_range[0], max_bytes=size_range[1])


def _check_conditions(conditions: list, form: dict[str, str], bucket: str) -> tuple[int, int]:
    size_range = (0, 5 * 1024**3)
    values = dict(form, bucket=bucket)
    covered = set(UNCONDITIONED_FIELDS)
    for condition in conditions:
        if isinstance(condition, dict):
            ((name, wanted),) = condition.items()
            covered.add(name)
            if values.get(name) != wanted:
                raise _condition_failed(name)
        elif condition[0] == "content-length-range":
            size_range = (int(condition[1]), int(condition[2]))
        elif condition[0] in ("eq", "starts-with"):
            name = condition[1].lstrip("$")
            covered.add(name)
            value = values.get(name, "")
            ok = value == condition[2] if condition[0] == "eq" else value.startswith(condition[2])
            if not ok:
                raise _condition_failed(name)
    extra = sorted(n for n in form if n not in covered and not n.startswith("x-ignore-"))
    if extra:
        raise PolicyRejected(
            "AccessDenied", f"Invalid according to Policy: Extra input fields: {extra[0]}"
        )
    return size_range


def _condition_failed(name: str) -> PolicyRejected:
    return PolicyRejected(
        "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {name}"
    )


def _signature(secret_key: str, date: str, string_to_sign: str) -> str:
    key = ("AWS4" + secret_key).encode()
    for part in (date, REGION, SERVICE, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
