"""The CDK app: what each stack must provide, cdk-nag clean, cfn-lint clean, tables in step."""

import json
import subprocess
import sys

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Match

from backend.adapters.aws.dynamodb_tables import TABLES as ADAPTER_TABLES
from infra.tables import TABLES as INFRA_TABLES
from tests.infra.conftest import make_app

pytestmark = pytest.mark.slow


def test_tables_match_what_the_adapters_use():
    for name, spec in ADAPTER_TABLES.items():
        infra = INFRA_TABLES[name]
        assert infra["keys"] == [k for k, _ in spec["keys"]]
        indexes = {i: [k for k, _ in keys] for i, keys in spec.get("indexes", {}).items()}
        assert infra.get("indexes", {}) == indexes
        assert infra.get("ttl") == spec.get("ttl")
    assert set(INFRA_TABLES) == set(ADAPTER_TABLES)


def test_data_is_retained_encrypted_and_recoverable(templates):
    data = templates["ValvidData"]
    tables = data.find_resources("AWS::DynamoDB::GlobalTable")
    assert len(tables) == len(INFRA_TABLES)
    for table in tables.values():
        assert table["DeletionPolicy"] == "Retain"
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["SSESpecification"]["SSEEnabled"] is True
        replica = props["Replicas"][0]
        assert replica["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    data.has_resource_properties(
        "AWS::DynamoDB::GlobalTable",
        {
            "TableName": "valvid-videos",
            "GlobalSecondaryIndexes": Match.array_with(
                [Match.object_like({"IndexName": "public_newest"})]
            ),
        },
    )


def test_user_pool_signs_in_by_email_with_an_immutable_user_id(templates):
    data = templates["ValvidData"]
    data.has_resource_properties(
        "AWS::Cognito::UserPool",
        {
            "UsernameAttributes": ["email"],
            "AutoVerifiedAttributes": ["email"],
            "Schema": Match.array_with([Match.object_like({"Name": "user_id", "Mutable": False})]),
            "Policies": {
                "PasswordPolicy": Match.object_like({"MinimumLength": 8, "RequireNumbers": True})
            },
        },
    )
    data.has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {
            "ExplicitAuthFlows": Match.array_with(["ALLOW_ADMIN_USER_PASSWORD_AUTH"]),
            "PreventUserExistenceErrors": "ENABLED",
        },
    )


def test_raw_uploads_are_private_and_posted_from_the_app(templates):
    data = templates["ValvidData"]
    data.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "BucketEncryption": Match.any_value(),
            "LifecycleConfiguration": {
                "Rules": Match.array_with(
                    [
                        {
                            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                            "Status": "Enabled",
                        }
                    ]
                )
            },
        },
    )
    data.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            }
        },
    )
    # browsers may POST uploads and PUT multipart parts (reading each part's ETag) from the
    # app's own origin (the distribution), nothing else
    web = templates["ValvidWeb"]
    calls = [
        json.dumps(c["Properties"]["Create"]) for c in web.find_resources("Custom::AWS").values()
    ]
    (create,) = [c for c in calls if "putBucketCors" in c]
    assert '\\"AllowedMethods\\":[\\"POST\\",\\"PUT\\"]' in create
    assert '\\"ExposeHeaders\\":[\\"ETag\\"]' in create
    (distribution,) = web.find_resources("AWS::CloudFront::Distribution")
    assert distribution in create  # the origin is the distribution's domain name


def test_media_goes_through_cloudfront_with_signed_urls_only(templates):
    web = templates["ValvidWeb"]
    web.has_resource_properties(
        "AWS::CloudFront::Distribution",
        {
            "DistributionConfig": Match.object_like(
                {
                    "DefaultCacheBehavior": Match.object_like(
                        {"ViewerProtocolPolicy": "redirect-to-https"}
                    ),
                    "CacheBehaviors": [
                        Match.object_like(
                            {
                                "PathPattern": "/media/*",
                                "ViewerProtocolPolicy": "https-only",
                                "Compress": True,
                                "TrustedKeyGroups": Match.any_value(),
                                "ResponseHeadersPolicyId": Match.any_value(),
                            }
                        )
                    ],
                    "Logging": Match.any_value(),
                }
            )
        },
    )
    web.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    web.resource_count_is("AWS::CloudFront::KeyGroup", 1)


