from django.urls import URLPattern, URLResolver, path

import apps.papers.urls  # noqa: F401  (registers the paper_id path converter)

from . import views

app_name = "recommend"
urlpatterns: list[URLPattern | URLResolver] = [
    path("for-you", views.for_you_page, name="for-you"),
    path("for-you/weight", views.set_weight, name="weight"),
    path("for-you/dismiss/<paper_id:public_id>", views.dismiss, name="dismiss"),
]
