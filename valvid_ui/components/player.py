"""hls.js wrapped as a small Reflex component (local JSX beside this file)."""

import reflex as rx

HLS_PLAYER_JSX = rx.asset("hls_player.jsx", shared=True)


class HlsPlayer(rx.NoSSRComponent):
    library = f"$/public{HLS_PLAYER_JSX}"
    lib_dependencies: list[str] = ["hls.js@1.7.4"]
    tag = "HlsPlayer"

    src: rx.Var[str]
    poster: rx.Var[str]
    element_id: rx.Var[str]
    aspect: rx.Var[str]  # the video's "width / height": the player takes its shape
    label: rx.Var[str]  # its accessible name


def hls_player(
    src: rx.Var[str], poster: rx.Var[str], element_id: str = "player",
    aspect: rx.Var[str] | str = "16 / 9", label: rx.Var[str] | str = "Video player",
) -> rx.Component:  # fmt: skip
    return HlsPlayer.create(
        src=src, poster=poster, element_id=element_id, aspect=aspect, label=label
    )
