"""Records every AWS call made through an AwsClients (botocore's before-parameter-build event:
service, operation, parameters) together with the component that made it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backend.adapters.aws.clients import AwsClients
from tests.aws.iam_requests import Call

APP = "app"
MEDIACONVERT = "mediaconvert"  # the service itself, running as the role jobs pass it


class CallRecorder:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._components = [APP]
        self._muted = 0

    @property
    def component(self) -> str:
        return self._components[-1]

    @contextmanager
    def within(self, component: str) -> Iterator[None]:
        self._components.append(component)
        try:
            yield
        finally:
            self._components.pop()

    @contextmanager
    def muted(self) -> Iterator[None]:
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    def record(self, service: str, operation: str, params: dict[str, Any]) -> None:
        if not self._muted:
            self.calls.append(Call(self.component, service, operation, dict(params)))

    def watch(self, clients: AwsClients) -> None:
        """Every client `clients` made or will make, including those made from its session."""
        clients.session.events.register("before-parameter-build", self._on_call)
        for made in list(clients._clients.values()):
            client = getattr(made, "meta", None) and getattr(made.meta, "client", made)
            self.watch_client(client)

    def watch_client(self, client: Any) -> None:
        client.meta.events.register("before-parameter-build", self._on_call)
        if client.meta.service_model.service_name == "s3":
            self._watch_presigned_post(client)

    def _on_call(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self._muted:
            return
        self.calls.append(
            Call(
                self.component,
                model.service_model.service_name,
                model.name,
                dict(params),
                unsigned=model.auth_type == "none",
            )  # fmt: skip
        )

    def _watch_presigned_post(self, client: Any) -> None:
        """A presigned POST is a PutObject made with the presigner's permissions (botocore
        itself emits it as a CreateBucket parameter build, which is muted here)."""
        if getattr(client, "_recorded_post", False):
            return
        presign = client.generate_presigned_post

        def generate_presigned_post(Bucket: str, Key: str, *args: Any, **kw: Any) -> Any:
            self.record("s3", "PutObject", {"Bucket": Bucket, "Key": Key})
            with self.muted():
                return presign(Bucket, Key, *args, **kw)

        client.generate_presigned_post = generate_presigned_post
        client._recorded_post = True

    def watch_mediaconvert(self, standin: Any) -> None:
        """The stand-in's own transcoding runs as MediaConvert (under the role jobs pass); the
        calls made to it go through botocore and are recorded like every other."""
        run = standin.run_pending
        standin.run_pending = lambda: self._as(MEDIACONVERT, run)

    def watch_submitter(self, submitter: Any, *, role_arn: str, queue_arn: str) -> None:
        """For the plain fake (no MediaConvert API behind it): the calls MediaConvertSubmitter
        makes per method."""
        self._wrap(submitter, "submit",
                   lambda **_: ("CreateJob", {"Queue": queue_arn, "Role": role_arn}))  # fmt: skip
        for method in ("cancel", "status", "result"):
            operation = "CancelJob" if method == "cancel" else "GetJob"
            self._wrap(submitter, method, lambda job_id, op=operation: (op, {"Id": job_id}))

    def _wrap(self, target: Any, method: str, call_of: Any) -> None:
        original = getattr(target, method)

        def recorded(*args: Any, **kw: Any) -> Any:
            self.record("mediaconvert", *call_of(*args, **kw))
            return original(*args, **kw)

        setattr(target, method, recorded)

    def _as(self, component: str, run: Any, *args: Any) -> Any:
        with self.within(component):
            return run(*args)

    def wrap_handler(self, name: str, handler: Any) -> Any:
        return lambda *args, **kw: self._as(name, lambda: handler(*args, **kw))
