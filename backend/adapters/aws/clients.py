"""The one factory for AWS clients: session, endpoint and retry policy in one place.

Adapters ask for clients lazily (on first use), so tests that start moto after building the
services still get mocked clients.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import boto3
from botocore.config import Config

RETRIES = {"max_attempts": 5, "mode": "standard"}


@dataclass
class AwsClients:
    region: str
    endpoint_url: str | None = None
    profile: str | None = None
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def session(self) -> boto3.session.Session:
        return boto3.session.Session(profile_name=self.profile, region_name=self.region)

    def client(self, service: str, **config: Any) -> Any:
        if service not in self._clients:
            options = {"retries": RETRIES, **config}
            if service == "s3":
                options.setdefault("signature_version", "s3v4")
                if self.endpoint_url is None:
                    # URLs for browsers name the bucket's region: the global endpoint answers a
                    # new bucket with 307 redirects, and a redirected CORS preflight fails.
                    options.setdefault(
                        "s3",
                        {"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"},
                    )
            self._clients[service] = self.session.client(
                service, endpoint_url=self.endpoint_url, config=Config(**options)
            )
        return self._clients[service]

    def resource(self, service: str) -> Any:
        key = f"resource:{service}"
        if key not in self._clients:
            self._clients[key] = self.session.resource(
                service, endpoint_url=self.endpoint_url, config=Config(retries=RETRIES)
            )
        return self._clients[key]
