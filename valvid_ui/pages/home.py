import reflex as rx

from valvid_ui import routes


def home() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading("Valvid", size="9"),
            rx.text("Upload, transcode and stream your videos — all in Python.", size="5"),
            rx.text("Browse, watch and the studio arrive soon.", color_scheme="gray"),
            rx.link("API reference", href="/api/docs"),
            align="center",
            spacing="4",
        ),
        min_height="80vh",
    )


def register(app: rx.App) -> None:
    app.add_page(home, route=routes.HOME, title="Valvid")
