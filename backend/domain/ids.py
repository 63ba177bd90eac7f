import secrets


def new_id(prefix: str) -> str:
    """A random, URL-safe identifier such as vid_3hQ2...; prefixes make logs readable."""
    return f"{prefix}_{secrets.token_urlsafe(12)}"
