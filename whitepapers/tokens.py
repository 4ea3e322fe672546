"""Signed, expiring tokens for download links, form stamps and the remember-me cookie.

Plain Python, no Django: a token is the payload followed by its signature, both base64url
(no separator: Wagtail's page URLs allow only letters, digits, "-" and "_", and the signature
always has SIGNATURE_LENGTH characters). The payload is compact JSON carrying its kind and the
time it was issued; the signature is an HMAC-SHA256 over the payload with a key the caller
derives from its secret. Nothing in a token can be changed
(another lead's id, another whitepaper's, a later issue time) without the signature failing.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets

__all__ = [
    "ExpiredToken",
    "InvalidToken",
    "derive_key",
    "make_token",
    "new_device_secret",
    "read_token",
    "secret_digest",
    "secret_matches",
    "webhook_signature",
]


SIGNATURE_LENGTH = 43  # 32 bytes of HMAC-SHA256 in unpadded base64url


class InvalidToken(ValueError):
    """The token was not issued by us, was altered, or is of another kind."""


class ExpiredToken(InvalidToken):
    """The token was ours but is older than it may be."""


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, so a token of one kind never verifies as another."""
    return hashlib.sha256(f"whitepapers.tokens:{purpose}:{secret}".encode()).digest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, key: bytes) -> str:
    return _encode(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def make_token(kind: str, data: dict, key: bytes, now: int) -> str:
    """Sign `data` as a token of `kind`, issued at `now` (seconds since the epoch)."""
    body = json.dumps({"k": kind, "t": int(now), "d": data}, separators=(",", ":"), sort_keys=True)
    payload = _encode(body.encode("utf-8"))
    return payload + _sign(payload, key)


def read_token(token: str, kind: str, keys, max_age: int, now: int) -> tuple[dict, int]:
    """The data and issue time of a token of `kind` no older than `max_age` seconds.

    `keys` is one key or several (the current one first, then retired ones, so rotating the
    secret does not break links already mailed). Raises InvalidToken for anything forged,
    altered, malformed or of another kind, and ExpiredToken when it is simply too old.
    """
    if not isinstance(token, str) or not token.isascii():
        raise InvalidToken("malformed token")
    if not SIGNATURE_LENGTH < len(token) <= 4096:
        raise InvalidToken("malformed token")
    payload, signature = token[:-SIGNATURE_LENGTH], token[-SIGNATURE_LENGTH:]
    keys = [keys] if isinstance(keys, bytes) else list(keys)
    if not any(hmac.compare_digest(_sign(payload, key), signature) for key in keys):
        raise InvalidToken("bad signature")
    try:
        body = json.loads(_decode(payload))
        token_kind, issued, data = body["k"], int(body["t"]), body["d"]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise InvalidToken("malformed payload") from error
    if token_kind != kind or not isinstance(data, dict):
        raise InvalidToken("token of another kind")
    if issued > now + 60:
        raise InvalidToken("issued in the future")
    if now - issued > max_age:
        raise ExpiredToken("token expired")
    return data, issued


def webhook_signature(body: bytes, secret: str, timestamp: int) -> str:
    """`sha256=<hex>` over `timestamp.body`, as a CRM checks it (the time stops replays)."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def new_device_secret() -> str:
    """A random secret for one device (the remember-me cookie carries it, the server keeps
    only its digest)."""
    return secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    """What the server stores of a device secret. The secret is random and long, so a plain
    SHA-256 is enough: there is nothing to guess that a slow hash would protect."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret, digest: str) -> bool:
    """Whether `secret` is the one `digest` was made from; an empty digest matches nothing."""
    if not digest or not isinstance(secret, str) or not secret:
        return False
    return hmac.compare_digest(secret_digest(secret), digest)
