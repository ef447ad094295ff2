from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "apps.api"
    label = "api"

    def ready(self) -> None:
        # Registers the OpenAPI extension for the token authentication.
        from . import schema  # noqa: F401
