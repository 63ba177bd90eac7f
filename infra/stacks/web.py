"""The web tier: the Reflex app on ECS Fargate behind an ALB, and one CloudFront distribution
(default → the app; /media/* → the media bucket through OAC, signed URLs required)."""

from aws_cdk import Duration, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ecs_patterns as ecs_patterns
from aws_cdk import aws_elasticache as elasticache
from aws_cdk import aws_iam as iam
from aws_cdk import aws_mediaconvert as mediaconvert
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.constructs.images import TASK_PLATFORM, app_image
from infra.constructs.nag import acknowledge
from infra.images import APP_START_GRACE_S
from infra.parameters import Parameters
from infra.stacks.data import DataStack, bucket_name, private_bucket

REDIS_PORT = 6380
TRUSTED_PROXY_HOPS = 2  # CloudFront, then the load balancer


class WebStack(Stack):
    def __init__(self, scope: Construct, id: str, *, params: Parameters, data: DataStack, **kw):
        super().__init__(scope, id, **kw)
        self._media(data)
        self.vpc = ec2.Vpc(self, "Network", max_azs=2, nat_gateways=1)
        self.vpc.add_flow_log("FlowLogs")
        cluster = ecs.Cluster(
            self,
            "Cluster",
            vpc=self.vpc,
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        self.public_key = cloudfront.PublicKey(
            self, "MediaSigningKey", encoded_key=params.cloudfront_public_key_pem
        )
        key_group = cloudfront.KeyGroup(self, "MediaSigners", items=[self.public_key])
        self.service = self._app_service(cluster, params, data)
        self.distribution = self._distribution(params, data, key_group)
        public_url = (
            f"https://{params.custom_domain}"
            if params.custom_domain
            else f"https://{self.distribution.distribution_domain_name}"
        )
        self.public_url = public_url
        container = self.service.task_definition.default_container
        assert container is not None
        for name, value in app_settings(self, data, public_url).items():
            container.add_environment(name, value)
        # CloudFront appends the viewer to X-Forwarded-For, then the ALB appends CloudFront.
        container.add_environment("VALVID_TRUSTED_PROXY_HOPS", str(TRUSTED_PROXY_HOPS))
        if params.mail_from:
            self._account_mail(params.mail_from, container)
        if params.app_tasks > 1:
            container.add_environment("REFLEX_REDIS_URL", self._redis())
        self._allow_uploads_from(public_url)
        self._acknowledge()

    def _media(self, data: DataStack) -> None:
        """The media bucket lives beside the distribution whose OAC its policy names."""
        self.media_bucket = s3.Bucket(
            self,
            "Media",
            **private_bucket(),
            bucket_name=bucket_name("media"),
            server_access_logs_bucket=data.access_logs,
            server_access_logs_prefix="media/",
            lifecycle_rules=[
                s3.LifecycleRule(abort_incomplete_multipart_upload_after=Duration.days(1))
            ],
        )
        self.mediaconvert_queue = mediaconvert.CfnQueue(self, "TranscodeQueue", name="valvid")
        # MediaConvert may read sources and write renditions, and nothing else.
        self.mediaconvert_role = iam.Role(
            self, "MediaConvertRole", assumed_by=iam.ServicePrincipal("mediaconvert.amazonaws.com")
        )
        raw = s3.Bucket.from_bucket_name(self, "RawBucket", bucket_name("raw"))
        raw.grant_read(self.mediaconvert_role)
        self.media_bucket.grant_put(self.mediaconvert_role)

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
            public_load_balancer=True,
            open_listener=True,
            task_image_options=ecs_patterns.ApplicationLoadBalancedTaskImageOptions(
                image=app_image(),
                container_port=3000,
            ),
        )
        service.target_group.configure_health_check(path="/api/health", healthy_http_codes="200")
        # Reflex's event websocket pings every 25 s, so 120 s of silence is a dead or stalled
        # client: close it rather than hold a task's connection for an hour. Uploads go to S3.
        service.load_balancer.set_attribute("idle_timeout.timeout_seconds", "120")
        # websockets (Reflex's event channel) need sticky sessions
        service.target_group.enable_cookie_stickiness(Duration.hours(1))
        service.load_balancer.log_access_logs(data.access_logs, prefix="alb")
        role = service.task_definition.task_role
        for name in data.tables:
            table = dynamodb.TableV2.from_table_name(self, f"Table{name}", f"valvid-{name}")
            table.grant_read_write_data(role)
        raw = s3.Bucket.from_bucket_name(self, "RawForApp", bucket_name("raw"))
        raw.grant_read_write(role)
        raw.grant_delete(role)
        self.media_bucket.grant_read(role)
        self.media_bucket.grant_delete(role)
        data.cloudfront_key_secret.grant_read(role)
        data.user_pool.grant(role, "cognito-idp:AdminInitiateAuth", "cognito-idp:AdminDeleteUser")
        return service

    def _account_mail(self, sender: str, container: ecs.ContainerDefinition) -> None:
        """SES sends the "your account already exists" notice; Cognito sends the codes."""
        identity = ses.EmailIdentity(self, "MailFrom", identity=ses.Identity.email(sender))
        identity.grant(self.service.task_definition.task_role, "ses:SendEmail")
        container.add_environment("VALVID_MAIL_FROM", sender)

    def _distribution(self, params: Parameters, data: DataStack, key_group: cloudfront.KeyGroup):
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
                origin=origins.LoadBalancerV2Origin(
                    self.service.load_balancer,
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
            log_bucket=data.access_logs,
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
                            "AllowedMethods": ["POST"],
                            "AllowedOrigins": [origin],
                            "AllowedHeaders": ["*"],
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
            "AwsSolutions::AwsSolutions-EC23": "The load balancer is the public entry behind "
            "CloudFront and must accept HTTP from it (CloudFront's address ranges change).",
            "AwsSolutions::AwsSolutions-ECS2": "Only non-secret configuration is in environment "
            "variables; the signing key comes from Secrets Manager.",
            "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
            "service-role/AWSLambdaBasicExecutionRole]": "CDK's own custom-resource function "
            "(it sets the upload CORS rule); the managed policy only writes its logs.",
            "AwsSolutions::AwsSolutions-CFR1": "Videos are for everyone; no geo restriction.",
            "AwsSolutions::AwsSolutions-CFR2": "A WAF web ACL is an operator's choice (cost); "
            "login throttling and signed media URLs are built in.",
            "AwsSolutions::AwsSolutions-CFR4": "Without a custom domain CloudFront's default "
            "certificate is used, which cannot pin TLS 1.2; set customDomain and "
            "certificateArn to get TLSv1.2_2021.",
            "AwsSolutions::AwsSolutions-CFR5": "CloudFront reaches the load balancer over HTTP "
            "inside AWS; viewers always use HTTPS.",
        }
        for rule, reason in reasons.items():
            acknowledge(self, rule, reason)


