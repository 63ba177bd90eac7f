"""Presigned URLs signed and checked the way S3 does it: AWS Signature Version 4 in the query
string (X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders, -Signature), payload
unsigned. botocore's presigner and this module produce URLs the other one accepts."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote

from backend.adapters.local.post_policy import (
    ALGORITHM,
    REGION,
    SERVICE,
    PolicyRejected,
    PostCredentials,
)

MAX_EXPIRES_S = 7 * 24 * 3600  # S3's limit for a SigV4 presigned URL
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
SIGNATURE = "X-Amz-Signature"


def presign(
    creds: PostCredentials,
    *,
    method: str,
    host: str,
    path: str,
    params: dict[str, str],
    signed_at: datetime,
    expires_s: int,
) -> str:
    """The query string (after "?") that lets method on host+path with params until
    signed_at + expires_s."""
    signed_at = signed_at.astimezone(UTC)
    date, stamp = signed_at.strftime("%Y%m%d"), signed_at.strftime("%Y%m%dT%H%M%SZ")
    query = dict(params)
    query.update({
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": f"{creds.access_key}/{date}/{REGION}/{SERVICE}/aws4_request",
        "X-Amz-Date": stamp,
        "X-Amz-Expires": str(expires_s),
        "X-Amz-SignedHeaders": "host",
    })  # fmt: skip
    pairs = [(_encode(k), _encode(v)) for k, v in query.items()]
    signature = _signature(creds.secret_key, method, host, path, pairs, {})
    return _joined(pairs) + f"&{SIGNATURE}={signature}"


def verify(
    creds: PostCredentials,
    *,
    method: str,
    host: str,
    path: str,
    raw_query: str,
    headers: dict[str, str],
    now: datetime,
) -> dict[str, str]:
    """The URL's parameters, once its signature, credential and expiry check out;
    PolicyRejected (403, S3's code) otherwise."""
    pairs, given = [], ""
    for item in filter(None, raw_query.split("&")):
        key, _, value = item.partition("=")
        key, value = unquote(key), unquote(value)
        if key == SIGNATURE:
            given = value
        else:
            pairs.append((_encode(key), _encode(value)))
    params = {unquote(k): unquote(v) for k, v in pairs}
    credential = params.get("X-Amz-Credential", "").split("/")
    if params.get("X-Amz-Algorithm") != ALGORITHM or not given:
        raise PolicyRejected("AccessDenied", "Query-string authentication is required.")
    if len(credential) != 5 or credential[0] != creds.access_key:
        raise PolicyRejected("InvalidAccessKeyId", "The credential in the URL is not ours.")
    if credential[2:] != [REGION, SERVICE, "aws4_request"]:
        raise PolicyRejected("AuthorizationQueryParametersError", "The credential scope is wrong.")
    signed = params.get("X-Amz-SignedHeaders", "").split(";")
    signed_headers = {h: headers.get(h, "") for h in signed}
    if "host" not in signed_headers:
        raise PolicyRejected("AccessDenied", "The host header must be signed.")
    signed_headers["host"] = host
    expected = _signature(creds.secret_key, method, host, path, pairs, signed_headers)
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise PolicyRejected("SignatureDoesNotMatch", "The request signature does not match.")
    try:
        signed_at = datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        expires_s = int(params["X-Amz-Expires"])
    except (KeyError, ValueError) as e:
        raise PolicyRejected("AuthorizationQueryParametersError", "Bad date or expiry.") from e
    if not 1 <= expires_s <= MAX_EXPIRES_S or credential[1] != params["X-Amz-Date"][:8]:
        raise PolicyRejected("AuthorizationQueryParametersError", "Bad date or expiry.")
    if now > signed_at + timedelta(seconds=expires_s):
        raise PolicyRejected("AccessDenied", "Request has expired")
    return params


def canonical_path(path: str) -> str:
    return quote(path, safe="/-_.~")


def _signature(
    secret_key: str,
    method: str,
    host: str,
    path: str,
    pairs: list[tuple[str, str]],
    headers: dict[str, str],
) -> str:
    headers = dict(headers or {"host": host})
    names = sorted(headers)
    canonical = "\n".join([
        method,
        canonical_path(path),
        _joined(sorted(pairs)),
        "".join(f"{n}:{' '.join(headers[n].split())}\n" for n in names),
        ";".join(names),
        UNSIGNED_PAYLOAD,
    ])  # fmt: skip
    params = dict(pairs)
    stamp = unquote(params["X-Amz-Date"]) if "X-Amz-Date" in params else ""
    scope = unquote(params.get("X-Amz-Credential", "")).split("/", 1)[-1]
    to_sign = "\n".join([ALGORITHM, stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode()
    for part in scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _joined(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in pairs)
