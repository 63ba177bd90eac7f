"""Running the deployed platform: who is told when something breaks, what reaches the app,
what the network and logs cost, what happens to sources, and stacks that can change later."""

import json

import pytest
from aws_cdk.assertions import Match, Template

from infra.parameters import Parameters
from tests.infra.conftest import ADMIN_EMAIL, make_app

pytestmark = pytest.mark.slow
STACKS = ("ValvidData", "ValvidWeb", "ValvidMediaPipeline")


def _resources(template: Template, kind: str) -> dict:
    return template.find_resources(kind)


def _notifies_alerts(alarm: dict) -> bool:
    actions = json.dumps(alarm["Properties"].get("AlarmActions", []))
    return ":sns:" in actions and "valvid-alerts" in actions


def test_the_admin_email_is_subscribed_to_the_alerts_topic(templates):
    data = templates["ValvidData"]
    data.has_resource_properties("AWS::SNS::Topic", {"TopicName": "valvid-alerts"})
    data.has_resource_properties(
        "AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": ADMIN_EMAIL}
    )
    # alarms and EventBridge publish to it by ARN from the other stacks
    policy = json.dumps(data.find_resources("AWS::SNS::TopicPolicy"))
    assert "cloudwatch.amazonaws.com" in policy and "events.amazonaws.com" in policy


def test_every_alarm_notifies_the_alerts_topic(templates):
    alarms = {name: _resources(templates[name], "AWS::CloudWatch::Alarm") for name in STACKS}
    silent = [
        a for stack in alarms.values() for a, body in stack.items() if not _notifies_alerts(body)
    ]
    assert not silent, f"alarms that tell nobody: {silent}"
    metrics = {
        (body["Properties"].get("Namespace"), body["Properties"].get("MetricName"))
        for stack in alarms.values()
        for body in stack.values()
    }
    assert ("AWS/SQS", "ApproximateNumberOfMessagesVisible") in metrics  # dead letters
    assert ("AWS/Lambda", "Errors") in metrics  # scheduled handlers
    assert ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count") in metrics
    assert ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count") in metrics
    pipe_alarms = alarms["ValvidMediaPipeline"].values()
    scheduled = [b for b in pipe_alarms if b["Properties"]["MetricName"] == "Errors"]
    assert len(scheduled) == 2  # key rotation and the sweeper


def test_a_failed_transcode_is_sent_to_the_alerts_topic(templates):
    pipe = templates["ValvidMediaPipeline"]
    rules = pipe.find_resources(
        "AWS::Events::Rule",
        {"Properties": {"EventPattern": {"detail": Match.object_like({"status": ["ERROR"]})}}},
    )
    (rule,) = rules.values()
    (target,) = rule["Properties"]["Targets"]
    assert "valvid-alerts" in json.dumps(target["Arn"])
    assert "$.detail.errorMessage" in json.dumps(target["InputTransformer"])


def test_the_load_balancer_is_internal_and_reached_only_through_cloudfront(templates):
    web = templates["ValvidWeb"]
    web.has_resource_properties("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Scheme": "internal"})
    web.has_resource_properties(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": Match.object_like(
                {
                    "Origins": Match.array_with(
                        [Match.object_like({"VpcOriginConfig": Match.any_value()})]
                    )
                }
            )
        },
    )
    web.resource_count_is("AWS::CloudFront::VpcOrigin", 1)
    ingress = [
        rule
        for group in web.find_resources("AWS::EC2::SecurityGroup").values()
        for rule in group["Properties"].get("SecurityGroupIngress", [])
    ] + [r["Properties"] for r in web.find_resources("AWS::EC2::SecurityGroupIngress").values()]
    open_to_all = [r for r in ingress if r.get("CidrIp") == "0.0.0.0/0" or r.get("CidrIpv6")]
    assert not open_to_all, open_to_all
    lookups = [json.dumps(c) for c in web.find_resources("Custom::AWS").values()]
    assert any("describeManagedPrefixLists" in c and "origin-facing" in c for c in lookups)
    web.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {"FromPort": 80, "ToPort": 80, "SourcePrefixListId": Match.any_value()},
    )


