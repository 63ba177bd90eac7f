"""The composition root: the only module that chooses and builds adapters."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from backend.config import Settings
from backend.services.admin import AdminService
from backend.services.audit_trail import AuditTrail
from backend.services.auth import AuthService
from backend.services.catalog import CatalogService
from backend.services.creator_access import CreatorAccessService
from backend.services.managed_processing import ManagedProcessing
from backend.services.moderation import ModerationService
from backend.services.multipart_uploads import MultipartUploadService
from backend.services.passwords import PasswordService
from backend.services.pipeline import LocalPipeline
from backend.services.playback import PlaybackService
from backend.services.processing import MediaLimits, ProcessingService
from backend.services.reports import ReportService
from backend.services.throttle import AttemptThrottle, ThrottlePolicy
from backend.services.tokens import TokenService
from backend.services.uploads import UploadService
from backend.services.videos import VideoService

UPLOAD_PATH = "/api/storage/upload"
S3_PATH = "/api/storage/s3"  # local mode's S3 subset: /api/storage/s3/{bucket}/{key}


@dataclass
class Services:
    settings: Settings
    auth: AuthService
    tokens: TokenService
    videos: VideoService
    uploads: UploadService
    multipart: MultipartUploadService | None  # None where no multipart storage is wired
    processing: ProcessingService
    pipeline: LocalPipeline | None
    playback: PlaybackService
    catalog: CatalogService
    managed: ManagedProcessing | None
    ports: dict[str, Any]
    passwords: PasswordService
    admin: AdminService
    moderation: ModerationService
    creator_access: CreatorAccessService
    reports: ReportService

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
        ports = _aws_ports(settings, overrides)
    ports.update(overrides)
    clock = ports["clock"]
    tokens = TokenService(
        keys=ports["signing_keys"],
        users=ports["users"],
        clock=clock,
        lifetime_s=settings.token_lifetime_s,
    )
    throttle = AttemptThrottle(
        attempts=ports["login_attempts"], clock=clock, policies=throttle_policies(settings)
    )
    records = {k: ports[k] for k in ("videos", "uploads", "users", "objects", "jobs", "clock")}
    processing = ProcessingService(videos=ports["videos"], clock=clock)
    limits = MediaLimits(settings.max_duration_s, settings.max_width, settings.max_height)
    pipeline = managed = None
    if "submitter" in ports:
        managed = ManagedProcessing(
            processing=processing,
            prober=ports["prober"],
            submitter=ports["submitter"],
            jobs=ports["jobs"],
            objects=ports["objects"],
            clock=clock,
            limits=limits,
            max_sweeps=settings.job_max_attempts,
        )
    if "transcoder" in ports:
        pipeline = LocalPipeline(
            processing=processing,
            prober=ports["prober"],
            transcoder=ports["transcoder"],
            objects=ports["objects"],
            limits=limits,
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
    uploads = UploadService(
        **records,
        max_bytes=settings.max_upload_bytes,
        ticket_ttl_s=settings.ticket_expiry_s,
        storage_quota_bytes=settings.storage_quota_bytes,
        multipart=ports.get("multipart"),
    )
    multipart = None
    if "multipart" in ports:
        multipart = MultipartUploadService(
            uploads=uploads,
            records=ports["uploads"],
            videos=ports["videos"],
            multipart=ports["multipart"],
            objects=ports["objects"],
            clock=clock,
            part_url_ttl_s=settings.ticket_expiry_s,
        )
    trail = AuditTrail(audit=ports["audit"], clock=clock)
    admin = AdminService(
        users=ports["users"],
        requests=ports["creator_requests"],
        trail=trail,
        notifier=ports["notifier"],
        clock=clock,
    )
    auth = AuthService(
        users=ports["users"],
        identity=ports["identity"],
        tokens=tokens,
        throttle=throttle,
        clock=clock,
        notifier=ports["notifier"],
        password_checks=settings.password_hash_concurrency,
        signup_policy=settings.signup_policy,
        invited=admin.is_invited,
    )
    return Services(
        settings=settings,
        auth=auth,
        tokens=tokens,
        videos=VideoService(**records),
        uploads=uploads,
        multipart=multipart,
        processing=processing,
        pipeline=pipeline,
        managed=managed,
        playback=playback,
        catalog=CatalogService(
            catalog=ports["catalog"],
            users=ports["users"],
            playback=playback,
            app_url=settings.public_url,
        ),
        ports=ports,
        passwords=PasswordService(
            users=ports["users"],
            identity=ports["identity"],
            tokens=tokens,
            throttle=throttle,
            clock=clock,
            hashing=auth.hashing,
        ),
        admin=admin,
        moderation=ModerationService(
            videos=ports["videos"],
            reports=ports["reports"],
            trail=trail,
            clock=clock,
            job_log=ports["jobs"] if hasattr(ports["jobs"], "recent") else None,
        ),
        creator_access=CreatorAccessService(
            requests=ports["creator_requests"], clock=clock, policy=settings.signup_policy
        ),
        reports=ReportService(
            reports=ports["reports"], videos=ports["videos"], throttle=throttle, clock=clock
        ),
    )


def database_schema(settings: Settings) -> Any:
    """Local mode's schema revisions, for `valvid db` (aws mode's tables have no migrations)."""
    from backend.adapters.local.schema_migrations import SqliteSchema

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteSchema(settings.database_url)


def throttle_policies(settings: Settings) -> dict[str, ThrottlePolicy]:
    """Per key kind: logins per account and per client address, codes, code resends."""
    account = ThrottlePolicy(
        max_failures=settings.login_max_failures,
        window=timedelta(seconds=settings.login_window_s),
        lockout=timedelta(seconds=settings.login_lockout_s),
    )
    client_lock = timedelta(seconds=settings.login_client_lockout_s)
    client = ThrottlePolicy(settings.login_client_max_failures, client_lock, client_lock)
    return {
        "account": account,
        "client": client,
        "code": account,
        "reset-code": account,
        "resend-account": ThrottlePolicy(max_failures=3),
        "resend-client": ThrottlePolicy(max_failures=settings.client_codes_per_window),
        "signup-client": ThrottlePolicy(max_failures=settings.client_codes_per_window),
        "report": ThrottlePolicy(settings.report_limit_per_hour, timedelta(hours=1), timedelta(0)),
    }


def aws_backfills(settings: Settings) -> Any:
    """The DynamoDB backfills of aws mode and their runner, for `valvid aws backfill`."""
    from backend.adapters.aws.backfills import BACKFILLS
    from backend.adapters.aws.dynamodb_backfill import BackfillRunner

    return BACKFILLS, BackfillRunner(_aws_clients(settings), settings.aws_table_prefix)


def _aws_clients(settings: Settings) -> Any:
    from backend.adapters.aws.clients import AwsClients

    return AwsClients(region=settings.aws_region, endpoint_url=settings.aws_endpoint_url or None)


def _local_ports(settings: Settings, overrides: dict[str, Any]) -> dict[str, Any]:
    """Local adapters for every port not overridden (overridden ones are never built)."""
    from functools import cache

    from backend.adapters.cloudfront_signer import CloudFrontUrlSigner, generate_private_key_pem
    from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
    from backend.adapters.local.filesystem_multipart_store import FilesystemMultipartStore
    from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
    from backend.adapters.local.local_identity import LocalIdentity
    from backend.adapters.local.local_secrets import load_or_create_file, load_or_create_secret
    from backend.adapters.local.outbox_notifier import OutboxNotifier
    from backend.adapters.local.post_policy import PostCredentials
    from backend.adapters.local.pyav_prober import PyAvProber
    from backend.adapters.local.sqlite_audit_log import SqliteAuditLog
    from backend.adapters.local.sqlite_catalog import SqliteCatalog
    from backend.adapters.local.sqlite_creator_request_repository import (
        SqliteCreatorRequestRepository,
    )
    from backend.adapters.local.sqlite_job_queue import SqliteJobQueue
    from backend.adapters.local.sqlite_login_attempt_log import SqliteLoginAttemptLog
    from backend.adapters.local.sqlite_report_repository import SqliteReportRepository
    from backend.adapters.local.sqlite_signing_key_store import SqliteSigningKeyStore
    from backend.adapters.local.sqlite_upload_repository import SqliteUploadRepository
    from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
    from backend.adapters.local.sqlite_video_repository import SqliteVideoRepository
    from backend.adapters.system_clock import SystemClock

    prepare_data_dir(settings)
    clock = overrides.get("clock") or SystemClock()
    engine = cache(lambda: overrides.get("engine") or _open_engine(settings))

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
        "notifier": lambda: OutboxNotifier(engine(), clock=clock),
        "objects": object_store,
        "catalog": lambda: SqliteCatalog(engine()),
        "audit": lambda: SqliteAuditLog(engine()),
        "creator_requests": lambda: SqliteCreatorRequestRepository(engine()),
        "reports": lambda: SqliteReportRepository(engine()),
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
        s3_url = settings.public_url.rstrip("/") + S3_PATH
        ports.setdefault("multipart", FilesystemMultipartStore(store, base_url=s3_url, clock=clock))
        ports.setdefault("prober", PyAvProber(store))
        ports.setdefault(
            "transcoder", FfmpegTranscoder(store, passthrough_margin=settings.passthrough_margin)
        )
    if engine.cache_info().currsize:
        ports["engine"] = engine()
    return ports


def prepare_data_dir(settings: Settings) -> None:
    """Local mode's data directory: owner-only, on a local disk; files made later stay private."""
    from backend.adapters.local.data_dir import prepare_data_dir as prepare

    prepare(settings.data_dir)


