from typing import Any, Unpack

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import UserRow
from backend.domain.errors import Conflict
from backend.domain.models import User
from backend.domain.statuses import AccountStatus, Role
from backend.ports.user_repository import UserChanges


class SqliteUserRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, user: User) -> None:
        with Session(self._engine) as session:
            key = user.username.lower()
            if session.exec(select(UserRow).where(UserRow.username_key == key)).first():
                raise Conflict("This username is taken.", code="username_taken")
            if session.exec(select(UserRow).where(UserRow.email == user.email)).first():
                raise Conflict("An account with this email already exists.", code="email_taken")
            session.add(_row(user))
            try:
                session.commit()
            except IntegrityError as e:  # a concurrent sign-up won the race
                raise Conflict("This email or username is taken.", code="taken") from e

    def get(self, user_id: str) -> User | None:
        with Session(self._engine) as session:
            row = session.get(UserRow, user_id)
            return _user(row) if row else None

    def get_by_username(self, username: str) -> User | None:
        query = select(UserRow).where(UserRow.username_key == username.lower())
        with Session(self._engine) as session:
            row = session.exec(query).first()
            return _user(row) if row else None

    def get_by_email(self, email: str) -> User | None:
        with Session(self._engine) as session:
            row = session.exec(select(UserRow).where(UserRow.email == email.lower())).first()
            return _user(row) if row else None

    def update(
        self,
        user_id: str,
        *,
        expected_status: AccountStatus | None = None,
        **changes: Unpack[UserChanges],
    ) -> bool:
        values: dict = dict(changes)
        if "account_status" in changes:
            values["account_status"] = changes["account_status"].value
        if "role" in changes:
            values["role"] = changes["role"].value
        condition = col(UserRow.user_id) == user_id
        if expected_status is not None:
            condition &= col(UserRow.account_status) == expected_status.value
        return self._write(update(UserRow).where(condition).values(**values))

    def add_storage_bytes(self, user_id: str, delta: int, *, limit: int | None = None) -> bool:
        total = col(UserRow.storage_bytes) + delta
        condition = col(UserRow.user_id) == user_id
        if limit is not None:
            condition &= total <= limit
        return self._write(update(UserRow).where(condition).values(storage_bytes=total))

    def _write(self, statement: Any) -> bool:
        with Session(self._engine) as session:
            result = session.exec(statement)
            session.commit()
            return result.rowcount == 1

    def search(self, text: str, *, limit: int) -> list[User]:
        query = select(UserRow)
        if text:
            escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            query = query.where(
                or_(
                    col(UserRow.email).like(pattern, escape="\\"),
                    col(UserRow.username_key).like(pattern, escape="\\"),
                )
            )
        query = query.order_by(col(UserRow.signup_date).desc()).limit(limit)
        with Session(self._engine) as session:
            return [_user(row) for row in session.exec(query).all()]

    def delete(self, user_id: str) -> None:
        with Session(self._engine) as session:
            row = session.get(UserRow, user_id)
            if row:
                session.delete(row)
                session.commit()


def _row(user: User) -> UserRow:
    return UserRow(
        user_id=user.user_id,
        email=user.email.lower(),
        username=user.username,
        username_key=user.username.lower(),
        signup_date=user.signup_date,
        account_status=user.account_status.value,
        last_login=user.last_login,
        tokens_valid_after=user.tokens_valid_after,
        storage_bytes=user.storage_bytes,
        role=user.role.value,
    )


def _user(row: UserRow) -> User:
    return User(
        user_id=row.user_id,
        email=row.email,
        username=row.username,
        signup_date=utc(row.signup_date),
        account_status=AccountStatus(row.account_status),
        last_login=utc(row.last_login),
        tokens_valid_after=utc(row.tokens_valid_after),
        storage_bytes=row.storage_bytes,
        role=Role(row.role),
    )
