from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "apps.lists"

    def ready(self) -> None:
        from apps.papers import reader_parts

        from .templatetags.reading_lists import list_controls_fill

        reader_parts.register("lists", list_controls_fill, papers=True)
