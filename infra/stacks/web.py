"""The web tier: the Reflex app on ECS Fargate behind an internal ALB, and one CloudFront
distribution (default → the app through a VPC origin; /media/* → the media bucket through OAC,
signed URLs required)."""

from aws_cdk import CustomResource, Duration, RemovalPolicy, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ecs_patterns as ecs_patterns
from aws_cdk import aws_elasticache as elasticache
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_mediaconvert as mediaconvert
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.app_settings import app_settings
from infra.constructs.alerts import alarm_on_server_errors
from infra.constructs.cloudfront_only import admit_only_cloudfront
from infra.constructs.images import TASK_PLATFORM, app_image
from infra.constructs.nag import acknowledge
from infra.constructs.queued_handler import handler_function
from infra.images import APP_START_GRACE_S
from infra.names import (
    CLOUDFRONT_KEY_SECRET,
    MEDIACONVERT_QUEUE,
    alerts_topic_arn,
    bucket_name,
    mediaconvert_role_name,
    publish,
    signing_key_secret,
    user_pool_arn,
)
from infra.parameters import Parameters
from infra.stacks.data import DataStack, private_bucket

REDIS_PORT = 6380
TRUSTED_PROXY_HOPS = 2  # CloudFront, then the load balancer


class WebStack(Stack):
    def __init__(self, scope: Construct, id: str, *, params: Parameters, data: DataStack, **kw):
        super().__init__(scope, id, **kw)
        self.add_stack_dependency(data)  # data shares by names and SSM parameters, not exports
        self.alerts = sns.Topic.from_topic_arn(self, "Alerts", alerts_topic_arn(self))
        self.access_logs = s3.Bucket.from_bucket_name(self, "AccessLogs", bucket_name("logs"))
        self._media()
        self.vpc = ec2.Vpc(self, "Network", max_azs=2, nat_gateways=1)
        self.vpc.add_flow_log("FlowLogs")
        # S3 and DynamoDB traffic stays off the NAT gateway (which bills per GB)
        self.vpc.add_gateway_endpoint("S3", service=ec2.GatewayVpcEndpointAwsService.S3)
        self.vpc.add_gateway_endpoint("DynamoDb", service=ec2.GatewayVpcEndpointAwsService.DYNAMODB)
        cluster = ecs.Cluster(
            self,
            "Cluster",
            vpc=self.vpc,
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        self.public_key = cloudfront.PublicKey(
            self, "MediaSigningKey", encoded_key=self._signing_key_pair(data)
        )
        key_group = cloudfront.KeyGroup(self, "MediaSigners", items=[self.public_key])
        self.service = self._app_service(cluster, params, data)
        admit_only_cloudfront(self.service.load_balancer)
        alarm_on_server_errors(self.service, self.alerts)
        self.distribution = self._distribution(params, key_group)
        public_url = (
            f"https://{params.custom_domain}"
            if params.custom_domain
            else f"https://{self.distribution.distribution_domain_name}"
        )
        self.public_url = public_url
        publish(self, "public-url", public_url)
        publish(self, "cloudfront-key-pair-id", self.public_key.public_key_id)
        container = self.service.task_definition.default_container
        assert container is not None
        settings = app_settings(
            self, public_url=public_url, key_pair_id=self.public_key.public_key_id
        )
        for name, value in settings.items():
            container.add_environment(name, value)
        # CloudFront appends the viewer to X-Forwarded-For, then the ALB appends CloudFront.
        container.add_environment("VALVID_TRUSTED_PROXY_HOPS", str(TRUSTED_PROXY_HOPS))
        if params.mail_from:
            self._account_mail(params.mail_from, container)
        if params.app_tasks > 1:
            container.add_environment("REFLEX_REDIS_URL", self._redis())
        self._allow_uploads_from(public_url)
        self._acknowledge()

    def _media(self) -> None:
        """The media bucket lives beside the distribution whose OAC its policy names."""
        self.media_bucket = s3.Bucket(
            self,
            "Media",
            **private_bucket(),
            bucket_name=bucket_name("media"),
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="media/",
            lifecycle_rules=[
                s3.LifecycleRule(abort_incomplete_multipart_upload_after=Duration.days(1))
            ],
        )
        self.mediaconvert_queue = mediaconvert.CfnQueue(
            self, "TranscodeQueue", name=MEDIACONVERT_QUEUE
        )
        # MediaConvert may read sources and write renditions, and nothing else.
        self.mediaconvert_role = iam.Role(
            self,
            "MediaConvertRole",
            role_name=mediaconvert_role_name(),
            assumed_by=iam.ServicePrincipal("mediaconvert.amazonaws.com"),
        )
        raw = s3.Bucket.from_bucket_name(self, "RawBucket", bucket_name("raw"))
        raw.grant_read(self.mediaconvert_role)
        self.media_bucket.grant_put(self.mediaconvert_role)

    def _signing_key_pair(self, data: DataStack) -> str:
        """The deploy makes the CloudFront key pair: the private key into the (retained)
        secret, the public key into the key group; a re-deploy keeps the key it finds."""
        function = handler_function(
            self, "SigningKeyPairFunction", handler="provision_signing_key",
            environment={}, timeout_s=60,
        )  # fmt: skip
        secret = signing_key_secret(self)
        secret.grant_read(function)
        secret.grant_write(function)
        pair = CustomResource(
            self,
            "MediaSigningKeyPair",
            service_token=function.function_arn,
            resource_type="Custom::CloudFrontKeyPair",
            properties={"SecretId": CLOUDFRONT_KEY_SECRET},
        )
        return pair.get_att_string("PublicKey")

    def _app_service(self, cluster: ecs.Cluster, params: Parameters, data: DataStack):
        service = ecs_patterns.ApplicationLoadBalancedFargateService(
            self,
            "App",
            cluster=cluster,
            desired_count=params.app_tasks,
            cpu=1024,
            memory_limit_mib=2048,
            runtime_platform=TASK_PLATFORM,
            health_check_grace_period=Duration.seconds(APP_START_GRACE_S),
            public_load_balancer=False,  # CloudFront reaches it through a VPC origin
            open_listener=False,
            # a deployment whose tasks never turn healthy stops and rolls back within minutes
            circuit_breaker=ecs.DeploymentCircuitBreaker(enable=True, rollback=True),
            task_image_options=ecs_patterns.ApplicationLoadBalancedTaskImageOptions(
                image=app_image(),
                container_port=3000,
                log_driver=ecs.LogDrivers.aws_logs(
                    stream_prefix="app",
                    log_group=logs.LogGroup(
                        self,
                        "AppLogs",
                        retention=logs.RetentionDays.ONE_MONTH,
                        removal_policy=RemovalPolicy.DESTROY,
                    ),
                ),
            ),
        )
        service.target_group.configure_health_check(path="/api/health", healthy_http_codes="200")
        # Reflex's event websocket pings every 25 s, so 120 s of silence is a dead or stalled
        # client: close it rather than hold a task's connection for an hour. Uploads go to S3.
        service.load_balancer.set_attribute("idle_timeout.timeout_seconds", "120")
        # websockets (Reflex's event channel) need sticky sessions
        service.target_group.enable_cookie_stickiness(Duration.hours(1))
        # the data stack's log bucket admits the load balancer's log delivery (alb/ prefix)
        for key, value in {
            "access_logs.s3.enabled": "true",
            "access_logs.s3.bucket": bucket_name("logs"),
            "access_logs.s3.prefix": "alb",
        }.items():
            service.load_balancer.set_attribute(key, value)
        role = service.task_definition.task_role
        for name in data.tables:
            table = dynamodb.TableV2.from_table_attributes(
                self, f"Table{name}", table_name=f"valvid-{name}", grant_index_permissions=True
            )
            table.grant_read_write_data(role)
        raw = s3.Bucket.from_bucket_name(self, "RawForApp", bucket_name("raw"))
        raw.grant_read_write(role)
        raw.grant_delete(role)
        self.media_bucket.grant_read(role)
        self.media_bucket.grant_delete(role)
        signing_key_secret(self).grant_read(role)
        # deleting a video mid-transcode cancels its MediaConvert job
        jobs = f"arn:{self.partition}:mediaconvert:{self.region}:{self.account}:jobs/*"
        role.add_to_principal_policy(
            iam.PolicyStatement(actions=["mediaconvert:CancelJob"], resources=[jobs])
        )
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "cognito-idp:AdminInitiateAuth",
                    "cognito-idp:AdminDeleteUser",
                    "cognito-idp:AdminSetUserPassword",  # change password (the current is checked)
                ],
                resources=[user_pool_arn(self)],
            )
        )
        return service

    def _account_mail(self, sender: str, container: ecs.ContainerDefinition) -> None:
        """SES sends the "your account already exists" notice; Cognito sends the codes."""
        identity = ses.EmailIdentity(self, "MailFrom", identity=ses.Identity.email(sender))
        identity.grant(self.service.task_definition.task_role, "ses:SendEmail")
        container.add_environment("VALVID_MAIL_FROM", sender)

    def _distribution(self, params: Parameters, key_group: cloudfront.KeyGroup):
        cors = cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", params.certificate_arn)
            if params.certificate_arn
            else None
        )
        return cloudfront.Distribution(
            self,
            "Cdn",
            default_behavior=cloudfront.BehaviorOptions(
                # inside the VPC; the load balancer has no public address
                origin=origins.VpcOrigin.with_application_load_balancer(
                    self.service.load_balancer,
                    http_port=80,
                    protocol_policy=cloudfront.OriginProtocolPolicy.HTTP_ONLY,
                ),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER,
            ),
            additional_behaviors={
                "/media/*": cloudfront.BehaviorOptions(
                    origin=origins.S3BucketOrigin.with_origin_access_control(self.media_bucket),
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    trusted_key_groups=[key_group],
                    compress=True,  # playlists are text
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    response_headers_policy=cors,
                )
            },
            domain_names=[params.custom_domain] if params.custom_domain else None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            enable_logging=True,
            log_bucket=self.access_logs,
            log_file_prefix="cloudfront/",
        )

    def _allow_uploads_from(self, origin: str) -> None:
        """CORS on the raw bucket for exactly the app's origin, known only once the
        distribution exists (hence set from this stack, not the data stack)."""
        raw_arn = f"arn:{self.partition}:s3:::{bucket_name('raw')}"
        call = cr.AwsSdkCall(
            service="S3",
            action="putBucketCors",
            parameters={
                "Bucket": bucket_name("raw"),
                "CORSConfiguration": {
                    "CORSRules": [
                        {
                            "AllowedMethods": ["POST", "PUT"],  # presigned POST, UploadPart
                            "AllowedOrigins": [origin],
                            "AllowedHeaders": ["*"],
                            "ExposeHeaders": ["ETag"],  # the uploader completes with them
                            "MaxAgeSeconds": 3000,
                        }
                    ]
                },
            },
            physical_resource_id=cr.PhysicalResourceId.of("raw-bucket-cors"),
        )
        cr.AwsCustomResource(
            self,
            "RawUploadCors",
            on_create=call,
            on_update=call,
            policy=cr.AwsCustomResourcePolicy.from_sdk_calls(resources=[raw_arn]),
            install_latest_aws_sdk=False,
        )

    def _redis(self) -> str:
        """Reflex keeps per-tab state in Redis once more than one task serves the app."""
        group = ec2.SecurityGroup(self, "RedisAccess", vpc=self.vpc, allow_all_outbound=False)
        group.add_ingress_rule(
            self.service.service.connections.security_groups[0], ec2.Port.tcp(REDIS_PORT)
        )
        subnets = elasticache.CfnSubnetGroup(
            self,
            "RedisSubnets",
            description="Reflex state",
            subnet_ids=self.vpc.select_subnets(
                subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS
            ).subnet_ids,
        )
        redis = elasticache.CfnReplicationGroup(
            self,
            "ReflexState",
            replication_group_description="Reflex state",
            engine="redis",
            cache_node_type="cache.t4g.small",
            num_cache_clusters=2,
            automatic_failover_enabled=True,
            multi_az_enabled=True,
            port=REDIS_PORT,
            at_rest_encryption_enabled=True,
            transit_encryption_enabled=True,
            cache_subnet_group_name=subnets.ref,
            security_group_ids=[group.security_group_id],
        )
        acknowledge(
            redis,
            "AwsSolutions::AwsSolutions-AEC6",
            "Reflex's state store sits in private subnets behind a security group that only the "
            "app's tasks may pass; TLS is on. Redis AUTH adds a shared secret to every task for "
            "no extra isolation here.",
        )
        return f"rediss://{redis.attr_primary_end_point_address}:{REDIS_PORT}"

    def _acknowledge(self) -> None:
        reasons = {
            "AwsSolutions::AwsSolutions-ECS2": "Only non-secret configuration is in environment "
            "variables; the signing key comes from Secrets Manager.",
            "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
            "service-role/AWSLambdaBasicExecutionRole]": "CDK's own custom-resource function "
            "(it sets the upload CORS rule and looks up CloudFront's prefix list); the managed "
            "policy only writes its logs.",
            "AwsSolutions::AwsSolutions-CFR1": "Videos are for everyone; no geo restriction.",
            "AwsSolutions::AwsSolutions-CFR2": "A WAF web ACL is an operator's choice (cost); "
            "login throttling and signed media URLs are built in.",
            "AwsSolutions::AwsSolutions-CFR4": "Without a custom domain CloudFront's default "
            "certificate is used, which cannot pin TLS 1.2; set customDomain and "
            "certificateArn to get TLSv1.2_2021.",
        }
        for rule, reason in reasons.items():
            acknowledge(self, rule, reason)
