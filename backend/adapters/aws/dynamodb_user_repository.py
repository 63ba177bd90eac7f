from datetime import datetime
from typing import Any, Unpack

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from backend.adapters.aws.dynamodb_codec import compact, instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.aws.errors import is_condition_failure
from backend.domain.errors import Conflict
from backend.domain.models import User
from backend.domain.statuses import AccountStatus, Role
from backend.ports.user_repository import UserChanges


class DynamoDbUserRepository(DynamoDbTable):
    """User items plus email and username claims, written in one transaction (uniqueness)."""

    def add(self, user: User) -> None:
        claims = {
            "EMAIL#" + user.email.lower(): "email",
            "USERNAME#" + user.username.lower(): "username",
        }
        puts = [
            {
                "Put": {
                    "TableName": self._name,
                    "Item": _serialize(_item(user)),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        ]
        puts += [
            {"Put": {"TableName": self._name,
                     "Item": _serialize({"pk": claim, "user_id": user.user_id}),
                     "ConditionExpression": "attribute_not_exists(pk)"}}
            for claim in claims
        ]  # fmt: skip
        try:
            self._clients.client("dynamodb").transact_write_items(TransactItems=puts)
        except ClientError as e:
            if not is_condition_failure(e):
                raise
            reasons = e.response.get("CancellationReasons") or []
            taken = [
                kind
                for (claim, kind), reason in zip(claims.items(), reasons[1:], strict=False)
                if reason.get("Code") == "ConditionalCheckFailed"
            ]
            if "username" in taken:
                raise Conflict("This username is taken.", code="username_taken") from e
            raise Conflict("An account with this email already exists.", code="email_taken") from e

    def get(self, user_id: str) -> User | None:
        item = self._table.get_item(Key={"pk": "USER#" + user_id}, ConsistentRead=True).get("Item")
        return _user(item) if item else None

    def get_by_username(self, username: str) -> User | None:
        claim = self._table.get_item(Key={"pk": "USERNAME#" + username.lower()}).get("Item")
        return self.get(claim["user_id"]) if claim else None

    def get_by_email(self, email: str) -> User | None:
        claim = self._table.get_item(Key={"pk": "EMAIL#" + email.lower()}).get("Item")
        return self.get(claim["user_id"]) if claim else None

    def update(
        self,
        user_id: str,
        *,
        expected_status: AccountStatus | None = None,
        **changes: Unpack[UserChanges],
    ) -> bool:
        attributes: dict[str, Any] = {
            name: instant(value) if isinstance(value, datetime) else value
            for name, value in changes.items()
        }
        if "account_status" in changes:
            attributes["account_status"] = changes["account_status"].value
        if "role" in changes:
            attributes["role"] = changes["role"].value
        expected = {"account_status": expected_status.value} if expected_status else {}
        return self._update({"pk": "USER#" + user_id}, attributes, expected=expected)

    def add_storage_bytes(self, user_id: str, delta: int, *, limit: int | None = None) -> bool:
        bound: dict[str, Any] = {}
        if limit is not None:
            if delta > limit:
                return False
            # DynamoDB cannot add inside a condition, so the bound moves to the other side.
            bound = {
                "condition": "(attribute_not_exists(storage_bytes) OR storage_bytes <= :most)",
                "values": {":most": limit - delta},
            }
        return self._update(
            {"pk": "USER#" + user_id}, {}, expected={}, add={"storage_bytes": delta}, **bound
        )

    def search(self, text: str, *, limit: int) -> list[User]:
        """A filtered Scan of the user items: an admin's occasional look-up, not a hot path."""
        request: dict[str, Any] = {"FilterExpression": Attr("pk").begins_with("USER#")}
        found: list[User] = []
        while True:
            page = self._table.scan(**request)
            found += [u for u in map(_user, page.get("Items", [])) if _matches(u, text)]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        found.sort(key=lambda u: u.signup_date, reverse=True)
        return found[:limit]

    def delete(self, user_id: str) -> None:
        user = self.get(user_id)
        if user is None:
            return
        for pk in (
            "USER#" + user_id,
            "EMAIL#" + user.email.lower(),
            "USERNAME#" + user.username.lower(),
        ):
            self._table.delete_item(Key={"pk": pk})


def _item(user: User) -> dict[str, Any]:
    return compact(
        {
            "pk": "USER#" + user.user_id,
            "user_id": user.user_id,
            "email": user.email.lower(),
            "username": user.username,
            "signup_date": instant(user.signup_date),
            "account_status": user.account_status.value,
            "last_login": instant(user.last_login) if user.last_login else None,
            "tokens_valid_after": instant(user.tokens_valid_after)
            if user.tokens_valid_after
            else None,
            "storage_bytes": user.storage_bytes,
            "role": user.role.value,
        }
    )


def _matches(user: User, text: str) -> bool:
    text = text.lower()
    return text in user.email or text in user.username.lower()


def _user(item: dict[str, Any]) -> User:
    signup = parse_instant(item["signup_date"])
    assert signup is not None
    return User(
        user_id=item["user_id"],
        email=item["email"],
        username=item["username"],
        signup_date=signup,
        account_status=AccountStatus(item["account_status"]),
        last_login=parse_instant(item.get("last_login")),
        tokens_valid_after=parse_instant(item.get("tokens_valid_after")),
        storage_bytes=int(item.get("storage_bytes", 0)),
        role=Role(item.get("role", Role.CREATOR.value)),  # accounts older than roles
    )


def _serialize(item: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {k: serializer.serialize(v) for k, v in item.items()}
