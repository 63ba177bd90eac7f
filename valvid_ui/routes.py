"""Every route string of the UI, in one place."""

BROWSE = "/"
WATCH = "/watch/[video_id]"
LOGIN = "/login"
SIGNUP = "/signup"
CONFIRM = "/confirm"
STUDIO = "/studio"
EDITOR = "/studio/[video_id]"


def watch(video_id: str) -> str:
    return f"/watch/{video_id}"


def editor(video_id: str) -> str:
    return f"/studio/{video_id}"
