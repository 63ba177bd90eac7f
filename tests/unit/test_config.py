import pytest

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.errors import ConfigError


def test_defaults_run_locally(monkeypatch):
    monkeypatch.delenv("VALVID_MODE", raising=False)
    settings = Settings()
    assert settings.mode == "local"
    assert settings.max_upload_bytes == 20 * 1024**3
    assert settings.ticket_expiry_s == 600 and settings.token_lifetime_s == 7200


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("VALVID_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VALVID_MAX_UPLOAD_BYTES", "1000")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.max_upload_bytes == 1000


def test_aws_mode_without_its_secrets_is_a_start_up_error(tmp_path):
    with pytest.raises(ConfigError, match="VALVID_CLOUDFRONT_PRIVATE_KEY_SECRET"):
        build_services(Settings(mode="aws", data_dir=tmp_path, aws_region="eu-west-1"))


def test_local_secrets_are_generated_into_the_data_dir_once(tmp_path):
    first = build_services(Settings(data_dir=tmp_path))
    secret = tmp_path / "secrets" / "upload-policy.key"
    assert secret.stat().st_mode & 0o777 == 0o600
    value = secret.read_text()
    build_services(Settings(data_dir=tmp_path))
    assert secret.read_text() == value
    assert first.port("objects").credentials.secret_key == value


def test_a_negative_storage_quota_is_a_start_up_error(tmp_path):
    with pytest.raises(ConfigError, match="VALVID_STORAGE_QUOTA_BYTES"):
        build_services(Settings(data_dir=tmp_path, storage_quota_bytes=-1))


def test_an_upload_limit_beyond_10000_parts_of_64_mib_is_a_start_up_error(tmp_path):
    with pytest.raises(ConfigError, match="VALVID_MAX_UPLOAD_BYTES"):
        build_services(Settings(data_dir=tmp_path, max_upload_bytes=10_000 * 64 * 1024**2 + 1))
