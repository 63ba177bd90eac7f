"""Secret material of aws mode, read once at start-up."""

from pathlib import Path

from backend.adapters.aws.clients import AwsClients
from backend.config import Settings
from backend.domain.errors import ConfigError


def cloudfront_private_key(clients: AwsClients, settings: Settings) -> bytes:
    """The PEM private key that signs CloudFront URLs: from Secrets Manager, or a file."""
    if settings.cloudfront_private_key_file:
        key = Path(settings.cloudfront_private_key_file).read_bytes()
        if b"PRIVATE KEY" not in key:
            raise ConfigError(
                "VALVID_CLOUDFRONT_PRIVATE_KEY_FILE does not hold a PEM private key (empty?)."
            )
        return key
    secret = clients.client("secretsmanager").get_secret_value(
        SecretId=settings.cloudfront_private_key_secret
    )
    pem = secret.get("SecretString") or ""
    if "PRIVATE KEY" not in pem:
        raise ConfigError("The CloudFront signing secret does not hold a PEM private key.")
    return pem.encode()
