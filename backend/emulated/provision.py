"""Makes the resources of the CDK app's templates in the emulated account, type by type in
the order a deploy needs them, from the templates' own properties (no second copy of any table,
pool, bucket, queue or rule definition)."""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import botocore.session

from backend.adapters.aws.clients import AwsClients
from backend.emulated.custom_resources import run_custom_resource
from backend.emulated.templates import Resolver

log = logging.getLogger(__name__)
_MODELS = botocore.session.get_session()


@dataclass
class Function:
    """A Lambda function of the templates: its handler (the image's command) and environment."""

    handler: str
    environment: dict[str, Any]


@dataclass
class Deployment:
    """What the event pump and the app need to know of the provisioned stacks."""

    functions: dict[str, Function] = field(default_factory=dict)
    # queue URL → function logical id (the SQS event source mappings)
    queue_consumers: dict[str, str] = field(default_factory=dict)
    # (seconds between runs, function logical id) of the scheduled rules
    schedules: list[tuple[float, str]] = field(default_factory=list)
    app_environment: dict[str, str] = field(default_factory=dict)


class Provisioner:
    def __init__(self, clients: AwsClients, resolve: Resolver) -> None:
        self._clients = clients
        self._resolve = resolve
        self.deployment = Deployment()

    def provision(self, templates: dict[str, dict]) -> Deployment:
        resources: list[tuple[str, dict]] = []
        for template in templates.values():
            self._resolve.add_parameters(template)
            resources += template["Resources"].items()
        for kind, make in self._steps():
            for logical_id, resource in resources:
                if resource["Type"] == kind:
                    make(logical_id, resource.get("Properties", {}))
        for _, resource in resources:  # settings resolve once every value exists
            if resource["Type"] == "AWS::ECS::TaskDefinition":
                self._app_environment(resource["Properties"])
        return self.deployment

    def _steps(self) -> list[tuple[str, Callable[[str, dict], None]]]:
        return [
            ("AWS::Cognito::UserPool", self._user_pool),
            ("AWS::Cognito::UserPoolClient", self._user_pool_client),
            ("AWS::DynamoDB::GlobalTable", self._table),
            ("AWS::S3::Bucket", self._bucket),
            ("Custom::S3BucketNotifications", self._bucket_notifications),
            ("AWS::SecretsManager::Secret", self._secret),
            ("AWS::SES::EmailIdentity", self._email_identity),
            ("AWS::Lambda::Function", self._function),
            ("Custom::CloudFrontKeyPair", self._key_pair),
            ("AWS::CloudFront::PublicKey", self._public_key),
            ("AWS::SSM::Parameter", self._parameter),
            ("Custom::AWS", self._sdk_call),
            ("AWS::SQS::Queue", self._dead_letter_queue),
            ("AWS::SQS::Queue", self._queue),
            ("AWS::Events::Rule", self._rule),
            ("AWS::Lambda::EventSourceMapping", self._event_source),
        ]

    def _client(self, service: str) -> Any:
        return self._clients.client(service)

    def _user_pool(self, logical_id: str, props: dict) -> None:
        request = _api_fields("cognito-idp", "CreateUserPool", self._resolve(props))
        pool = self._client("cognito-idp").create_user_pool(PoolName=logical_id, **request)
        self._known(logical_id, Ref=pool["UserPool"]["Id"], Arn=pool["UserPool"]["Arn"])

    def _user_pool_client(self, logical_id: str, props: dict) -> None:
        request = _api_fields("cognito-idp", "CreateUserPoolClient", self._resolve(props))
        made = self._client("cognito-idp").create_user_pool_client(ClientName=logical_id, **request)
        self._known(logical_id, Ref=made["UserPoolClient"]["ClientId"])

    def _table(self, logical_id: str, props: dict) -> None:
        props = self._resolve(props)
        request: dict[str, Any] = {
            key: props[key]
            for key in ("TableName", "AttributeDefinitions", "KeySchema", "BillingMode")
        }
        if props.get("GlobalSecondaryIndexes"):
            request["GlobalSecondaryIndexes"] = [
                {key: index[key] for key in ("IndexName", "KeySchema", "Projection")}
                for index in props["GlobalSecondaryIndexes"]
            ]
        dynamodb = self._client("dynamodb")
        dynamodb.create_table(**request)
        if props.get("TimeToLiveSpecification"):
            dynamodb.update_time_to_live(
                TableName=props["TableName"],
                TimeToLiveSpecification=props["TimeToLiveSpecification"],
            )
        self._known(logical_id, Ref=props["TableName"])

    def _bucket(self, logical_id: str, props: dict) -> None:
        name = self._resolve(props["BucketName"])
        self._client("s3").create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": self._resolve.region}
        )
        self._known(logical_id, Ref=name, Arn=f"arn:aws:s3:::{name}")

    def _bucket_notifications(self, _logical_id: str, props: dict) -> None:
        self._client("s3").put_bucket_notification_configuration(
            Bucket=self._resolve(props["BucketName"]),
            NotificationConfiguration=self._resolve(props["NotificationConfiguration"]),
        )

    def _secret(self, logical_id: str, props: dict) -> None:
        made = self._client("secretsmanager").create_secret(Name=self._resolve(props["Name"]))
        self._known(logical_id, Ref=made["ARN"], Arn=made["ARN"])

    def _email_identity(self, logical_id: str, props: dict) -> None:
        identity = self._resolve(props["EmailIdentity"])
        self._client("sesv2").create_email_identity(EmailIdentity=identity)
        self._client("ses").verify_email_identity(EmailAddress=identity)  # moto: verified at once
        self._known(logical_id, Ref=identity)

    def _function(self, logical_id: str, props: dict) -> None:
        command = (props.get("ImageConfig") or {}).get("Command") or [props.get("Handler", "")]
        environment = (props.get("Environment") or {}).get("Variables", {})
        self.deployment.functions[logical_id] = Function(command[0], environment)
        self._known(logical_id, Ref=logical_id, Arn=f"arn:aws:lambda:::function:{logical_id}")

    def _key_pair(self, logical_id: str, props: dict) -> None:
        function = self.deployment.functions[props["ServiceToken"]["Fn::GetAtt"][0]]
        properties = self._resolve({k: v for k, v in props.items() if k != "ServiceToken"})
        data = run_custom_resource(function.handler, logical_id, properties)
        self._known(logical_id, **data)

    def _public_key(self, logical_id: str, props: dict) -> None:
        config = self._resolve(props["PublicKeyConfig"])
        made = self._client("cloudfront").create_public_key(PublicKeyConfig=config)
        self._known(logical_id, Ref=made["PublicKey"]["Id"], Id=made["PublicKey"]["Id"])

    def _parameter(self, logical_id: str, props: dict) -> None:
        props = self._resolve(props)
        self._client("ssm").put_parameter(
            Name=props["Name"], Value=props["Value"], Type=props.get("Type", "String"),
            Overwrite=True,
        )  # fmt: skip
        self._known(logical_id, Ref=props["Name"])

    def _sdk_call(self, logical_id: str, props: dict) -> None:
        """AwsCustomResource: one SDK call on create (e.g. the raw bucket's upload CORS)."""
        call = json.loads(self._resolve(props["Create"]))
        method = "".join("_" + c.lower() if c.isupper() else c for c in call["action"])
        getattr(self._client(call["service"].lower()), method)(**call["parameters"])
        log.info("%s: %s.%s", logical_id, call["service"], call["action"])

    def _dead_letter_queue(self, logical_id: str, props: dict) -> None:
        if "RedrivePolicy" not in props:
            self._make_queue(logical_id, props)

    def _queue(self, logical_id: str, props: dict) -> None:
        if "RedrivePolicy" in props:
            self._make_queue(logical_id, props)

    def _make_queue(self, logical_id: str, props: dict) -> None:
        props = self._resolve(props)
        attributes = {"VisibilityTimeout": str(props.get("VisibilityTimeout", 30))}
        if "RedrivePolicy" in props:
            attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
        sqs = self._client("sqs")
        url = sqs.create_queue(QueueName=logical_id, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        self._known(logical_id, Ref=url, Arn=arn["Attributes"]["QueueArn"], QueueName=logical_id)

    def _rule(self, logical_id: str, props: dict) -> None:
        targets = props.get("Targets", [])
        if "ScheduleExpression" in props:
            seconds = _rate_seconds(props["ScheduleExpression"])
            for target in targets:
                self.deployment.schedules.append((seconds, target["Arn"]["Fn::GetAtt"][0]))
            return
        queues = [t for t in self._resolve(targets) if ":sqs:" in t["Arn"]]
        if not queues:  # e.g. alerts to an SNS topic e-mailing the operator: not emulated
            log.info("rule %s: no queue target, not emulated", logical_id)
            return
        events = self._client("events")
        pattern = json.dumps(self._resolve(props["EventPattern"]))
        events.put_rule(Name=logical_id, EventPattern=pattern, State=props.get("State", "ENABLED"))
        targets = [{"Id": t["Id"], "Arn": t["Arn"]} for t in queues]
        events.put_targets(Rule=logical_id, Targets=targets)

    def _event_source(self, _logical_id: str, props: dict) -> None:
        queue = props["EventSourceArn"]["Fn::GetAtt"][0]
        function = props["FunctionName"]["Ref"]
        self.deployment.queue_consumers[self._resolve.attributes[queue]["Ref"]] = function

    def _app_environment(self, props: dict) -> None:
        container = props["ContainerDefinitions"][0]
        self.deployment.app_environment = {
            item["Name"]: str(self._resolve(item["Value"])) for item in container["Environment"]
        }

    def _known(self, logical_id: str, **attributes: str) -> None:
        self._resolve.attributes[logical_id] = attributes


def _api_fields(service: str, operation: str, props: dict) -> dict:
    """The template properties that are parameters of the API call making the resource."""
    members = _MODELS.get_service_model(service).operation_model(operation).input_shape.members
    return {key: value for key, value in props.items() if key in members}


def _rate_seconds(expression: str) -> float:
    """`rate(15 minutes)` → 900; cron expressions run daily here."""
    if not expression.startswith("rate("):
        return 86400.0
    amount, unit = expression[5:-1].split()
    per = {"minute": 60, "hour": 3600, "day": 86400}[unit.rstrip("s")]
    return float(amount) * per
