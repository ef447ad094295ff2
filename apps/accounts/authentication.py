"""DRF authentication with personal API tokens: `Authorization: Bearer <token>` (or `Token`)."""

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiToken, User
from .tokens import looks_like_token, token_authenticate

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Listed first, so that a 401 names the scheme in WWW-Authenticate."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        secret = self.get_secret(request)
        if secret is None:
            return None
        if not looks_like_token(secret) and self.ignores_foreign_tokens(request):
            return None
        token = token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API token.")
        return token.user, token

    def get_secret(self, request: Request) -> str | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Malformed Authorization header: expected 'Bearer <token>'."
            )
        try:
            return parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token has invalid characters.") from None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def ignores_foreign_tokens(request: Request) -> bool:
        """Views compatible with another API (the Hugging Face one) set
        `ignore_foreign_tokens`: its clients send their token for that API when one
        is saved locally, and the request should go on anonymously, not fail."""
        view = (getattr(request, "parser_context", None) or {}).get("view")
        return getattr(view, "ignore_foreign_tokens", False)
