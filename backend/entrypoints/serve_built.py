"""`reflex run --env prod --single-port` for an app whose pages and frontend `valvid build`
compiled and built beforehand (at image build time): the same start, minus those two steps."""

import sys

from reflex import reflex as reflex_cli
from reflex.utils import build, prerequisites


def main(port: int) -> None:
    prerequisites.needs_reinit = lambda: False  # `valvid build` initialized .web
    reflex_cli._compile_app = lambda **_: None
    build.setup_frontend_prod = lambda root: None
    reflex_cli.cli(["run", "--env", "prod", "--single-port", "--backend-port", str(port)])


if __name__ == "__main__":
    main(int(sys.argv[1]))
