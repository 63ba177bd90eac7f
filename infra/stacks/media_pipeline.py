"""The media pipeline: S3 and MediaConvert events through EventBridge and SQS to the Lambda
handlers, plus schedules for signing-key rotation and the sweeper."""

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

from infra.app_settings import app_settings
from infra.constructs.alerts import alarm_on_errors, notify
from infra.constructs.queued_handler import QueuedHandler, handler_function
from infra.names import (
    alerts_topic_arn,
    bucket_name,
    lookup,
    mediaconvert_queue_arn,
    mediaconvert_role_name,
    signing_key_secret,
)
from infra.stacks.data import DataStack
from infra.stacks.web import WebStack


class MediaPipelineStack(Stack):
    def __init__(self, scope: Construct, id: str, *, data: DataStack, web: WebStack, **kw):
        super().__init__(scope, id, **kw)
        self.add_stack_dependency(web)  # web shares by names and SSM parameters, not exports
        alerts = sns.Topic.from_topic_arn(self, "Alerts", alerts_topic_arn(self))
        queue_arn = mediaconvert_queue_arn(self)
        env = app_settings(
            self,
            public_url=lookup(self, "public-url"),
            key_pair_id=lookup(self, "cloudfront-key-pair-id"),
        )

        def function(id: str, handler: str, timeout_s: int = 120):
            return handler_function(self, id, handler=handler, environment=env, timeout_s=timeout_s)

        uploads = function("ObjectCreated", "s3_object_created", timeout_s=300)
        jobs = function("JobStateChange", "mediaconvert_state_change")
        rotate = function("RotateKeys", "rotate_signing_keys")
        sweep = function("SweepJobs", "sweep_jobs", timeout_s=300)

        uploads_queue = QueuedHandler(
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
        jobs_queue = QueuedHandler(
            self,
            "Jobs",
            function=jobs,
            visibility_s=6 * 120,
            pattern=events.EventPattern(
                source=["aws.mediaconvert"],
                detail_type=["MediaConvert Job State Change"],
                detail={"queue": [queue_arn]},
            ),
        )
        for queued in (uploads_queue, jobs_queue):
            notify(queued.alarm, alerts)
        for fn in (rotate, sweep):
            alarm_on_errors(fn, alerts)
        self._notify_failed_jobs(queue_arn, alerts)
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
        media = s3.Bucket.from_bucket_name(self, "Media", bucket_name("media"))
        for fn in (jobs, sweep):  # a READY re-upload removes the outputs it replaced
            media.grant_read(fn)
            media.grant_delete(fn)
        mediaconvert = iam.PolicyStatement(
            actions=["mediaconvert:CreateJob", "mediaconvert:GetJob", "mediaconvert:CancelJob"],
            resources=[
                queue_arn,
                f"arn:{self.partition}:mediaconvert:{self.region}:{self.account}:jobs/*",
            ],
        )
        mediaconvert_role = iam.Role.from_role_name(
            self, "MediaConvertRole", mediaconvert_role_name()
        )
        for fn in (uploads, sweep):
            fn.add_to_role_policy(mediaconvert)
            mediaconvert_role.grant_pass_role(fn)
        secret = signing_key_secret(self)
        for fn in (uploads, jobs, rotate, sweep):
            secret.grant_read(fn)

    def _notify_failed_jobs(self, queue_arn: str, alerts: sns.ITopic) -> None:
        """One notice per failed transcode, with MediaConvert's own error message."""
        detail = events.EventField.from_path
        events.Rule(
            self,
            "TranscodeFailed",
            event_pattern=events.EventPattern(
                source=["aws.mediaconvert"],
                detail_type=["MediaConvert Job State Change"],
                detail={"queue": [queue_arn], "status": ["ERROR"]},
            ),
            targets=[
                targets.SnsTopic(
                    alerts,
                    message=events.RuleTargetInput.from_text(
                        f"Valvid: MediaConvert job {detail('$.detail.jobId')} failed "
                        f"(video {detail('$.detail.userMetadata.video_id')}): "
                        f"{detail('$.detail.errorMessage')}"
                    ),
                )
            ],
        )
