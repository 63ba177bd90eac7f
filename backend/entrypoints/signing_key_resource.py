"""The CloudFormation custom resource that gives a first deploy its CloudFront key pair: the
private key goes to Secrets Manager, the public key back to the template (for the key group).

CloudFormation waits for an answer at the request's pre-signed ResponseURL; every outcome,
failures included, is answered there, or the stack would hang for an hour.
"""

import json
import logging
import os
import urllib.request
from typing import Any

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.secrets import ensure_signing_key_pair

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)


def handle(event: dict[str, Any], _context: Any = None) -> None:
    secret_id = str(event.get("ResourceProperties", {}).get("SecretId", ""))
    status, reason, data = "SUCCESS", "", {}
    try:
        if event["RequestType"] in ("Create", "Update"):
            # Lambda sets AWS_REGION; an emulator's endpoint comes as for every process
            clients = AwsClients(
                region=os.environ.get("AWS_REGION", ""),
                endpoint_url=os.environ.get("VALVID_AWS_ENDPOINT_URL") or None,
            )
            data = {"PublicKey": ensure_signing_key_pair(clients, secret_id)}
        # Delete: the secret is retained with its key, so a new stack can sign with it again
    except Exception as e:
        log.exception("signing key pair for %s failed", secret_id)
        status, reason = "FAILED", f"{type(e).__name__}: {e}"[:500]
    respond(event, status=status, reason=reason, data=data, physical_id=secret_id or "none")


def respond(
    event: dict[str, Any], *, status: str, reason: str, data: dict[str, str], physical_id: str
) -> None:
    body = json.dumps(
        {
            "Status": status,
            "Reason": reason or f"See the function's log ({status})",
            "PhysicalResourceId": physical_id,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "Data": data,
        }
    ).encode()
    request = urllib.request.Request(
        event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": ""}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (CloudFormation's https URL)
        log.info("answered CloudFormation: %s (%s)", status, answer.status)
