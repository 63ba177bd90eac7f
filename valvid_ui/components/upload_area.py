"""The upload area: file picker and drop zone, live progress and cancel, all in the browser."""

import reflex as rx


def upload_area(*, on_pick, on_drop, on_finish, on_cancel, uploading: rx.Var[bool],
                disabled: rx.Var[bool], limit_text: rx.Var[str]) -> rx.Component:  # fmt: skip
    picker = rx.el.input(
        id="file-input",
        type="file",
        accept="video/*",
        on_change=on_pick,
        disabled=disabled,
        aria_label="Choose a video file",
        style={
            "position": "absolute",
            "width": "1px",
            "height": "1px",
            "opacity": 0,
            "overflow": "hidden",
        },
    )
    choose = rx.el.label(
        rx.icon("file-video", size=16),
        "Choose a file",
        html_for="file-input",
        style={
            "display": "inline-flex",
            "gap": "6px",
            "alignItems": "center",
            "padding": "8px 16px",
            "borderRadius": "8px",
            "cursor": "pointer",
            "background": rx.color("iris", 9),
            "color": "white",
            "fontWeight": 500,
        },
    )
    progress = rx.vstack(
        rx.box(
            rx.box(id="upload-progress-bar", width="0%", height="100%",
                   background=rx.color("iris", 9), border_radius="999px",
                   transition="width 0.2s"),
            width="100%", height="10px", background=rx.color("gray", 5), border_radius="999px",
            role="progressbar", id="upload-progress", aria_label="Upload progress",
            aria_valuemin=0, aria_valuemax=100, aria_valuenow=0,
        ),
        rx.hstack(
            rx.text("0%", id="upload-progress-text", size="2", data_testid="upload-progress"),
            rx.spacer(),
            rx.button("Cancel upload", variant="soft", color_scheme="red", size="1",
                      on_click=on_cancel),
            width="100%",
            align="center",
        ),
        width="100%",
        display=rx.cond(uploading, "flex", "none"),
    )  # fmt: skip
    return rx.box(
        rx.vstack(
            rx.icon("cloud-upload", size=36, color=rx.color("iris", 9)),
            rx.text("Drag a video here, or choose a file", weight="medium",
                    style={"@media (hover: none)": {"display": "none"}}),  # no drag on touch
            rx.text("Up to ", limit_text, " · MP4, MOV, WebM, MKV…", size="2", color_scheme="gray"),
            picker,
            rx.cond(disabled, rx.fragment(), choose),
            progress,
            # clicked by valvid_upload.js: a file was dropped / the upload ended
            rx.el.button(id="file-dropped", on_click=on_drop, style={"display": "none"},
                         type="button", aria_hidden="true"),
            rx.el.button(id="upload-finished", on_click=on_finish, style={"display": "none"},
                         type="button", aria_hidden="true"),
            align="center",
            spacing="2",
            width="100%",
        ),
        id="drop-zone",
        border=f"2px dashed {rx.color('iris', 7)}",
        border_radius="14px",
        padding="1.5em",
        width="100%",
        background=rx.color("iris", 2),
    )  # fmt: skip
