"""The composition root: the only module that chooses and builds adapters."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from backend.config import Settings
from backend.domain.errors import ConfigError
from backend.services.auth import AuthService
from backend.services.catalog import CatalogService
from backend.services.pipeline import LocalPipeline, MediaLimits
from backend.services.playback import PlaybackService
from backend.services.processing import ProcessingService
from backend.services.throttle import LoginThrottle, ThrottlePolicy
from backend.services.tokens import TokenService
from backend.services.uploads import UploadService
from backend.services.videos import VideoService

UPLOAD_PATH = "/api/storage/upload"


@dataclass
class Services:
    settings: Settings
    auth: AuthService
    tokens: TokenService
    videos: VideoService
    uploads: UploadService
    processing: ProcessingService
    pipeline: LocalPipeline | None
    playback: PlaybackService
    catalog: CatalogService
    ports: dict[str, Any]

    def port(self, name: str) -> Any:
        """A port by name, for entry points of one mode (the local upload route, the CLI)."""
        return self.ports[name]


def build_api(svc: Services) -> Any:
    """The FastAPI app (HTTP API and local-mode routes) that the Reflex backend mounts."""
    from backend.api.app import create_api

    return create_api(svc)


def build_services(settings: Settings | None = None, **overrides: Any) -> Services:
    settings = (settings or Settings()).check()
    if settings.mode == "local":
        ports = _local_ports(settings, overrides)
    else:
        raise ConfigError("aws mode has no adapters in this version; use VALVID_MODE=local.")
    ports.update(overrides)
    clock = ports["clock"]
    tokens = TokenService(
        keys=ports["signing_keys"],
        users=ports["users"],
        clock=clock,
        lifetime_s=settings.token_lifetime_s,
    )
    throttle = LoginThrottle(
        attempts=ports["login_attempts"],
        clock=clock,
        policy=ThrottlePolicy(
            max_failures=settings.login_max_failures,
            window=timedelta(seconds=settings.login_window_s),
            lockout=timedelta(seconds=settings.login_lockout_s),
        ),
    )
    records = {k: ports[k] for k in ("videos", "uploads", "objects", "jobs", "clock")}
    processing = ProcessingService(videos=ports["videos"], clock=clock)
    pipeline = None
    if "transcoder" in ports:
        pipeline = LocalPipeline(
            processing=processing,
            prober=ports["prober"],
            transcoder=ports["transcoder"],
            objects=ports["objects"],
            limits=MediaLimits(settings.max_duration_s, settings.max_width, settings.max_height),
        )
    playback = PlaybackService(
        videos=ports["videos"],
        objects=ports["objects"],
        signer=ports["signer"],
        clock=clock,
        app_url=settings.public_url,
        media_url=settings.media_base_url,
        ttl_s=settings.playback_ttl_s,
    )
    return Services(
        settings=settings,
        auth=AuthService(
            users=ports["users"],
            identity=ports["identity"],
            tokens=tokens,
            throttle=throttle,
            clock=clock,
        ),
        tokens=tokens,
        videos=VideoService(**records),
        uploads=UploadService(
            **records,
            max_bytes=settings.max_upload_bytes,
            ticket_ttl_s=settings.ticket_expiry_s,
        ),
        processing=processing,
        pipeline=pipeline,
        playback=playback,
        catalog=CatalogService(
            catalog=ports["catalog"], playback=playback, app_url=settings.public_url
        ),
        ports=ports,
    )


def _local_ports(settings: Settings, overrides: dict[str, Any]) -> dict[str, Any]:
    """Local adapters for every port not overridden (overridden ones are never built)."""
    from functools import cache

    from backend.adapters.cloudfront_signer import CloudFrontUrlSigner, generate_private_key_pem
    from backend.adapters.local.database import open_database
    from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
    from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
    from backend.adapters.local.local_identity import LocalIdentity
    from backend.adapters.local.local_secrets import load_or_create_file, load_or_create_secret
    from backend.adapters.local.post_policy import PostCredentials
    from backend.adapters.local.pyav_prober import PyAvProber
    from backend.adapters.local.sqlite_catalog import SqliteCatalog
    from backend.adapters.local.sqlite_job_queue import SqliteJobQueue
    from backend.adapters.local.sqlite_login_attempt_log import SqliteLoginAttemptLog
    from backend.adapters.local.sqlite_signing_key_store import SqliteSigningKeyStore
    from backend.adapters.local.sqlite_upload_repository import SqliteUploadRepository
    from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
    from backend.adapters.local.sqlite_video_repository import SqliteVideoRepository
    from backend.adapters.system_clock import SystemClock

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    clock = overrides.get("clock") or SystemClock()
    engine = cache(lambda: overrides.get("engine") or open_database(settings.database_url))

    def object_store() -> FilesystemObjectStore:
        credentials = PostCredentials(
            access_key="valvid-local",
            secret_key=load_or_create_secret(settings.secrets_dir / "upload-policy.key"),
            bucket="valvid-raw",
        )
        return FilesystemObjectStore(
            settings.objects_dir,
            credentials=credentials,
            upload_url=settings.public_url.rstrip("/") + UPLOAD_PATH,
            clock=clock,
        )

    factories = {
        "users": lambda: SqliteUserRepository(engine()),
        "videos": lambda: SqliteVideoRepository(engine()),
        "uploads": lambda: SqliteUploadRepository(engine()),
        "signing_keys": lambda: SqliteSigningKeyStore(engine()),
        "login_attempts": lambda: SqliteLoginAttemptLog(engine()),
        "jobs": lambda: SqliteJobQueue(engine(), clock=clock),
        "identity": lambda: LocalIdentity(engine(), clock=clock),
        "objects": object_store,
        "catalog": lambda: SqliteCatalog(engine()),
        "signer": lambda: CloudFrontUrlSigner(
            "VALVIDLOCAL",
            load_or_create_file(
                settings.secrets_dir / "cloudfront-private-key.pem", generate_private_key_pem
            ),
        ),
    }
    ports: dict[str, Any] = {"clock": clock}
    ports.update({name: make() for name, make in factories.items() if name not in overrides})
    store = ports.get("objects") or overrides["objects"]
    if isinstance(store, FilesystemObjectStore):
        ports.setdefault("prober", PyAvProber(store))
        ports.setdefault("transcoder", FfmpegTranscoder(store))
    if engine.cache_info().currsize:
        ports["engine"] = engine()
    return ports
