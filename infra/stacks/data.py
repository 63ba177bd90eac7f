"""Stateful resources (RETAIN): Cognito, DynamoDB, the raw bucket, the signing-key secret;
and the alerts topic every alarm of the app notifies."""

from aws_cdk import Annotations, Duration, RemovalPolicy, Stack, Token
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk.region_info import RegionInfo
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.names import ALERTS_TOPIC, CLOUDFRONT_KEY_SECRET, bucket_name, publish
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
            removal_policy=RemovalPolicy.RETAIN,
            **_cognito_plan(params),
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
        if not params.threat_protection:
            acknowledge(
                self.user_pool,
                "AwsSolutions::AwsSolutions-COG8",
                "The Plus tier's threat protection is billed per monthly active user and is a "
                "deployer's choice (-c threatProtection=true, README); the app throttles logins.",
            )
        self.user_pool_client = self.user_pool.add_client(
            "App",
            auth_flows=cognito.AuthFlow(admin_user_password=True),
            generate_secret=False,
            prevent_user_existence_errors=True,
            disable_o_auth=True,  # the app signs users in itself; no hosted UI, no callbacks
        )
        publish(self, "user-pool-id", self.user_pool.user_pool_id)
        publish(self, "user-pool-client-id", self.user_pool_client.user_pool_client_id)
        self.alerts = self._alerts(params.admin_email)
        self.tables = {name: self._table(name, spec) for name, spec in TABLES.items()}
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            **private_bucket(),
            bucket_name=bucket_name("logs"),
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,  # CloudFront logs through ACLs
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(90))],
        )
        acknowledge(self.access_logs, "AwsSolutions-S1", "This is the access-log bucket itself.")
        self._accept_logs_from_other_stacks()
        self.raw_bucket = s3.Bucket(
            self,
            "Raw",
            **private_bucket(),
            bucket_name=bucket_name("raw"),
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="raw/",
            event_bridge_enabled=True,
            lifecycle_rules=[
                s3.LifecycleRule(abort_incomplete_multipart_upload_after=Duration.days(1)),
                _raw_sources_lifecycle(params),
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
            secret_name=CLOUDFRONT_KEY_SECRET,
            description="PEM private key of the CloudFront key pair that signs media URLs",
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.cloudfront_key_secret,
            "AwsSolutions::AwsSolutions-SMG4",
            "CloudFront key pairs rotate by adding a public key to the key group and replacing "
            "this secret (README); Secrets Manager cannot do that on its own.",
        )

    def _alerts(self, admin_email: str | None) -> sns.Topic:
        """Every alarm and every failed transcode notifies this topic (fixed name: the other
        stacks publish to it by ARN)."""
        topic = sns.Topic(self, "Alerts", topic_name=ALERTS_TOPIC, enforce_ssl=True)
        for service in ("cloudwatch.amazonaws.com", "events.amazonaws.com"):
            topic.add_to_resource_policy(
                iam.PolicyStatement(
                    actions=["sns:Publish"],
                    principals=[iam.ServicePrincipal(service)],
                    resources=[topic.topic_arn],
                    conditions={"StringEquals": {"aws:SourceAccount": self.account}},
                )
            )
        acknowledge(
            topic,
            "AwsSolutions::AwsSolutions-SNS2",
            "Alarm and job-failure notices carry no personal data; CloudWatch alarms cannot "
            "publish to a topic encrypted with the AWS-managed key, and a customer key costs "
            "more than the topic.",
        )
        if admin_email:
            topic.add_subscription(subscriptions.EmailSubscription(admin_email))
        else:
            Annotations.of(self).add_warning_v2(
                "valvid:no-admin-email",
                "No adminEmail: alarms and failed jobs notify nobody (-c adminEmail=...).",
            )
        return topic

    def _accept_logs_from_other_stacks(self) -> None:
        """The load balancer and the media bucket (web stack) log here by bucket name."""
        elb_account = (
            None if Token.is_unresolved(self.region) else RegionInfo.get(self.region).elbv2_account
        )
        self.access_logs.grant_put(
            iam.AccountPrincipal(elb_account)
            if elb_account
            else iam.ServicePrincipal("logdelivery.elasticloadbalancing.amazonaws.com"),
            f"alb/AWSLogs/{self.account}/*",
        )
        self.access_logs.add_to_resource_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject"],
                principals=[iam.ServicePrincipal("logging.s3.amazonaws.com")],
                resources=[self.access_logs.arn_for_objects("media/*")],
                conditions={"StringEquals": {"aws:SourceAccount": self.account}},
            )
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


def _cognito_plan(params: Parameters) -> dict:
    """Essentials by default; threatProtection=true buys the Plus tier (per active user)."""
    plan: dict = {"feature_plan": cognito.FeaturePlan.ESSENTIALS}
    if params.threat_protection:
        plan = {
            "feature_plan": cognito.FeaturePlan.PLUS,
            "standard_threat_protection_mode": cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        }
    if params.cognito_email_from:
        plan["email"] = cognito.UserPoolEmail.with_ses(
            from_email=params.cognito_email_from, from_name="Valvid"
        )
    return plan


def _raw_sources_lifecycle(params: Parameters) -> s3.LifecycleRule:
    """Sources stay re-encodable: moved to a cheaper class, deleted only if asked to."""
    return s3.LifecycleRule(
        prefix="uploads/",
        transitions=[
            s3.Transition(
                storage_class=s3.StorageClass(params.raw_archive_class),
                transition_after=Duration.days(params.raw_archive_days),
            )
        ],
        expiration=Duration.days(params.raw_retention_days) if params.raw_retention_days else None,
    )


def private_bucket() -> dict:
    return {
        "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
        "encryption": s3.BucketEncryption.S3_MANAGED,
        "enforce_ssl": True,
        "versioned": False,
        "removal_policy": RemovalPolicy.RETAIN,
    }
