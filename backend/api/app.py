"""Builds the FastAPI app that Reflex mounts: HTTP API, OpenAPI and local-mode routes."""

from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from backend.api import (
    channels,
    creators,
    health,
    media,
    playback,
    storage,
    storage_parts,
    uploads,
    users,
    viewers,
)
from backend.api.admin import router as admin_router
from backend.api.body_limit import BodyLimit
from backend.api.errors import install_error_handlers
from backend.api.link_previews import LinkPreviews
from backend.api.moderation_requests import router as moderation_router
from backend.bootstrap import Services


def create_api(svc: Services) -> FastAPI:
    app = FastAPI(
        title="Valvid API",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.services = svc
    install_error_handlers(app)
    for module in (health, users, creators, viewers, channels, playback):
        app.include_router(module.router)
    app.include_router(uploads.router)
    app.include_router(moderation_router)
    app.include_router(admin_router)
    if svc.settings.mode == "local":
        app.include_router(storage.router)
        app.include_router(storage_parts.router)
    if svc.settings.serves_media:
        app.include_router(media.router)
    app.add_middleware(LinkPreviews, services=svc)  # watch pages' tags for crawlers
    app.add_middleware(
        BodyLimit,
        max_bytes=svc.settings.max_request_bytes,
        idle_timeout_s=svc.settings.body_idle_timeout_s,
        min_bytes_per_s=svc.settings.body_min_rate,
    )
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(svc.settings.public_url))
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[origin],
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["ETag"],  # a browser reads each uploaded part's ETag
    )
    return app