def test_app_runs_on_fargate_behind_a_load_balancer_with_health_checks(templates):
    web = templates["ValvidWeb"]
    web.has_resource_properties(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        {
            "HealthCheckPath": "/api/health",
            "Port": 80,
        },
    )
    web.has_resource_properties(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {
            "LoadBalancerAttributes": Match.array_with(
                [{"Key": "idle_timeout.timeout_seconds", "Value": "120"}]
            ),
        },
    )
    web.has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {
            "ContainerDefinitions": [
                Match.object_like(
                    {
                        "PortMappings": [Match.object_like({"ContainerPort": 3000})],
                        "Environment": Match.array_with([{"Name": "VALVID_MODE", "Value": "aws"}]),
                    }
                )
            ]
        },
    )
    web.resource_count_is("AWS::ElastiCache::ReplicationGroup", 0)  # one task: no Redis


def test_mediaconvert_role_reads_raw_and_writes_media_only(templates):
    web = templates["ValvidWeb"]
    roles = web.find_resources(
        "AWS::IAM::Role",
        {
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Statement": [
                        Match.object_like({"Principal": {"Service": "mediaconvert.amazonaws.com"}})
                    ]
                }
            }
        },
    )
    (role_id,) = roles
    policies = web.find_resources("AWS::IAM::Policy", {"Properties": {"Roles": [{"Ref": role_id}]}})
    (policy,) = policies.values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    actions = {
        a
        for s in statements
        for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
    }
    assert actions <= {
        "s3:GetObject*",
        "s3:GetBucket*",
        "s3:List*",
        "s3:PutObject",
        "s3:PutObjectLegalHold",
        "s3:PutObjectRetention",
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging",
        "s3:Abort*",
    }


def test_events_reach_handlers_through_queues_with_dead_letters_and_alarms(templates):
    pipe = templates["ValvidMediaPipeline"]
    pipe.resource_count_is("AWS::Lambda::Function", 4)
    pipe.resource_count_is("AWS::SQS::Queue", 4)  # two queues, two dead-letter queues
    pipe.resource_count_is("AWS::CloudWatch::Alarm", 4)  # dead letters; scheduled handlers
    pipe.has_resource_properties(
        "AWS::SQS::Queue", {"RedrivePolicy": Match.object_like({"maxReceiveCount": 5})}
    )
    pipe.has_resource_properties(
        "AWS::Lambda::EventSourceMapping", {"FunctionResponseTypes": ["ReportBatchItemFailures"]}
    )
    pipe.has_resource_properties(
        "AWS::Events::Rule",
        {
            "EventPattern": Match.object_like(
                {"source": ["aws.s3"], "detail-type": ["Object Created"]}
            )
        },
    )
    pipe.has_resource_properties(
        "AWS::Events::Rule",
        {
            "EventPattern": Match.object_like(
                {"source": ["aws.mediaconvert"], "detail-type": ["MediaConvert Job State Change"]}
            )
        },
    )
    pipe.has_resource_properties("AWS::Events::Rule", {"ScheduleExpression": "rate(1 day)"})
    pipe.has_resource_properties("AWS::Events::Rule", {"ScheduleExpression": "rate(15 minutes)"})
    pipe.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 30})
    roles = pipe.find_resources("AWS::IAM::Role")
    assert len(roles) == 4  # one least-privilege role per handler


def test_more_than_one_task_adds_encrypted_redis_for_reflex_state(public_key_file, tmp_path):
    from aws_cdk.assertions import Template

    app = make_app(public_key_file, tmp_path, appTasks="2")
    app.synth()
    web = Template.from_stack(app.node.find_child("ValvidWeb"))
    web.has_resource_properties(
        "AWS::ElastiCache::ReplicationGroup",
        {
            "TransitEncryptionEnabled": True,
            "AtRestEncryptionEnabled": True,
            "MultiAZEnabled": True,
        },
    )


