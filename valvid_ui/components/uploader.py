"""The resumable uploader (Uppy, S3 multipart through Valvid's upload API) as Reflex components.

The upload itself runs in the browser (upload_manager.js); these wrap its picker/progress panel
and the header tray that shows uploads in flight on every page."""

from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex.event import passthrough_event_spec

UPLOADS_JSX = rx.asset("uploads.jsx", shared=True)
rx.asset("upload_manager.js", shared=True)  # imported by uploads.jsx from beside it
UPPY = ["@uppy/core@5.2.0", "@uppy/aws-s3@5.1.0"]

if TYPE_CHECKING:  # Reflex reads the spec from the annotation; mypy cannot type it
    DictEvent = Any
else:
    DictEvent = rx.EventHandler[passthrough_event_spec(dict)]


class UploadControl(rx.NoSSRComponent):
    library = f"$/public{UPLOADS_JSX}"
    lib_dependencies: list[str] = UPPY
    tag = "UploadControl"

    video_id: rx.Var[str]
    disabled: rx.Var[bool]
    on_chosen: DictEvent
    on_active: DictEvent
    on_finished: DictEvent


class UploadTray(rx.NoSSRComponent):
    library = f"$/public{UPLOADS_JSX}"
    lib_dependencies: list[str] = UPPY
    tag = "UploadTray"


def upload_tray() -> rx.Component:
    return UploadTray.create()
