"""Personal API tokens: created and revoked here, checked by the API's authentication.

Only a SHA-256 hash of the secret is stored; the secret is returned once, by
`token_create`. Secrets carry a fixed prefix so they are recognisable (and
secret scanners can spot them) and so foreign bearer tokens can be told apart.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User

TOKEN_PREFIX = "pap_"
MAX_ACTIVE_TOKENS = 20
# last_used_at is refreshed at most this often: no write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_token(secret: str) -> bool:
    return secret.startswith(TOKEN_PREFIX)


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the secret, which is never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name."})
    # Serialise token creation per user, so the limit holds under concurrency.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            f"You already have {MAX_ACTIVE_TOKENS} active tokens: revoke one first."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], key_hash=hash_secret(secret)
    )
    return token, secret


def token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of `user`'s tokens; False when there is no such active token."""
    updated = (
        ApiToken.objects.active().filter(pk=token_id, user=user).update(revoked_at=timezone.now())
    )
    return updated == 1


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret (its user loaded), or None."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
