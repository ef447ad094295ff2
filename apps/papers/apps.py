from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "apps.papers"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .pending_votes import pending_vote_cast

        # allauth signs readers in (and in after sign-up) through django.contrib.auth.login.
        user_logged_in.connect(pending_vote_cast, dispatch_uid="papers.pending_vote_cast")
