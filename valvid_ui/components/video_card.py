"""A video in a grid: poster, title, duration, creator, relative date."""

from dataclasses import dataclass

import reflex as rx

from backend.services.catalog import PublicVideo
from valvid_ui import format, routes


@dataclass
class Card:
    video_id: str
    title: str
    creator: str
    published: str
    duration: str
    thumbnail_url: str

    @classmethod
    def of(cls, public: PublicVideo) -> "Card":
        video = public.entry.video
        return cls(
            video_id=video.video_id,
            title=video.title,
            creator=public.entry.creator,
            published=format.ago(video.published_at),
            duration=format.duration(video.duration_s),
            thumbnail_url=public.thumbnail_url or "",
        )


def poster_box(src: rx.Var[str] | str, duration: rx.Var[str] | str | None = None) -> rx.Component:
    return rx.box(
        rx.cond(
            src != "",
            rx.image(src=src, alt="", width="100%", height="100%", object_fit="contain",
                     loading="lazy", background="#000"),  # portrait frames letterboxed whole
            rx.center(rx.icon("film", size=32, color=rx.color("gray", 8)), height="100%"),
        ),
        rx.cond(
            duration is not None and duration != "",
            rx.badge(duration, variant="solid", color_scheme="gray", high_contrast=True,
                     position="absolute", bottom="8px", right="8px"),
        ) if duration is not None else rx.fragment(),
        position="relative",
        aspect_ratio="16 / 9",
        width="100%",
        overflow="hidden",
        border_radius="10px",
        background=rx.color("gray", 4),
    )  # fmt: skip


# at most two lines; long words break instead of pushing the grid sideways
TWO_LINES = {
    "display": "-webkit-box",
    "WebkitLineClamp": "2",
    "WebkitBoxOrient": "vertical",
    "overflow": "hidden",
    "overflowWrap": "anywhere",
    "width": "100%",
}


def video_card(card: Card) -> rx.Component:
    return rx.vstack(
        rx.tooltip(  # the full title on hover and on keyboard focus
            rx.link(
                rx.vstack(
                    poster_box(card.thumbnail_url, card.duration),
                    rx.text(card.title, weight="bold", size="3", style=TWO_LINES,
                            data_testid="card-title"),
                    spacing="2",
                    width="100%",
                ),
                href=routes.watch(card.video_id),
                underline="none",
                color="inherit",
                aria_label=card.title,
                width="100%",
            ),
            content=card.title,
        ),
        rx.text(creator_link(card.creator), " · ", card.published, size="2",
                color_scheme="gray"),
        spacing="2",
        width="100%",
        data_testid="video-card",
    )  # fmt: skip


def creator_link(username: rx.Var[str] | str) -> rx.Component:
    return rx.link(username, href=routes.channel(username), color_scheme="gray",
                   data_testid="creator-link")  # fmt: skip


def card_grid(cards: rx.Var) -> rx.Component:
    return rx.grid(
        rx.foreach(cards, video_card),
        columns=rx.breakpoints(initial="1", xs="2", md="3", lg="4"),
        spacing="5",
        width="100%",
    )
