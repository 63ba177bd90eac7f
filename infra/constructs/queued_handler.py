"""EventBridge rule → SQS queue (with a dead-letter queue and an alarm) → one Lambda handler."""

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.images import LAMBDA_ARCHITECTURE, handler_code
from infra.constructs.nag import acknowledge


def handler_function(
    scope: Construct, id: str, *, handler: str, environment: dict[str, str], timeout_s: int
) -> lambda_.DockerImageFunction:
    """A handler of backend/entrypoints/lambdas.py in the shared image, with its own role."""
    function = lambda_.DockerImageFunction(
        scope,
        id,
        code=handler_code(handler),
        architecture=LAMBDA_ARCHITECTURE,
        memory_size=1024,
        timeout=Duration.seconds(timeout_s),
        environment=environment,
        log_group=logs.LogGroup(
            scope,
            f"{id}Logs",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=RemovalPolicy.DESTROY,
        ),
    )
    acknowledge(
        function,
        "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
        "service-role/AWSLambdaBasicExecutionRole]",
        "The managed basic-execution policy only lets the function write its own logs.",
    )
    return function


class QueuedHandler(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        pattern: events.EventPattern,
        function: lambda_.IFunction,
        visibility_s: int,
    ) -> None:
        super().__init__(scope, id)
        self.dead_letters = sqs.Queue(
            self,
            "DeadLetters",
            retention_period=Duration.days(14),
            enforce_ssl=True,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
        )
        acknowledge(
            self.dead_letters,
            "AwsSolutions::AwsSolutions-SQS3",
            "This is the dead-letter queue; its messages wait for an operator (alarm below).",
        )
        self.queue = sqs.Queue(
            self,
            "Events",
            visibility_timeout=Duration.seconds(visibility_s),
            enforce_ssl=True,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dead_letters, max_receive_count=5),
        )
        self.rule = events.Rule(self, "Rule", event_pattern=pattern)
        self.rule.add_target(targets.SqsQueue(self.queue))
        function.add_event_source(
            sources.SqsEventSource(self.queue, batch_size=10, report_batch_item_failures=True)
        )
        self.alarm = cloudwatch.Alarm(
            self,
            "DeadLettersWaiting",
            metric=self.dead_letters.metric_approximate_number_of_messages_visible(),
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            alarm_description="Events failed 5 times and wait in the dead-letter queue.",
        )
