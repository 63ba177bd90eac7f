"""The whole emulated AWS of aws mode, started and stopped as one: moto's server on loopback,
the CDK app's resources made in it, the MediaConvert stand-in on its REST API, Cognito's mail,
and the event pump running the real Lambda handlers."""

import json
import logging
import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from backend.emulated.mailbox import CognitoMail, Mailbox, mail_sent_by_ses
from backend.emulated.moto_gaps import s3_post_answers_with_cors
from backend.emulated.templates import ACCOUNT, Resolver, TemplateError, synthesize

log = logging.getLogger(__name__)
REGION = "eu-west-1"  # the CDK app's default region
# Credentials that can only ever reach the emulator, for every process of the emulated stack
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "emulated",
    "AWS_SECRET_ACCESS_KEY": "emulated",
    "AWS_SESSION_TOKEN": "emulated",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


class EmulatedAws:
    """`with EmulatedAws(state_dir, public_url) as stack:` then run the app with `stack.app_env`.

    The handlers run in this process, so it takes their environment (and fake credentials)."""

    def __init__(self, state_dir: Path, public_url: str, *, root: Path, aws_port: int = 0):
        self.state_dir = state_dir
        self.public_url = public_url.rstrip("/")
        self.root = root
        self.aws_port = aws_port
        self.mailbox = Mailbox(state_dir / "mail.jsonl")
        self.endpoint = ""
        self.app_env: dict[str, str] = {}
        self._exit = ExitStack()

    def __enter__(self) -> "EmulatedAws":
        try:
            self._start()
        except BaseException:
            self._exit.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self._exit.close()

    def _start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        os.environ.update(FAKE_CREDENTIALS, MOTO_DISABLE_GLOBAL_CORS="true")  # bucket CORS only
        templates = synthesize(self.state_dir / "cdk.out", self.root)
        self.endpoint = self._moto_server()
        s3_post_answers_with_cors()
        CognitoMail(self.mailbox).install()
        mail_sent_by_ses(self.mailbox)
        from backend.adapters.aws.clients import AwsClients

        clients = AwsClients(region=REGION, endpoint_url=self.endpoint)
        os.environ["VALVID_AWS_ENDPOINT_URL"] = self.endpoint  # the custom resource's handler
        resolve = Resolver(REGION, self.public_url, _ssm_reader(clients))
        deployment = _provision(clients, resolve, templates)
        mediaconvert_url = self._mediaconvert(clients)
        emulator = {
            "VALVID_AWS_ENDPOINT_URL": self.endpoint,
            "VALVID_MEDIACONVERT_ENDPOINT": mediaconvert_url,
            "VALVID_SERVE_MEDIA": "true",  # the app's media route stands in for CloudFront
        }
        os.environ.update(_handler_environment(deployment, resolve), **emulator)
        self._pump(clients, deployment)
        self.app_env = {
            **deployment.app_environment, **emulator, **FAKE_CREDENTIALS,
            "VALVID_TRUSTED_PROXY_HOPS": "0",  # no load balancer and CloudFront in front
        }  # fmt: skip
        (self.state_dir / "aws.env").write_text(
            "".join(f"{name}={value}\n" for name, value in sorted(self.app_env.items()))
        )

    def _moto_server(self) -> str:
        from moto.server import ThreadedMotoServer

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.aws_port, verbose=False)
        server.start()
        self._exit.callback(server.stop)
        host, port = server.get_host_and_port()
        return f"http://{host}:{port}"

    def _mediaconvert(self, clients: Any) -> str:
        from backend.emulated.mediaconvert import FfmpegMediaConvertStandIn
        from backend.emulated.mediaconvert_http import serving

        self.mediaconvert = FfmpegMediaConvertStandIn(clients, deliver=_to_eventbridge(clients))
        return self._exit.enter_context(serving(self.mediaconvert))

    def _pump(self, clients: Any, deployment: Any) -> None:
        from backend.emulated.event_pump import EventPump

        pump = EventPump(clients, deployment, self.mediaconvert)
        pump.start()
        self._exit.callback(pump.stop)


def _provision(clients: Any, resolve: Resolver, templates: dict[str, dict]) -> Any:
    from backend.emulated.provision import Provisioner

    return Provisioner(clients, resolve).provision(templates)


def _ssm_reader(clients: Any) -> Any:
    return lambda name: clients.client("ssm").get_parameter(Name=name)["Parameter"]["Value"]


def _handler_environment(deployment: Any, resolve: Resolver) -> dict[str, str]:
    """Every function's variables (they must agree: the handlers share this process)."""
    merged: dict[str, str] = {}
    for name, function in deployment.functions.items():
        if not function.handler.startswith("backend."):
            continue  # CDK's own helper functions (bucket notifications, SDK calls)
        for key, value in resolve(function.environment).items():
            if merged.setdefault(key, str(value)) != str(value):
                raise TemplateError(f"{name}: {key} differs between functions")
    return merged


def _to_eventbridge(clients: Any) -> Any:
    events = clients.client("events")

    def deliver(detail: dict) -> None:
        events.put_events(Entries=[{
            "Source": "aws.mediaconvert", "DetailType": "MediaConvert Job State Change",
            "Detail": json.dumps(detail),
            "Resources": [f"arn:aws:mediaconvert:{REGION}:{ACCOUNT}:jobs/{detail['jobId']}"],
        }])  # fmt: skip

    return deliver
