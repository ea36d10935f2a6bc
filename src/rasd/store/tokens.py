"""Tokens of the web API's write endpoints (``rasd token create NAME``).

A token is 32 random bytes (``secrets``), shown once; the store keeps only its SHA-256, so a copy of the
database gives no one the right to write. The token's name is who made a correction (``corrections.author``).
A salt or a slow hash is not needed: the token is random, not a password that could be guessed.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rasd.store.models import ApiToken

PREFIX = "rasd_"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class TokenError(ValueError):
    """A token cannot be made as asked (bad or taken name)."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, now: int) -> str:
    """A new token for ``name`` (stored hashed); the token itself, to show once."""
    if not NAME.match(name or ""):
        raise TokenError(
            f"bad token name {name!r}: 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a "
            "letter or digit"
        )
    if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise TokenError(f"a token named {name!r} exists already; revoke it first (rasd token revoke)")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, token_hash=digest(token), created_at=now))
    session.flush()
    return token


def token_name(session: Session, token: str) -> str | None:
    """The name of the token, or None when it is not one of the store's."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(ApiToken.name).where(ApiToken.token_hash == digest(token)))


def revoke_token(session: Session, name: str) -> bool:
    """Delete the token named ``name``; whether there was one."""
    return bool(session.execute(delete(ApiToken).where(ApiToken.name == name)).rowcount)


def list_tokens(session: Session) -> list[tuple[str, int]]:
    """``(name, created_at)`` of every token, oldest first."""
    rows = session.execute(select(ApiToken.name, ApiToken.created_at).order_by(ApiToken.id))
    return [(name, created) for name, created in rows]
