from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "apps.papers"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import reader_parts
        from .pending_votes import pending_vote_cast
        from .vote_button import reader_name_fill, vote_buttons_fill

        # allauth signs readers in (and in after sign-up) through django.contrib.auth.login.
        user_logged_in.connect(pending_vote_cast, dispatch_uid="papers.pending_vote_cast")
        reader_parts.register("vote", vote_buttons_fill, papers=True)
        reader_parts.register("name", reader_name_fill)
