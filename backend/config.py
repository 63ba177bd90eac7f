"""Settings from the environment (prefix VALVID_) with defaults that run locally."""

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.domain.errors import ConfigError
from backend.domain.statuses import SignupPolicy

GIB = 1024**3
MAX_UPLOAD_BYTES = 10_000 * 64 * 1024**2  # S3's most parts, of the largest part size we use
AWS_REQUIRED = (
    "aws_region",
    "raw_bucket",
    "media_bucket",
    "cognito_user_pool_id",
    "cognito_client_id",
    "mediaconvert_role_arn",
    "mediaconvert_queue_arn",
    "cloudfront_key_pair_id",
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VALVID_", env_file=".env", extra="ignore")

    mode: Literal["local", "aws"] = "local"
    signup_policy: SignupPolicy = SignupPolicy.OPEN  # open | approval | invite
    report_limit_per_hour: int = 10  # viewer reports per account
    data_dir: Path = Path(".valvid")
    public_url: str = "http://localhost:3000"
    max_upload_bytes: int = 20 * GIB
    storage_quota_bytes: int = 0  # per creator, sources only; 0: no quota
    ticket_expiry_s: int = 600
    token_lifetime_s: int = 2 * 3600
    login_max_failures: int = 5
    login_window_s: int = 15 * 60
    login_lockout_s: int = 15 * 60
    # A client address may be shared (office, carrier NAT): more failures, a shorter lock.
    login_client_max_failures: int = 50
    login_client_lockout_s: int = 5 * 60
    client_codes_per_window: int = 20  # sign-ups and new codes per client address, per 15 min
    password_hash_concurrency: int = 1  # argon2 takes 64 MiB per hash: bound the memory
    trusted_proxy_hops: int = 0  # proxies in front of the app that append to X-Forwarded-For
    mail_from: str = ""  # aws mode: SES sender of account notices (a verified identity)
    worker_concurrency: int = 1
    job_heartbeat_s: float = 5
    job_stale_after_s: float = 60
    job_max_attempts: int = 3
    db_busy_timeout_s: float = 30  # how long a write waits for another writer's lock
    max_duration_s: int = 2 * 3600
    passthrough_margin: float = 0.5  # a source up to (1 + this) x its rung's bit rate is remuxed
    max_width: int = 7680
    max_height: int = 4320
    playback_ttl_s: int = 600
    media_url: str = ""  # where segments are served from; local mode: public_url
    aws_region: str = ""
    aws_endpoint_url: str = ""  # only for emulators such as moto
    aws_table_prefix: str = "valvid"
    raw_bucket: str = ""
    media_bucket: str = ""
    cognito_user_pool_id: str = ""
    cognito_client_id: str = ""
    mediaconvert_endpoint: str = ""  # e.g. https://mediaconvert.eu-west-1.amazonaws.com
    mediaconvert_role_arn: str = ""
    mediaconvert_queue_arn: str = ""
    mediaconvert_acceleration: Literal["PREFERRED", "ENABLED", "DISABLED"] = "PREFERRED"
    mediaconvert_rate_control: Literal["VBR", "QVBR"] = "VBR"
    cloudfront_key_pair_id: str = ""
    cloudfront_private_key_secret: str = ""  # Secrets Manager name or ARN of the signing key
    cloudfront_private_key_file: str = ""  # or a PEM file
    processing_stuck_after_s: int = 3 * 3600
    serve_media: bool | None = None  # the app's own media route: local mode, or an emulator
    max_request_bytes: int = 64 * 1024  # any API request body but an upload's
    body_idle_timeout_s: float = 30  # a request body that sends nothing this long is closed
    body_min_rate: float = 8192  # bytes/s a body must average once the idle time has passed

    @property
    def serves_media(self) -> bool:
        return self.mode == "local" if self.serve_media is None else self.serve_media

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'valvid.db'}"

    @property
    def media_base_url(self) -> str:
        return (self.media_url or self.public_url).rstrip("/")

    @property
    def objects_dir(self) -> Path:
        return self.data_dir / "objects"

    @property
    def secrets_dir(self) -> Path:
        return self.data_dir / "secrets"

    def check(self) -> "Settings":
        """ConfigError unless these settings can run the platform."""
        if self.max_upload_bytes < 1 or self.ticket_expiry_s < 1 or self.token_lifetime_s < 60:
            raise ConfigError("Upload limit, ticket expiry and token lifetime must be positive.")
        if self.body_min_rate <= 0 or self.body_idle_timeout_s <= 0:
            raise ConfigError("VALVID_BODY_MIN_RATE and VALVID_BODY_IDLE_TIMEOUT_S must be > 0.")
        if self.max_upload_bytes > MAX_UPLOAD_BYTES:
            raise ConfigError("VALVID_MAX_UPLOAD_BYTES: at most 10,000 parts of 64 MiB.")
        if self.storage_quota_bytes < 0:
            raise ConfigError("VALVID_STORAGE_QUOTA_BYTES must be 0 (no quota) or positive.")
        if self.mode == "aws":
            missing = [name for name in AWS_REQUIRED if not getattr(self, name)]
            if self.public_url == Settings.model_fields["public_url"].default:
                missing.append("public_url")
            if not (self.cloudfront_private_key_secret or self.cloudfront_private_key_file):
                missing.append("cloudfront_private_key_secret")
            if missing:
                names = ", ".join("VALVID_" + n.upper() for n in missing)
                raise ConfigError(f"aws mode needs these settings: {names}")
        return self
