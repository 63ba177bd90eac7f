"""Every AWS operation the aws adapters can call, found in their source: client and Table
method calls named after an operation of a service the file asks a client for, operations
passed by name (`_call("sign_up")`, `get_paginator("list_objects_v2")`,
`ClientMethod="get_object"`), presigned POSTs (PutObject) and batch writers (BatchWriteItem)."""

import ast
from functools import cache
from pathlib import Path

import botocore.session
from botocore import xform_name

ADAPTERS = Path(__file__).resolve().parents[2] / "backend" / "adapters" / "aws"
PACKAGE = "backend.adapters.aws."
CLIENT_FACTORIES = ("client", "resource")
BY_NAME = ("_call", "get_paginator")
HELPERS = {"generate_presigned_post": "PutObject", "batch_writer": "BatchWriteItem"}


@cache
def _operations(service: str) -> dict[str, str]:
    model = botocore.session.get_session().get_service_model(service)
    return {xform_name(op): op for op in model.operation_names}


def adapter_calls(root: Path = ADAPTERS) -> dict[tuple[str, str], list[str]]:
    """(service, Operation) → where in the adapters it is called ("file.py:line")."""
    found: dict[tuple[str, str], list[str]] = {}
    trees = {path: ast.parse(path.read_text()) for path in sorted(root.glob("*.py"))}
    own = {path.stem: _services(tree) for path, tree in trees.items()}
    for path, tree in trees.items():
        services = own[path.stem].union(*(own.get(m, set()) for m in _siblings(tree)))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for service, operation in _named(node, services):
                found.setdefault((service, operation), []).append(f"{path.name}:{node.lineno}")
    return found


def _siblings(tree: ast.AST) -> list[str]:
    """The adapter modules a file imports from (a table class inherits its client)."""
    return [
        node.module.rsplit(".", 1)[-1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE)
    ]


def _services(tree: ast.AST) -> set[str]:
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLIENT_FACTORIES
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def _named(node: ast.Call, services: set[str]) -> list[tuple[str, str]]:
    if not isinstance(node.func, ast.Attribute):
        return []
    names = [node.func.attr]
    if node.func.attr in BY_NAME and node.args and isinstance(node.args[0], ast.Constant):
        names.append(str(node.args[0].value))
    names += [str(k.value.value) for k in node.keywords
              if k.arg == "ClientMethod" and isinstance(k.value, ast.Constant)]  # fmt: skip
    calls = []
    for service in services:
        for name in names:
            if name in HELPERS and HELPERS[name] in _operations(service).values():
                calls.append((service, HELPERS[name]))
            elif name in _operations(service):
                calls.append((service, _operations(service)[name]))
    return calls


def unexercised(
    calls: dict[tuple[str, str], list[str]], exercised: set[tuple[str, str]]
) -> dict[tuple[str, str], list[str]]:
    """The calls never exercised, leaving out those AWS serves without credentials (no
    permission to check)."""
    return {
        call: where
        for call, where in sorted(calls.items())
        if call not in exercised and not _unsigned(*call)
    }


def _unsigned(service: str, operation: str) -> bool:
    model = botocore.session.get_session().get_service_model(service)
    return bool(model.operation_model(operation).auth_type == "none")
