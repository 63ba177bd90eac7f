"""The MediaConvert stand-in on MediaConvert's REST API (CreateJob, GetJob, CancelJob), so the
real submitter reaches it through botocore at VALVID_MEDIACONVERT_ENDPOINT: requests arrive as
botocore serializes them and answers go back in the wire names botocore parses."""

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import botocore.session

from backend.emulated.mediaconvert import FfmpegMediaConvertStandIn, JobRefused, UnknownJob

JOBS = "/2017-08-29/jobs"
_MODEL = botocore.session.get_session().get_service_model("mediaconvert")


@contextmanager
def serving(standin: FfmpegMediaConvertStandIn, port: int = 0) -> Iterator[str]:
    """The stand-in's endpoint URL on loopback while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(standin))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="mediaconvert", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def _handler_for(standin: FfmpegMediaConvertStandIn) -> type[BaseHTTPRequestHandler]:
    class MediaConvertApi(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path.split("?")[0] != JOBS:
                return self._answer(404, "NotFoundException", {"message": "No such route"})
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            request = from_wire(_MODEL.operation_model("CreateJob").input_shape, body)
            self._call("CreateJob", 201, lambda: standin.create_job(**request))

        def do_GET(self) -> None:  # noqa: N802
            job_id = self._job_id()
            self._call("GetJob", 200, lambda: standin.get_job(Id=job_id))

        def do_DELETE(self) -> None:  # noqa: N802
            job_id = self._job_id()
            self._call("CancelJob", 202, lambda: standin.cancel_job(Id=job_id))

        def _job_id(self) -> str:
            match = re.fullmatch(JOBS + r"/([^/?]+)", self.path.split("?")[0])
            return match.group(1) if match else ""

        def _call(self, operation: str, status: int, call: Any) -> None:
            try:
                result = call()
            except JobRefused as e:
                return self._answer(400, "BadRequestException", {"message": str(e)})
            except UnknownJob as e:
                return self._answer(404, "NotFoundException", {"message": f"No job {e}"})
            output = _MODEL.operation_model(operation).output_shape
            self._answer(status, "", to_wire(output, result) if output else {})

        def _answer(self, status: int, error: str, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if error:
                self.send_header("x-amzn-ErrorType", error)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: Any) -> None:
            pass

    return MediaConvertApi


def from_wire(shape: Any, value: Any) -> Any:
    """A JSON body in the service's wire names → the operation's parameters."""
    kind = shape.type_name
    if kind == "structure":
        out = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if wire in value:
                out[name] = from_wire(member, value[wire])
        return out
    if kind == "list":
        return [from_wire(shape.member, item) for item in value]
    if kind == "map":
        return {key: from_wire(shape.value, item) for key, item in value.items()}
    return value


def to_wire(shape: Any, value: Any) -> Any:
    """An operation's result → its JSON body in the service's wire names."""
    kind = shape.type_name
    if kind == "structure":
        return {
            member.serialization.get("name", name): to_wire(member, value[name])
            for name, member in shape.members.items()
            if name in value
        }
    if kind == "list":
        return [to_wire(shape.member, item) for item in value]
    if kind == "map":
        return {key: to_wire(shape.value, item) for key, item in value.items()}
    return value
