"""The media pipeline: S3 and MediaConvert events through EventBridge and SQS to the Lambda
handlers, plus schedules for signing-key rotation and the sweeper."""

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.constructs.queued_handler import QueuedHandler, handler_function
from infra.stacks.data import DataStack, bucket_name
from infra.stacks.web import WebStack, app_settings


class MediaPipelineStack(Stack):
    def __init__(self, scope: Construct, id: str, *, data: DataStack, web: WebStack, **kw):
        super().__init__(scope, id, **kw)
        env = app_settings(web, data, web.public_url)

        def function(id: str, handler: str, timeout_s: int = 120):
            return handler_function(self, id, handler=handler, environment=env, timeout_s=timeout_s)

        uploads = function("ObjectCreated", "s3_object_created", timeout_s=300)
        jobs = function("JobStateChange", "mediaconvert_state_change")
        rotate = function("RotateKeys", "rotate_signing_keys")
        sweep = function("SweepJobs", "sweep_jobs", timeout_s=300)

        QueuedHandler(
            self,
            "Uploads",
            function=uploads,
            visibility_s=6 * 300,
            pattern=events.EventPattern(
                source=["aws.s3"],
                detail_type=["Object Created"],
                detail={
                    "bucket": {"name": [bucket_name("raw")]},
                    "object": {"key": [{"prefix": "uploads/"}]},
                },
            ),
        )
        QueuedHandler(
            self,
            "Jobs",
            function=jobs,
            visibility_s=6 * 120,
            pattern=events.EventPattern(
                source=["aws.mediaconvert"],
                detail_type=["MediaConvert Job State Change"],
                detail={"queue": [web.mediaconvert_queue.attr_arn]},
            ),
        )
        events.Rule(
            self,
            "RotateDaily",
            schedule=events.Schedule.rate(Duration.days(1)),
            targets=[targets.LambdaFunction(rotate)],
        )
        events.Rule(
            self,
            "SweepQuarterHourly",
            schedule=events.Schedule.rate(Duration.minutes(15)),
            targets=[targets.LambdaFunction(sweep)],
        )

        # least privilege, one role each
        tables = {
            n: dynamodb.TableV2.from_table_attributes(
                self, f"T{n}", table_name=f"valvid-{n}", grant_index_permissions=True
            )
            for n in data.tables
        }
        raw = s3.Bucket.from_bucket_name(self, "Raw", bucket_name("raw"))
        for name in ("videos", "uploads", "jobs", "users"):
            tables[name].grant_read_write_data(uploads)
            tables[name].grant_read_write_data(jobs)
            tables[name].grant_read_write_data(sweep)
        tables["signing_keys"].grant_read_write_data(rotate)
        raw.grant_read(uploads)
        raw.grant_delete(uploads)
        mediaconvert = iam.PolicyStatement(
            actions=["mediaconvert:CreateJob", "mediaconvert:GetJob", "mediaconvert:CancelJob"],
            resources=[
                web.mediaconvert_queue.attr_arn,
                f"arn:{self.partition}:mediaconvert:{self.region}:{self.account}:jobs/*",
            ],
        )
        for fn in (uploads, sweep):
            fn.add_to_role_policy(mediaconvert)
            web.mediaconvert_role.grant_pass_role(fn)
        for fn in (uploads, jobs, rotate, sweep):
            data.cloudfront_key_secret.grant_read(fn)