def app_settings(web: "WebStack", data: DataStack, public_url: str) -> dict[str, str]:
    """The VALVID_* settings every aws-mode process (app and handlers) runs with."""
    region = Stack.of(data).region
    return {
        "VALVID_MODE": "aws",
        "VALVID_AWS_REGION": region,
        "VALVID_AWS_TABLE_PREFIX": data.prefix,
        "VALVID_RAW_BUCKET": data.raw_bucket.bucket_name,
        "VALVID_MEDIA_BUCKET": web.media_bucket.bucket_name,
        "VALVID_COGNITO_USER_POOL_ID": data.user_pool.user_pool_id,
        "VALVID_COGNITO_CLIENT_ID": data.user_pool_client.user_pool_client_id,
        "VALVID_MEDIACONVERT_ENDPOINT": f"https://mediaconvert.{region}.amazonaws.com",
        "VALVID_MEDIACONVERT_ROLE_ARN": web.mediaconvert_role.role_arn,
        "VALVID_MEDIACONVERT_QUEUE_ARN": web.mediaconvert_queue.attr_arn,
        "VALVID_CLOUDFRONT_KEY_PAIR_ID": web.public_key.public_key_id,
        "VALVID_CLOUDFRONT_PRIVATE_KEY_SECRET": data.cloudfront_key_secret.secret_name,
        "VALVID_PUBLIC_URL": public_url,
        "VALVID_MEDIA_URL": public_url,
    }
