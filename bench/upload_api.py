"""The API as an ASGI app for benchmarks, configured from VALVID_* like the platform."""

from backend.bootstrap import build_api, build_services

app = build_api(build_services())
