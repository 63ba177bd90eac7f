"""CloudFront signed URLs with a custom policy, made by botocore's CloudFrontSigner.

The same class verifies them with the public key, so local mode's media route enforces exactly
what CloudFront would: signature, key pair id, expiry and the (wildcard) resource.
"""

import base64
import binascii
import json
import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from botocore.signers import CloudFrontSigner
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CF_B64 = str.maketrans({"+": "-", "=": "_", "/": "~"})
CF_B64_BACK = str.maketrans({"-": "+", "_": "=", "~": "/"})


class CloudFrontUrlSigner:
    def __init__(self, key_pair_id: str, private_key_pem: bytes) -> None:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        self.key_pair_id = key_pair_id
        self._private = key
        self._public = key.public_key()
        self._signer = CloudFrontSigner(key_pair_id, self._rsa_sign)

    def sign(self, resource: str, expires_at: datetime) -> str:
        policy = self._signer.build_policy(resource, date_less_than=expires_at)
        url = self._signer.generate_presigned_url(resource, policy=policy)
        return url[len(resource) + 1 :]  # what follows the resource's "?"

    def verify(self, url: str, params: Mapping[str, str], now: datetime) -> bool:
        if params.get("Key-Pair-Id") != self.key_pair_id:
            return False
        try:
            policy = _cf_b64decode(params.get("Policy", ""))
            signature = _cf_b64decode(params.get("Signature", ""))
            self._public.verify(signature, policy, padding.PKCS1v15(), hashes.SHA1())
            statement = json.loads(policy)["Statement"][0]
            resource = statement["Resource"]
            expires = statement["Condition"]["DateLessThan"]["AWS:EpochTime"]
        except (InvalidSignature, ValueError, KeyError, IndexError, TypeError, binascii.Error):
            return False
        return now.timestamp() < expires and _pattern(resource).fullmatch(url) is not None

    def _rsa_sign(self, message: bytes) -> bytes:
        return self._private.sign(message, padding.PKCS1v15(), hashes.SHA1())


def _cf_b64decode(value: str) -> bytes:
    return base64.b64decode(value.translate(CF_B64_BACK), validate=True)


@lru_cache(maxsize=1024)
def _pattern(resource: str) -> re.Pattern[str]:
    """CloudFront resource wildcards: * is any run of characters, ? exactly one."""
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in resource)
    )


def generate_private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
