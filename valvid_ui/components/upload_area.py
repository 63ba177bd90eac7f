"""The upload area: drop zone and file picker around the resumable uploader's progress panel."""

import reflex as rx

from valvid_ui.components.uploader import UploadControl


def upload_area(*, video_id: rx.Var[str], on_chosen, on_active, on_finished,
                disabled: rx.Var[bool], limit_text: rx.Var[str]) -> rx.Component:  # fmt: skip
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
    return rx.box(
        rx.vstack(
            rx.icon("cloud-upload", size=36, color=rx.color("iris", 9)),
            rx.text("Drag a video here, or choose a file", weight="medium",
                    style={"@media (hover: none)": {"display": "none"}}),  # no drag on touch
            rx.text("Up to ", limit_text, " · MP4, MOV, WebM, MKV… · resumes if interrupted",
                    size="2", color_scheme="gray"),
            rx.cond(disabled, rx.fragment(), choose),
            UploadControl.create(video_id=video_id, disabled=disabled, on_chosen=on_chosen,
                                 on_active=on_active, on_finished=on_finished),
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
