"""The app's and the handlers' images as CDK assets, pinned to one architecture."""

from pathlib import Path

from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_lambda as lambda_

from infra.images import PLATFORM

REPO = str(Path(__file__).resolve().parents[2])
HANDLERS = "backend.entrypoints.lambdas"
ASSET_PLATFORM = ecr_assets.Platform.custom(PLATFORM)
LAMBDA_ARCHITECTURE = lambda_.Architecture.X86_64
TASK_PLATFORM = ecs.RuntimePlatform(
    cpu_architecture=ecs.CpuArchitecture.X86_64,
    operating_system_family=ecs.OperatingSystemFamily.LINUX,
)


def app_image() -> ecs.ContainerImage:
    return ecs.ContainerImage.from_asset(REPO, file="Dockerfile", platform=ASSET_PLATFORM)


def handler_code(handler: str) -> lambda_.DockerImageCode:
    """The shared handlers' image, started on one handler of backend/entrypoints/lambdas.py."""
    return lambda_.DockerImageCode.from_image_asset(
        REPO, file="Dockerfile.lambda", cmd=[f"{HANDLERS}.{handler}"], platform=ASSET_PLATFORM
    )
