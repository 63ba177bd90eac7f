"""Checks recorded AWS calls against the synthesized policy of the role that makes them."""

from collections.abc import Callable, Iterable
from typing import Any

from backend.config import Settings
from tests.aws.deployed_roles import APP, Deployment
from tests.aws.iam_evaluator import allows
from tests.aws.iam_requests import Call, needs

MEDIACONVERT = "mediaconvert"
SETTING_ENV = {
    "raw_bucket": "VALVID_RAW_BUCKET",
    "media_bucket": "VALVID_MEDIA_BUCKET",
    "cognito_user_pool_id": "VALVID_COGNITO_USER_POOL_ID",
    "cloudfront_private_key_secret": "VALVID_CLOUDFRONT_PRIVATE_KEY_SECRET",
    "mediaconvert_role_arn": "VALVID_MEDIACONVERT_ROLE_ARN",
    "mediaconvert_queue_arn": "VALVID_MEDIACONVERT_QUEUE_ARN",
    "mail_from": "VALVID_MAIL_FROM",
}
OPERATOR = "operator"  # `valvid aws ...` maintenance, run with the operator's own credentials


def renamer(settings: Settings, environment: dict[str, str]) -> Callable[[str], str]:
    """Test resource names → the names the deployed component is configured with."""
    exact = {
        getattr(settings, f): environment[e] for f, e in SETTING_ENV.items() if e in environment
    }
    prefix = settings.aws_table_prefix + "-"
    deployed_prefix = environment["VALVID_AWS_TABLE_PREFIX"] + "-"

    def deployed(name: str) -> str:
        if name in exact:
            return exact[name]
        if name.startswith(prefix):
            return deployed_prefix + name.removeprefix(prefix)
        return name

    return deployed


def denied_calls(deployment: Deployment, settings: Settings, calls: Iterable[Call]) -> list[str]:
    """One line per action a call needs that its component's role does not allow."""
    components = deployment.components()
    app = components[APP]
    stack, role = deployment.role_by_arn(app.environment["VALVID_MEDIACONVERT_ROLE_ARN"])
    # names are deployment-wide: a component configured otherwise (the deploy-time key-pair
    # function gets its secret from the custom resource) names resources as the app does
    roles: dict[str, tuple[str, list[dict[str, Any]], dict[str, str]]] = {
        name: (c.role, c.statements, {**app.environment, **c.environment})
        for name, c in components.items()
    }
    roles[MEDIACONVERT] = (role, deployment.role_statements(stack, role), app.environment)
    problems = []
    for call in calls:
        if call.component == OPERATOR:
            continue
        if call.component not in roles:
            problems.append(f"{call.component} runs under no role in the templates: {call}")
            continue
        role_name, statements, environment = roles[call.component]
        for action, resource in needs(call, renamer(settings, environment)):
            if not allows(statements, action, resource):
                problems.append(
                    f"{call.component} (role {role_name}) may not {action} on {resource}, "
                    f"needed by {call}"
                )
    return sorted(set(problems))
