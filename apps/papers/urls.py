from django.urls import path, register_converter

from . import search_views, views, views_browse, views_periods, views_votes
from .identifiers import PUBLIC_ID


class PatternConverter:
    """Matches `regex` and passes the text on: views parse it (an impossible date is a 404)."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PaperIdConverter(PatternConverter):
    """arXiv ids (2401.01234, 2401.01234v2, hep-th/9901001) or short ids (pabc234defg)."""

    regex = PUBLIC_ID


class DayConverter(PatternConverter):
    regex = r"\d{4}-\d{2}-\d{2}"


class WeekConverter(PatternConverter):
    regex = r"\d{4}-W\d{2}"


class MonthConverter(PatternConverter):
    regex = r"\d{4}-\d{2}"


register_converter(PaperIdConverter, "paper_id")
register_converter(DayConverter, "day")
register_converter(WeekConverter, "isoweek")
register_converter(MonthConverter, "month")

app_name = "papers"
urlpatterns = [
    path("", views_periods.today, name="today"),
    # Before papers/<paper_id>: these would match it too.
    path("papers/<day:day>", views_periods.day, name="day"),
    path("papers/week", views_periods.this_week, name="this_week"),
    path("papers/month", views_periods.this_month, name="this_month"),
    path("papers/week/<isoweek:week>", views_periods.week, name="week"),
    path("papers/month/<month:month>", views_periods.month, name="month"),
    path("papers/jump", views_periods.jump, name="jump"),
    path("trending", views_periods.trending, name="trending"),
    path("tags/<slug:slug>", views_browse.tag_papers, name="tag"),
    path("categories/<str:code>", views_browse.category_papers, name="category"),
    path("authors/<int:pk>", views_browse.author_papers, name="author"),
    path("papers/<paper_id:public_id>", views.paper_detail, name="detail"),
    path("papers/<paper_id:public_id>/vote", views_votes.vote, name="vote"),
    path("search", search_views.search, name="search"),
]
