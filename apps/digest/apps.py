from django.apps import AppConfig


class DigestConfig(AppConfig):
    name = "apps.digest"

    def ready(self) -> None:
        from apps.papers import reader_parts

        from .templatetags.digest_tags import subscribe_form_fill

        reader_parts.register("digest", subscribe_form_fill)
