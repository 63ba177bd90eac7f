"""Published videos written straight through the repositories, for catalog tests and benchmarks."""

from datetime import UTC, datetime, timedelta

from backend.domain.models import User, Video
from backend.domain.statuses import AccountStatus, VideoStatus, Visibility

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def seed_user(users, name: str = "creator") -> User:
    user = User(
        user_id=f"usr_{name}",
        email=f"{name}@example.com",
        username=name,
        signup_date=T0,
        account_status=AccountStatus.ACTIVE,
    )
    users.add(user)
    return user


def published(n: int, owner: User, *, title: str, description: str = "", tags=(), at=None) -> Video:
    at = at or T0 + timedelta(minutes=n)
    return Video(
        video_id=f"vid_{n:06d}",
        owner_id=owner.user_id,
        title=title,
        description=description,
        tags=list(tags),
        created_at=at,
        updated_at=at,
        status=VideoStatus.READY,
        visibility=Visibility.PUBLIC,
        published_at=at,
        duration_s=60.0,
        poster_key=f"media/vid_{n:06d}/poster.jpg",
        thumbnail_key=f"media/vid_{n:06d}/thumb.jpg",
        manifest_key=f"media/vid_{n:06d}/master.m3u8",
    )
