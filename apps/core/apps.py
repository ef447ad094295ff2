from django.apps import AppConfig
from django.core.signals import request_finished

from .logs import clear_request_id


class CoreConfig(AppConfig):
    name = "apps.core"

    def ready(self) -> None:
        request_finished.connect(clear_request_id, dispatch_uid="core.clear_request_id")