def test_s3_and_dynamodb_traffic_does_not_pay_for_the_nat_gateway(templates):
    endpoints = templates["ValvidWeb"].find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Gateway"}}
    )
    services = {
        json.dumps(e["Properties"]["ServiceName"]).split('"')[-2] for e in endpoints.values()
    }
    assert services == {".s3", ".dynamodb"}


def test_every_log_group_expires(templates):
    for name in STACKS:
        for group, body in _resources(templates[name], "AWS::Logs::LogGroup").items():
            retention = body.get("Properties", {}).get("RetentionInDays")
            assert retention, f"{name}/{group} keeps logs forever"
    web = templates["ValvidWeb"]
    (task,) = _resources(web, "AWS::ECS::TaskDefinition").values()
    (container,) = task["Properties"]["ContainerDefinitions"]
    group = container["LogConfiguration"]["Options"]["awslogs-group"]["Ref"]
    assert web.to_json()["Resources"][group]["Properties"]["RetentionInDays"] == 30


def test_raw_sources_move_to_a_cheaper_class_and_are_kept(templates):
    buckets = templates["ValvidData"].find_resources("AWS::S3::Bucket").values()
    (raw,) = [b for b in buckets if "valvid-raw-" in json.dumps(b["Properties"].get("BucketName"))]
    rules = raw["Properties"]["LifecycleConfiguration"]["Rules"]
    (sources,) = [r for r in rules if r.get("Transitions")]
    assert sources["Prefix"] == "uploads/"
    assert sources["Transitions"] == [{"StorageClass": "GLACIER_IR", "TransitionInDays": 30}]
    assert not any("ExpirationInDays" in r for r in rules)  # nothing can be re-encoded then


def test_stacks_share_values_without_cross_stack_exports(assembly, templates):
    for name in STACKS:
        body = templates[name].to_json()
        exports = [o for o, v in body.get("Outputs", {}).items() if "Export" in v]
        assert not exports, f"{name} exports {exports}"
        assert "Fn::ImportValue" not in json.dumps(body), name
    app, _ = assembly
    web, pipe = app.node.find_child("ValvidWeb"), app.node.find_child("ValvidMediaPipeline")
    assert app.node.find_child("ValvidData") in web.dependencies
    assert web in pipe.dependencies


def test_cognito_has_no_oauth_and_the_free_essentials_tier_by_default(templates):
    data = templates["ValvidData"]
    (client,) = _resources(data, "AWS::Cognito::UserPoolClient").values()
    props = client["Properties"]
    assert props.get("AllowedOAuthFlowsUserPoolClient") is False
    assert "CallbackURLs" not in props and "AllowedOAuthFlows" not in props
    (pool,) = _resources(data, "AWS::Cognito::UserPool").values()
    assert pool["Properties"]["UserPoolTier"] == "ESSENTIALS"
    assert "UserPoolAddOns" not in pool["Properties"]
    assert "EmailConfiguration" not in pool["Properties"]  # Cognito's own sender (low quota)


def test_deployer_choices_threat_protection_ses_sender_and_source_retention(
    public_key_file, tmp_path
):
    app = make_app(
        public_key_file,
        tmp_path,
        threatProtection="true",
        cognitoEmailFrom="no-reply@valvid.example",
        rawArchiveClass="DEEP_ARCHIVE",
        rawArchiveDays="60",
        rawRetentionDays="400",
    )
    data = Template.from_stack(app.node.find_child("ValvidData"))
    data.has_resource_properties(
        "AWS::Cognito::UserPool",
        {
            "UserPoolTier": "PLUS",
            "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"},
            "EmailConfiguration": Match.object_like(
                {
                    "EmailSendingAccount": "DEVELOPER",
                    "From": Match.string_like_regexp("no-reply@valvid.example"),
                }
            ),
        },
    )
    data.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "LifecycleConfiguration": {
                "Rules": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Transitions": [
                                    {"StorageClass": "DEEP_ARCHIVE", "TransitionInDays": 60}
                                ],
                                "ExpirationInDays": 400,
                            }
                        )
                    ]
                )
            }
        },
    )


def test_an_unknown_archive_class_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="GLACIER_IR"):
        Parameters(raw_archive_class="GLACIER_FLEXIBLE")
