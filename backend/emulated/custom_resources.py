"""CloudFormation's side of a custom resource: the request event, and a real HTTP endpoint on
loopback standing in for the pre-signed ResponseURL that collects the answers."""

import importlib
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def response_url() -> Iterator[tuple[str, list[dict]]]:
    answers: list[dict] = []

    class Collect(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers["Content-Length"])
            answers.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Collect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/cfn-answer?X-Amz-Signature=x", answers
    finally:
        server.shutdown()
        server.server_close()


def request(kind: str, url: str, properties: dict, physical_id: str | None = None) -> dict:
    event = {
        "RequestType": kind,
        "ServiceToken": "arn:aws:lambda:eu-west-1:123456789012:function:valvid-keys",
        "ResponseURL": url,
        "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/ValvidWeb/1",
        "RequestId": str(uuid.uuid4()),
        "LogicalResourceId": "MediaSigningKeyPair",
        "ResourceType": "Custom::CloudFrontKeyPair",
        "ResourceProperties": {"ServiceToken": "arn:...", **properties},
    }
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def run_custom_resource(handler: str, logical_id: str, properties: dict) -> dict[str, str]:
    """Runs a custom resource's handler (dotted name, as the function image's command) on a
    Create request, as CloudFormation would; the Data it answers, or an error."""
    module, _, name = handler.rpartition(".")
    handle = getattr(importlib.import_module(module), name)
    with response_url() as (url, answers):
        event = request("Create", url, properties)
        event["LogicalResourceId"] = logical_id
        handle(event, None)
    if not answers or answers[0]["Status"] != "SUCCESS":
        raise RuntimeError(f"custom resource {logical_id} failed: {answers}")
    return dict(answers[0].get("Data") or {})
