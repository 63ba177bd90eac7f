"""Alarms that notify the alerts topic (the data stack's, with the admin subscribed)."""

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_ecs_patterns as ecs_patterns
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns

AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD


def notify(alarm: cloudwatch.Alarm, topic: sns.ITopic) -> None:
    """Tell the topic when the alarm fires and when it clears."""
    alarm.add_alarm_action(cloudwatch_actions.SnsAction(topic))
    alarm.add_ok_action(cloudwatch_actions.SnsAction(topic))


def alarm_on_errors(function: lambda_.Function, topic: sns.ITopic) -> None:
    """A scheduled handler has no queue to hold its failures: alarm on its first error."""
    alarm = cloudwatch.Alarm(
        function,
        "Failing",
        metric=function.metric_errors(period=Duration.minutes(15), statistic="Sum"),
        threshold=1,
        evaluation_periods=1,
        comparison_operator=AT_LEAST,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        alarm_description="A scheduled Valvid handler failed; see its log group.",
    )
    notify(alarm, topic)


def alarm_on_server_errors(
    service: ecs_patterns.ApplicationLoadBalancedFargateService, topic: sns.ITopic
) -> None:
    """5xx answered by the load balancer (no healthy task) or by the app itself."""
    balancer = service.load_balancer.metrics.http_code_elb(
        elbv2.HttpCodeElb.ELB_5XX_COUNT, period=Duration.minutes(5), statistic="Sum"
    )
    app = service.target_group.metrics.http_code_target(
        elbv2.HttpCodeTarget.TARGET_5XX_COUNT, period=Duration.minutes(5), statistic="Sum"
    )
    for id, metric, who in (
        ("LoadBalancer5xx", balancer, "The load balancer"),
        ("App5xx", app, "The app"),
    ):
        alarm = cloudwatch.Alarm(
            service,
            id,
            metric=metric,
            threshold=10,
            evaluation_periods=1,
            comparison_operator=AT_LEAST,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=f"{who} answered 10 or more 5xx responses in 5 minutes.",
        )
        notify(alarm, topic)
