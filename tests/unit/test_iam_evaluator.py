"""The IAM evaluator the deploy check relies on: wildcards, Not* forms, explicit deny."""

from tests.aws.iam_evaluator import allows

TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/valvid-videos"


def allow(action, resource, **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def test_a_table_grant_does_not_cover_its_indexes():
    policy = [allow(["dynamodb:Query", "dynamodb:GetItem"], TABLE)]
    assert allows(policy, "dynamodb:Query", TABLE)
    assert not allows(policy, "dynamodb:Query", f"{TABLE}/index/by_owner")
    assert allows([allow("dynamodb:Query", f"{TABLE}/index/*")], "dynamodb:Query",
                  f"{TABLE}/index/by_owner")  # fmt: skip


def test_action_wildcards_are_case_insensitive_and_resources_are_not():
    policy = [allow("s3:GetObject*", "arn:aws:s3:::raw/*")]
    assert allows(policy, "s3:getobject", "arn:aws:s3:::raw/uploads/a")
    assert allows(policy, "s3:GetObjectTagging", "arn:aws:s3:::raw/x")
    assert not allows(policy, "s3:PutObject", "arn:aws:s3:::raw/x")
    assert not allows(policy, "s3:GetObject", "arn:aws:s3:::RAW/x")
    assert not allows(policy, "s3:GetObject", "arn:aws:s3:::raw")
    assert allows([allow("s3:Get?bject", "*")], "s3:GetObject", "arn:aws:s3:::any/k")


def test_nothing_is_allowed_without_a_statement_and_a_deny_wins():
    assert not allows([], "s3:GetObject", "arn:aws:s3:::raw/x")
    policy = [allow("s3:*", "*"), {"Effect": "Deny", "Action": "s3:DeleteObject",
                                    "Resource": "arn:aws:s3:::raw/*"}]  # fmt: skip
    assert allows(policy, "s3:PutObject", "arn:aws:s3:::raw/x")
    assert not allows(policy, "s3:DeleteObject", "arn:aws:s3:::raw/x")


def test_not_action_and_not_resource():
    policy = [{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::media/*"}]
    assert allows(policy, "s3:GetObject", "arn:aws:s3:::raw/x")
    assert not allows(policy, "iam:PassRole", "arn:aws:iam::1:role/r")
    assert not allows(policy, "s3:GetObject", "arn:aws:s3:::media/x")
