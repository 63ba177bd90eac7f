from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import UserRow
from backend.domain.errors import Conflict
from backend.domain.models import User
from backend.domain.statuses import AccountStatus


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

    def get_by_email(self, email: str) -> User | None:
        with Session(self._engine) as session:
            row = session.exec(select(UserRow).where(UserRow.email == email.lower())).first()
            return _user(row) if row else None

    def save(self, user: User) -> None:
        with Session(self._engine) as session:
            session.merge(_row(user))
            session.commit()

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
    )
