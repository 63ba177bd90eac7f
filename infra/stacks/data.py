"""Stateful resources (RETAIN): Cognito, DynamoDB, the raw and media buckets."""

from aws_cdk import Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.parameters import Parameters
from infra.tables import TABLES

S = dynamodb.AttributeType.STRING


class DataStack(Stack):
    def __init__(self, scope: Construct, id: str, *, params: Parameters, **kw):
        super().__init__(scope, id, **kw)
        self.prefix = "valvid"
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            sign_in_aliases=cognito.SignInAliases(email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            self_sign_up_enabled=True,
            password_policy=cognito.PasswordPolicy(
                min_length=8,
                require_digits=True,
                require_lowercase=False,
                require_uppercase=False,
                require_symbols=False,
            ),
            custom_attributes={"user_id": cognito.StringAttribute(mutable=False)},
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions::AwsSolutions-COG1",
            "Valvid's password policy (8+ characters with letters and digits) is the same in "
            "both modes and explained to users by the service; Cognito mirrors it.",
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions::AwsSolutions-COG2",
            "Viewers and creators sign in with email and password; MFA stays optional for "
            "them, as on most video platforms.",
        )
        self.user_pool_client = self.user_pool.add_client(
            "App",
            auth_flows=cognito.AuthFlow(admin_user_password=True),
            generate_secret=False,
            prevent_user_existence_errors=True,
        )
        self.tables = {name: self._table(name, spec) for name, spec in TABLES.items()}
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            **private_bucket(),
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(90))],
        )
        acknowledge(self.access_logs, "AwsSolutions-S1", "This is the access-log bucket itself.")
        self.raw_bucket = s3.Bucket(
            self,
            "Raw",
            **private_bucket(),
            bucket_name=bucket_name("raw"),
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="raw/",
            event_bridge_enabled=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                    expiration=Duration.days(params.raw_retention_days),
                )
            ],
        )
        acknowledge(
            self,
            "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
            "service-role/AWSLambdaBasicExecutionRole]",
            "CDK's own bucket-notification custom resource; its role only writes its logs.",
        )
        self.cloudfront_key_secret = secretsmanager.Secret(
            self,
            "CloudFrontSigningKey",
            description="PEM private key of the CloudFront key pair that signs media URLs",
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.cloudfront_key_secret,
            "AwsSolutions::AwsSolutions-SMG4",
            "CloudFront key pairs rotate by adding a public key to the key group and replacing "
            "this secret (README); Secrets Manager cannot do that on its own.",
        )

    def _table(self, name: str, spec: dict) -> dynamodb.TableV2:
        keys = spec["keys"]
        table = dynamodb.TableV2(
            self,
            "Table" + name.title().replace("_", ""),
            table_name=f"{self.prefix}-{name}",
            partition_key=dynamodb.Attribute(name=keys[0], type=S),
            sort_key=dynamodb.Attribute(name=keys[1], type=S) if len(keys) > 1 else None,
            billing=dynamodb.Billing.on_demand(),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryptionV2.aws_managed_key(),
            time_to_live_attribute=spec.get("ttl"),
            removal_policy=RemovalPolicy.RETAIN,
            global_secondary_indexes=[
                dynamodb.GlobalSecondaryIndexPropsV2(
                    index_name=index,
                    partition_key=dynamodb.Attribute(name=index_keys[0], type=S),
                    sort_key=dynamodb.Attribute(name=index_keys[1], type=S)
                    if len(index_keys) > 1
                    else None,
                )
                for index, index_keys in spec.get("indexes", {}).items()
            ],
        )
        return table


def private_bucket() -> dict:
    return {
        "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
        "encryption": s3.BucketEncryption.S3_MANAGED,
        "enforce_ssl": True,
        "versioned": False,
        "removal_policy": RemovalPolicy.RETAIN,
    }


def bucket_name(role: str) -> str:
    """Fixed, account- and region-unique names, so other stacks grant on them without imports."""
    return f"valvid-{role}-{Aws.ACCOUNT_ID}-{Aws.REGION}"
