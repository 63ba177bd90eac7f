"""aws mode's CloudFront signing key from a file: an empty or non-key file stops start-up."""

import pytest

from backend.adapters.aws.secrets import cloudfront_private_key
from backend.adapters.cloudfront_signer import generate_private_key_pem
from backend.config import Settings
from backend.domain.errors import ConfigError


def settings_with_key_file(path) -> Settings:
    return Settings(mode="aws", cloudfront_private_key_file=str(path))


@pytest.mark.parametrize("content", [b"", b"\n", b"not a key\n"])
def test_an_empty_or_foreign_key_file_is_refused(aws, tmp_path, content):
    key_file = tmp_path / "cloudfront.pem"
    key_file.write_bytes(content)
    with pytest.raises(ConfigError, match="CLOUDFRONT_PRIVATE_KEY_FILE"):
        cloudfront_private_key(aws, settings_with_key_file(key_file))


def test_a_pem_key_file_is_used(aws, tmp_path):
    key_file = tmp_path / "cloudfront.pem"
    key_file.write_bytes(generate_private_key_pem())
    assert cloudfront_private_key(aws, settings_with_key_file(key_file)) == key_file.read_bytes()