def _open_engine(settings: Settings) -> Any:
    from backend.adapters.local.database import open_database
    from backend.adapters.local.sqlite_busy import report_locked_as_unavailable

    url, timeout = settings.database_url, settings.db_busy_timeout_s
    return report_locked_as_unavailable(open_database(url, busy_timeout_s=timeout))


def _aws_ports(settings: Settings, overrides: dict[str, Any]) -> dict[str, Any]:
    """AWS adapters for every port not overridden; clients are created lazily."""
    from backend.adapters.aws.cognito_identity import CognitoIdentity
    from backend.adapters.aws.dynamodb_audit_log import DynamoDbAuditLog
    from backend.adapters.aws.dynamodb_catalog import DynamoDbCatalog
    from backend.adapters.aws.dynamodb_creator_request_repository import (
        DynamoDbCreatorRequestRepository,
    )
    from backend.adapters.aws.dynamodb_job_queue import DynamoDbJobQueue
    from backend.adapters.aws.dynamodb_login_attempt_log import DynamoDbLoginAttemptLog
    from backend.adapters.aws.dynamodb_report_repository import DynamoDbReportRepository
    from backend.adapters.aws.dynamodb_signing_key_store import DynamoDbSigningKeyStore
    from backend.adapters.aws.dynamodb_tables import table_name
    from backend.adapters.aws.dynamodb_upload_repository import DynamoDbUploadRepository
    from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
    from backend.adapters.aws.dynamodb_video_repository import DynamoDbVideoRepository
    from backend.adapters.aws.mediaconvert_submitter import MediaConvertSubmitter
    from backend.adapters.aws.s3_multipart_store import S3MultipartStore
    from backend.adapters.aws.s3_object_store import S3ObjectStore
    from backend.adapters.aws.s3_prober import PRESIGNED_URL_PROTOCOLS as PRESIGNED
    from backend.adapters.aws.s3_prober import S3PyAvProber
    from backend.adapters.aws.secrets import cloudfront_private_key
    from backend.adapters.aws.ses_notifier import SesNotifier
    from backend.adapters.cloudfront_signer import CloudFrontUrlSigner
    from backend.adapters.lazy_url_signer import LazyUrlSigner
    from backend.adapters.system_clock import SystemClock

    clients = overrides.get("clients") or _aws_clients(settings)
    clock = overrides.get("clock") or SystemClock()

    def table(name: str) -> str:
        return table_name(settings.aws_table_prefix, name)

    users = overrides.get("users") or DynamoDbUserRepository(clients, table("users"))
    submitter = overrides.get("submitter") or MediaConvertSubmitter(
        clients,
        endpoint_url=settings.mediaconvert_endpoint or None,
        role_arn=settings.mediaconvert_role_arn,
        queue_arn=settings.mediaconvert_queue_arn,
        raw_bucket=settings.raw_bucket,
        media_bucket=settings.media_bucket,
        acceleration=settings.mediaconvert_acceleration,
        rate_control=settings.mediaconvert_rate_control,
    )
    factories = {
        "videos": lambda: DynamoDbVideoRepository(clients, table("videos")),
        "uploads": lambda: DynamoDbUploadRepository(clients, table("uploads")),
        "signing_keys": lambda: DynamoDbSigningKeyStore(clients, table("signing_keys")),
        "login_attempts": lambda: DynamoDbLoginAttemptLog(clients, table("login_failures")),
        "jobs": lambda: DynamoDbJobQueue(clients, table("jobs"), clock=clock, submitter=submitter),
        "identity": lambda: CognitoIdentity(
            clients,
            user_pool_id=settings.cognito_user_pool_id,
            client_id=settings.cognito_client_id,
        ),
        "notifier": lambda: SesNotifier(clients, sender=settings.mail_from),
        "objects": lambda: S3ObjectStore(
            clients,
            raw_bucket=settings.raw_bucket,
            media_bucket=settings.media_bucket,
            clock=clock,
        ),
        "multipart": lambda: S3MultipartStore(clients, raw_bucket=settings.raw_bucket, clock=clock),
        "catalog": lambda: DynamoDbCatalog(clients, table("videos"), users=users),
        "audit": lambda: DynamoDbAuditLog(clients, table("moderation")),
        "creator_requests": lambda: DynamoDbCreatorRequestRepository(clients, table("moderation")),
        "reports": lambda: DynamoDbReportRepository(clients, table("moderation")),
        "prober": lambda: S3PyAvProber(
            clients,
            bucket=settings.raw_bucket,
            # presigned URLs are https, except an emulator's (aws_endpoint_url is never set live)
            protocols="http,tcp" if settings.aws_endpoint_url.startswith("http:") else PRESIGNED,
        ),
        # loaded on first use: a process starts, and says it is not ready, while the key the
        # deploy generates is not there yet
        "signer": lambda: LazyUrlSigner(
            lambda: CloudFrontUrlSigner(
                settings.cloudfront_key_pair_id, cloudfront_private_key(clients, settings)
            )
        ),
    }
    ports: dict[str, Any] = {"clock": clock, "clients": clients, "users": users}
    ports["submitter"] = submitter
    ports.update({name: make() for name, make in factories.items() if name not in overrides})
    return ports
