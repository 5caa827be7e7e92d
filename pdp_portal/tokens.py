"""Secret tokens of links and keys: made here, stored only as their SHA-256 (every app's)."""

import hashlib
import secrets


def token_hash(token: str) -> str:
    """Return the SHA-256 hex digest under which a secret token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """Return a fresh URL-safe secret of 192 random bits."""
    return secrets.token_urlsafe(24)
