"""The images run on the architecture they are built for, whatever machine builds them, and the
app's tasks get the start allowance its image needs."""

import json
import re
from pathlib import Path

import pytest

from infra.images import APP_START_GRACE_S, PLATFORM

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_dockerfiles_build_for_the_platform_the_stacks_run():
    for name in ("Dockerfile", "Dockerfile.lambda"):
        (base,) = re.findall(r"^FROM (.*)$", (ROOT / name).read_text(), re.MULTILINE)
        assert base.startswith(f"--platform={PLATFORM} "), (name, base)


def test_image_assets_are_built_for_x86_64(assembly):
    _, cloud_assembly = assembly
    images = {}
    for manifest in Path(cloud_assembly.directory).glob("*.assets.json"):
        images.update(json.loads(manifest.read_text()).get("dockerImages", {}))
    built = {image["source"].get("dockerFile") for image in images.values()}
    assert built == {"Dockerfile", "Dockerfile.lambda"}
    for image in images.values():
        assert image["source"].get("platform") == PLATFORM, image["source"]


def test_tasks_and_functions_run_on_x86_64(templates):
    (task,) = templates["ValvidWeb"].find_resources("AWS::ECS::TaskDefinition").values()
    assert task["Properties"].get("RuntimePlatform") == {
        "CpuArchitecture": "X86_64",
        "OperatingSystemFamily": "LINUX",
    }
    functions = [
        f
        for template in templates.values()
        for f in template.find_resources("AWS::Lambda::Function").values()
        if f["Properties"].get("PackageType") == "Image"
    ]
    assert functions
    for function in functions:
        assert function["Properties"].get("Architectures") == ["x86_64"]


def test_app_tasks_get_the_measured_start_allowance(templates):
    (service,) = templates["ValvidWeb"].find_resources("AWS::ECS::Service").values()
    assert service["Properties"]["HealthCheckGracePeriodSeconds"] == APP_START_GRACE_S
