"""What the synthesized CDK templates give each component once deployed: the identity policy
statements of the role it runs as and its environment, with every CloudFormation intrinsic
resolved to the value a deploy into ACCOUNT/REGION would produce."""

from dataclasses import dataclass
from typing import Any

ACCOUNT, REGION, PARTITION = "123456789012", "eu-west-1", "aws"
SECRET_SUFFIX = "AbCdEf"  # Secrets Manager appends six random characters to a secret's ARN
GENERATED = "Gen3r4t3d"  # CloudFormation's random part of a generated physical name
PSEUDO = {
    "AWS::AccountId": ACCOUNT,
    "AWS::Region": REGION,
    "AWS::Partition": PARTITION,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "stack",
    "AWS::NoValue": None,
}
LAMBDA_HANDLERS = "backend.entrypoints.lambdas."
APP = "app"


@dataclass(frozen=True)
class Component:
    name: str  # "app", or the Lambda handler's name
    role: str  # logical id of its role
    statements: list[dict[str, Any]]
    environment: dict[str, str]


class Deployment:
    def __init__(self, templates: dict[str, dict[str, Any]]) -> None:
        self._templates = templates
        self._exports = {
            output["Export"]["Name"]: (stack, output["Value"])
            for stack, template in templates.items()
            for output in template.get("Outputs", {}).values()
            if "Export" in output
        }

    def components(self) -> dict[str, Component]:
        found: dict[str, Component] = {}
        for stack, template in self._templates.items():
            for resource in template["Resources"].values():
                props = resource.get("Properties", {})
                if resource["Type"] == "AWS::ECS::TaskDefinition" and "TaskRoleArn" in props:
                    found[APP] = self._component(stack, APP, props["TaskRoleArn"],
                                                 props["ContainerDefinitions"][0])  # fmt: skip
                if resource["Type"] == "AWS::Lambda::Function":
                    command = (props.get("ImageConfig") or {}).get("Command") or [""]
                    if command[0].startswith(LAMBDA_HANDLERS):
                        name = command[0].removeprefix(LAMBDA_HANDLERS)
                        found[name] = self._component(stack, name, props["Role"], props)
        return found

    def role_statements(self, stack: str, role: str) -> list[dict[str, Any]]:
        """Every identity statement attached to a role: its inline policies and the
        AWS::IAM::Policy resources of any stack that name it."""
        template = self._templates[stack]
        statements = [
            self.resolve(stack, statement)
            for policy in template["Resources"][role]["Properties"].get("Policies", [])
            for statement in policy["PolicyDocument"]["Statement"]
        ]
        for other, other_template in self._templates.items():
            for resource in other_template["Resources"].values():
                if resource["Type"] != "AWS::IAM::Policy":
                    continue
                props = resource["Properties"]
                attached = [self.resolve(other, r) for r in props.get("Roles", [])]
                if role in attached or self._ref(stack, role) in attached:
                    statements += [
                        self.resolve(other, s) for s in props["PolicyDocument"]["Statement"]
                    ]
        return statements

    def role_by_arn(self, arn: str) -> tuple[str, str]:
        for stack, template in self._templates.items():
            for logical, resource in template["Resources"].items():
                if resource["Type"] == "AWS::IAM::Role" and self._arn(stack, logical) == arn:
                    return stack, logical
        raise KeyError(arn)

    def _component(self, stack: str, name: str, role_arn: Any, container: dict) -> Component:
        role = role_arn["Fn::GetAtt"][0]
        env = container.get("Environment")
        if isinstance(env, dict):  # a Lambda function's {"Variables": {...}}
            environment = {k: self.resolve(stack, v) for k, v in env["Variables"].items()}
        else:
            environment = {e["Name"]: self.resolve(stack, e["Value"]) for e in env or []}
        return Component(name, role, self.role_statements(stack, role), environment)

    def resolve(self, stack: str, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(stack, v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) != 1 or not next(iter(value)).startswith(("Fn::", "Ref")):
            return {k: self.resolve(stack, v) for k, v in value.items()}
        ((function, argument),) = value.items()
        if function == "Ref":
            return PSEUDO[argument] if argument in PSEUDO else self._ref(stack, argument)
        if function == "Fn::GetAtt":
            logical, attribute = argument if isinstance(argument, list) else argument.split(".")
            return self._get_att(stack, logical, attribute)
        if function == "Fn::ImportValue":
            exporter, exported = self._exports[self.resolve(stack, argument)]
            return self.resolve(exporter, exported)
        if function == "Fn::Join":
            separator, parts = argument
            return separator.join(str(p) for p in self.resolve(stack, parts))
        if function == "Fn::Select":
            index, items = self.resolve(stack, argument)
            return items[int(index)]
        if function == "Fn::Split":
            separator, text = self.resolve(stack, argument)
            return text.split(separator)
        if function == "Fn::Sub":
            return self._sub(stack, argument)
        raise NotImplementedError(f"{function} in {stack}")

    def _sub(self, stack: str, argument: Any) -> str:
        text, names = (argument, {}) if isinstance(argument, str) else argument
        for name, replacement in names.items():
            text = text.replace("${" + name + "}", str(self.resolve(stack, replacement)))
        while "${" in text:
            start = text.index("${")
            name = text[start + 2 : text.index("}", start)]
            logical, _, attribute = name.partition(".")
            if name in PSEUDO:
                resolved = PSEUDO[name]
            elif attribute:
                resolved = self._get_att(stack, logical, attribute)
            else:
                resolved = self._ref(stack, logical)
            text = text.replace("${" + name + "}", str(resolved))
        return text

    def _properties(self, stack: str, logical: str) -> tuple[str, dict[str, Any]]:
        resource = self._templates[stack]["Resources"][logical]
        return resource["Type"], resource.get("Properties", {})

    def _ref(self, stack: str, logical: str) -> Any:
        parameter = self._templates[stack].get("Parameters", {}).get(logical)
        if parameter is not None and "SSM::Parameter::Value" in parameter.get("Type", ""):
            return self._ssm_value(parameter["Default"])
        kind, props = self._properties(stack, logical)
        if kind == "AWS::S3::Bucket":
            return self.resolve(stack, props.get("BucketName")) or logical.lower()
        if kind == "AWS::SecretsManager::Secret":
            name = self.resolve(stack, props.get("Name")) or f"{logical}-{GENERATED}"
            return (
                f"arn:{PARTITION}:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-{SECRET_SUFFIX}"
            )
        if kind == "AWS::Cognito::UserPool":
            return f"{REGION}_{logical[:9]}"
        if kind == "AWS::IAM::Role" and props.get("RoleName"):
            return self.resolve(stack, props["RoleName"])
        if kind == "AWS::SES::EmailIdentity":
            return self.resolve(stack, props["EmailIdentity"])
        return logical

    def _ssm_value(self, name: str) -> Any:
        """What another stack published under an SSM parameter name (infra/names.py)."""
        for stack, template in self._templates.items():
            for resource in template["Resources"].values():
                props = resource.get("Properties", {})
                if resource["Type"] == "AWS::SSM::Parameter" and props.get("Name") == name:
                    return self.resolve(stack, props["Value"])
        raise KeyError(name)

    def _arn(self, stack: str, logical: str) -> str:
        kind, props = self._properties(stack, logical)
        ref = self._ref(stack, logical)
        if kind == "AWS::IAM::Role":
            return f"arn:{PARTITION}:iam::{ACCOUNT}:role/{ref}"
        if kind == "AWS::S3::Bucket":
            return f"arn:{PARTITION}:s3:::{ref}"
        if kind == "AWS::Cognito::UserPool":
            return f"arn:{PARTITION}:cognito-idp:{REGION}:{ACCOUNT}:userpool/{ref}"
        if kind == "AWS::MediaConvert::Queue":
            name = self.resolve(stack, props.get("Name")) or logical
            return f"arn:{PARTITION}:mediaconvert:{REGION}:{ACCOUNT}:queues/{name}"
        if kind in ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"):
            name = self.resolve(stack, props.get("TableName")) or logical
            return f"arn:{PARTITION}:dynamodb:{REGION}:{ACCOUNT}:table/{name}"
        service = kind.split("::")[1].lower()
        return f"arn:{PARTITION}:{service}:{REGION}:{ACCOUNT}:{logical}"

    def _get_att(self, stack: str, logical: str, attribute: str) -> str:
        if attribute == "Arn":
            return self._arn(stack, logical)
        return f"{logical}.{attribute}"
