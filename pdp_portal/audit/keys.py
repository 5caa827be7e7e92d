"""The portal's signing key: Ed25519 JWS (RFC 7515, RFC 8037) with jwcrypto.

The private key comes from ``SIGNING_KEY`` (a JWK in JSON) or the file ``SIGNING_KEY_FILE``,
created on first use when neither exists (the embedded default). Every public key that ever
signed is kept in ``SigningKey`` and published at ``/.well-known/jwks.json``, so a checkpoint
or receipt signed before a key rotation still verifies.
"""

import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

log = logging.getLogger(__name__)
ALG = "EdDSA"
_lock = threading.Lock()


class SignatureInvalid(Exception):
    """A JWS that does not verify with the key it names (or names no key we know)."""


def private_key() -> jwk.JWK:
    """Return the portal's private signing key, creating the key file on first use."""
    return _load(settings.SIGNING_KEY, str(settings.SIGNING_KEY_FILE))


@lru_cache(maxsize=4)
def _load(inline: str, file: str) -> jwk.JWK:
    if inline:
        key = jwk.JWK.from_json(inline)
    else:
        path = Path(file)
        with _lock:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
                # Created with 0600 from the start: the private key is never world-readable.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as f:
                    f.write(key.export_private())
                log.warning("Created a new signing key in %s", path)
            key = jwk.JWK.from_json(path.read_text())
    if key.get("kty") != "OKP" or key.get("crv") != "Ed25519" or not key.has_private:
        raise ValueError("SIGNING_KEY must be a private Ed25519 JWK (kty OKP, crv Ed25519)")
    return key


def key_id(key: jwk.JWK) -> str:
    """Return the key's RFC 7638 thumbprint, its ``kid``."""
    return key.thumbprint()


def public_jwk(key: jwk.JWK) -> dict:
    """Return the public half of ``key`` as a JWK dict with its kid."""
    return {**json.loads(key.export_public()), "kid": key_id(key), "alg": ALG, "use": "sig"}


def register_current_key() -> str:
    """Record the current public key (once) and return its kid."""
    from .models import SigningKey

    key = private_key()
    kid = key_id(key)
    SigningKey.objects.get_or_create(kid=kid, defaults={"public_jwk": public_jwk(key)})
    return kid


def sign(payload: dict, *, typ: str) -> str:
    """Return a compact JWS of ``payload`` (canonical JSON) signed with the portal's key."""
    key = private_key()
    token = jws.JWS(canonical_json(payload).encode("utf-8"))
    token.add_signature(
        key, alg=ALG, protected=json.dumps({"alg": ALG, "kid": key_id(key), "typ": typ})
    )
    return token.serialize(compact=True)


def verify(token: str, keys: dict[str, dict] | None = None) -> dict:
    """Return the payload of a compact JWS after checking its signature, or raise.

    ``keys`` maps kid to public JWK; by default every key the portal ever signed with.
    """
    if keys is None:
        from .models import SigningKey

        keys = dict(SigningKey.objects.values_list("kid", "public_jwk"))
    parsed = jws.JWS()
    try:
        parsed.deserialize(token.strip())
        header = parsed.jose_header
        kid = header.get("kid") if isinstance(header, dict) else None
        if header.get("alg") != ALG or kid not in keys:
            raise SignatureInvalid(f"signed with an unknown key ({kid})")
        parsed.verify(jwk.JWK(**keys[kid]), alg=ALG)
        return json.loads(parsed.payload)
    except (JWException, ValueError, TypeError) as exc:
        raise SignatureInvalid(f"the signature does not verify ({exc})") from exc


def jwks() -> dict:
    """Return every public key the portal ever signed with, as a JWK Set (RFC 7517)."""
    from .models import SigningKey

    register_current_key()
    return {
        "keys": list(SigningKey.objects.order_by("created_at").values_list("public_jwk", flat=True))
    }


def canonical_json(value) -> str:
    """Return the one JSON text of ``value`` that is hashed and signed: sorted, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
