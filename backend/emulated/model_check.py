"""What botocore's Stubber skips: enum values and numeric/length bounds of the service model."""

from typing import Any

import botocore.session


def violations(service: str, operation: str, params: dict[str, Any]) -> list[str]:
    model = botocore.session.get_session().get_service_model(service)
    found: list[str] = []
    _check(model.operation_model(operation).input_shape, params, operation, found)
    return found


def _check(shape: Any, value: Any, path: str, found: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        for name in shape.required_members:
            if name not in value:
                found.append(f"{path}.{name}: required")
        for name, member_value in value.items():
            if name not in shape.members:
                found.append(f"{path}.{name}: unknown member")
                continue
            _check(shape.members[name], member_value, f"{path}.{name}", found)
    elif kind == "list":
        for i, item in enumerate(value):
            _check(shape.member, item, f"{path}[{i}]", found)
    elif kind == "map":
        for key, item in value.items():
            _check(shape.value, item, f"{path}[{key}]", found)
    elif kind == "string":
        if shape.enum and value not in shape.enum:
            found.append(f"{path}: {value!r} not in {shape.enum}")
        _bounds(len(value), shape.metadata, path, found, "length")
    elif kind in ("integer", "long", "double", "float"):
        _bounds(value, shape.metadata, path, found, "value")


def _bounds(value: float, metadata: dict, path: str, found: list[str], what: str) -> None:
    if "min" in metadata and value < metadata["min"]:
        found.append(f"{path}: {what} {value} below {metadata['min']}")
    if "max" in metadata and value > metadata["max"]:
        found.append(f"{path}: {what} {value} above {metadata['max']}")
