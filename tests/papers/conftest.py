import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Voters are made by the dozen here; PBKDF2 would cost ~0.4 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
