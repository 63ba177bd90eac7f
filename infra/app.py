"""The Valvid CDK app: data, media pipeline, and the web tier (app + CloudFront).

.venv/bin/python -m infra.app -c adminEmail=you@example.com   (see README)
"""

from aws_cdk import App, Environment, Validations
from cdk_nag import AwsSolutionsChecks

from infra.constructs.nag import acknowledge_scoped_wildcards
from infra.parameters import Parameters
from infra.stacks.data import DataStack
from infra.stacks.media_pipeline import MediaPipelineStack
from infra.stacks.web import WebStack


def build(app: App) -> App:
    params = Parameters.from_context(app.node)
    env = Environment(
        account=app.node.try_get_context("account"),
        region=app.node.try_get_context("region") or "eu-west-1",
    )
    data = DataStack(app, "ValvidData", params=params, env=env)
    web = WebStack(app, "ValvidWeb", params=params, data=data, env=env)
    MediaPipelineStack(app, "ValvidMediaPipeline", data=data, web=web, env=env)
    acknowledge_scoped_wildcards(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app


def main() -> None:
    """`python -m infra.app -c name=value ...` (the cdk CLI passes context the same way)."""
    import sys

    context = dict(
        arg.split("=", 1)
        for flag, arg in zip(sys.argv[1::2], sys.argv[2::2], strict=False)
        if flag in ("-c", "--context")
    )
    build(App(context=context)).synth()


if __name__ == "__main__":
    main()