def test_cdk_nag_fails_the_synth_on_an_unacknowledged_finding(public_key_file, tmp_path):
    app = make_app(public_key_file, tmp_path)
    data = app.node.find_child("ValvidData")
    assert isinstance(data, Stack)
    role = iam.Role(data, "TooBroad", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    role.add_to_policy(iam.PolicyStatement(actions=["s3:*"], resources=["*"]))
    with pytest.raises(
        RuntimeError, match=r"ValidationFailed(.|\n)*AwsSolutions-IAM5\[Action::s3:\*\]"
    ):
        app.synth()


def test_templates_pass_cfn_lint(assembly):
    _, cloud_assembly = assembly
    templates = [f"{cloud_assembly.directory}/{s.template_file}" for s in cloud_assembly.stacks]
    result = subprocess.run(
        [sys.executable, "-m", "cfnlint", *templates], capture_output=True, text=True
    )
    errors = [line for line in result.stdout.splitlines() if line[:1] == "E"]
    assert result.returncode & 2 == 0 and not errors, result.stdout[-3000:]


def test_the_readme_synth_command_works(tmp_path):
    result = subprocess.run(
        ["bash", "scripts/synth.sh"],
        env={**__import__("os").environ, "CDK_OUTDIR": str(tmp_path / "out")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert {p.name for p in (tmp_path / "out").glob("*.template.json")} == {
        "ValvidData.template.json",
        "ValvidWeb.template.json",
        "ValvidMediaPipeline.template.json",
    }


def test_app_trusts_cloudfront_and_the_load_balancer_for_the_client_address(templates):
    templates["ValvidWeb"].has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {
            "ContainerDefinitions": [
                Match.object_like(
                    {
                        "Environment": Match.array_with(
                            [{"Name": "VALVID_TRUSTED_PROXY_HOPS", "Value": "2"}]
                        )
                    }
                )
            ]
        },
    )


def test_account_notices_are_sent_by_ses_from_the_configured_sender(public_key_file, tmp_path):
    from aws_cdk.assertions import Template

    app = make_app(public_key_file, tmp_path, mailFrom="no-reply@valvid.example")
    web = Template.from_stack(app.node.find_child("ValvidWeb"))
    web.has_resource_properties(
        "AWS::SES::EmailIdentity", {"EmailIdentity": "no-reply@valvid.example"}
    )
    web.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [Match.object_like({"Action": "ses:SendEmail", "Effect": "Allow"})]
                )
            }
        },
    )
    web.has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {
            "ContainerDefinitions": [
                Match.object_like(
                    {
                        "Environment": Match.array_with(
                            [{"Name": "VALVID_MAIL_FROM", "Value": "no-reply@valvid.example"}]
                        )
                    }
                )
            ]
        },
    )


def test_every_role_that_reads_a_table_may_query_its_indexes_and_the_app_cancels_jobs(assembly):
    from tests.aws.deployed_roles import ACCOUNT, REGION, Deployment
    from tests.aws.iam_evaluator import allows

    _, cloud = assembly
    components = Deployment({s.stack_name: s.template for s in cloud.stacks}).components()
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/valvid-{{}}"
    readers = 0
    for component in components.values():
        for name, spec in INFRA_TABLES.items():
            if not allows(component.statements, "dynamodb:GetItem", table.format(name)):
                continue
            readers += 1
            for index in spec.get("indexes", {}):
                arn = f"{table.format(name)}/index/{index}"
                assert allows(component.statements, "dynamodb:Query", arn), (component.name, arn)
    assert readers >= len(INFRA_TABLES) + 4 * 3  # the app reads every table, handlers theirs
    job = f"arn:aws:mediaconvert:{REGION}:{ACCOUNT}:jobs/1700000000000-abc123"
    assert allows(components["app"].statements, "mediaconvert:CancelJob", job)
