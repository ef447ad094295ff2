from django.urls import path, register_converter

from . import search_views, views


class PaperIdConverter:
    """arXiv ids (2401.01234, hep-th/9901001) or short ids (pabc123...)."""

    regex = r"[A-Za-z0-9.\-]+(?:/\d{7})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PaperIdConverter, "paper_id")

app_name = "papers"
urlpatterns = [
    path("", views.PaperListView.as_view(), name="list"),
    path("papers/<paper_id:public_id>", views.paper_detail, name="detail"),
    path("search", search_views.search, name="search"),
]
