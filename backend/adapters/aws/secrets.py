"""Secret material of aws mode: the CloudFront signing key, read once on first use, and made
by the deploy itself (see ensure_signing_key_pair)."""

from pathlib import Path

from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.errors import code_of
from backend.adapters.cloudfront_signer import generate_private_key_pem
from backend.config import Settings
from backend.domain.errors import ConfigError

NOT_A_KEY = "The CloudFront signing secret does not hold a PEM private key (yet?)."


def cloudfront_private_key(clients: AwsClients, settings: Settings) -> bytes:
    """The PEM private key that signs CloudFront URLs: from Secrets Manager, or a file."""
    if settings.cloudfront_private_key_file:
        key = Path(settings.cloudfront_private_key_file).read_bytes()
        if b"PRIVATE KEY" not in key:
            raise ConfigError(
                "VALVID_CLOUDFRONT_PRIVATE_KEY_FILE does not hold a PEM private key (empty?)."
            )
        return key
    pem = _secret_text(clients, settings.cloudfront_private_key_secret)
    if _public_pem(pem) is None:
        raise ConfigError(NOT_A_KEY)
    return pem.encode()


def ensure_signing_key_pair(clients: AwsClients, secret_id: str) -> str:
    """The public key (PEM) of the signing key in the secret; a new 2048-bit RSA key is made
    and stored first unless the secret already holds one (so a re-deploy keeps the key)."""
    public = _public_pem(_secret_text(clients, secret_id, missing_ok=True))
    if public is not None:
        return public
    pem = generate_private_key_pem().decode()
    clients.client("secretsmanager").put_secret_value(SecretId=secret_id, SecretString=pem)
    public = _public_pem(pem)
    assert public is not None
    return public


def _secret_text(clients: AwsClients, secret_id: str, *, missing_ok: bool = False) -> str:
    try:
        secret = clients.client("secretsmanager").get_secret_value(SecretId=secret_id)
    except ClientError as e:
        if missing_ok and code_of(e) == "ResourceNotFoundException":
            return ""  # a secret created without a value
        raise ConfigError(f"The CloudFront signing secret cannot be read ({code_of(e)}).") from e
    return str(secret.get("SecretString") or "")


def _public_pem(private_pem: str) -> str | None:
    if "PRIVATE KEY" not in private_pem:
        return None
    try:
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    except ValueError:
        return None
    if not isinstance(key, rsa.RSAPrivateKey):
        return None
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return public.decode()
