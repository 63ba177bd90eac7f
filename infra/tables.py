"""The DynamoDB tables the aws adapters use (a test checks they match backend/adapters/aws)."""

TABLES: dict[str, dict] = {
    "users": {"keys": ["pk"]},
    "videos": {
        "keys": ["video_id"],
        "indexes": {
            "by_owner": ["owner_id", "created_sort"],
            "public_newest": ["public_pk", "published_sort"],
            "public_by_owner": ["public_owner", "published_sort"],
        },
    },
    "uploads": {"keys": ["upload_id"], "indexes": {"by_video": ["video_id"]}},
    "signing_keys": {"keys": ["pk", "kid"]},
    "login_failures": {"keys": ["pk", "at"], "ttl": "expires_at"},
    "jobs": {
        "keys": ["upload_id"],
        "indexes": {"by_video": ["video_id"], "by_state": ["state", "touched_at"]},
    },
    "moderation": {"keys": ["pk", "sk"]},
}
