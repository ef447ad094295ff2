from django.urls import path, register_converter

from .identifiers import PUBLIC_ID
from .periods import PATTERNS
from .views import browse, detail, periods, search, votes


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
    regex = PATTERNS["day"]


class WeekConverter(PatternConverter):
    regex = PATTERNS["week"]


class MonthConverter(PatternConverter):
    regex = PATTERNS["month"]


register_converter(PaperIdConverter, "paper_id")
register_converter(DayConverter, "day")
register_converter(WeekConverter, "isoweek")
register_converter(MonthConverter, "month")

app_name = "papers"
urlpatterns = [
    path("", periods.today, name="today"),
    # Before papers/<paper_id>: these would match it too.
    path("papers/<day:day>", periods.day, name="day"),
    path("papers/week", periods.this_week, name="this_week"),
    path("papers/month", periods.this_month, name="this_month"),
    path("papers/week/<isoweek:week>", periods.week, name="week"),
    path("papers/month/<month:month>", periods.month, name="month"),
    path("papers/jump", periods.jump, name="jump"),
    path("trending", periods.trending, name="trending"),
    path("tags/<slug:slug>", browse.tag_papers, name="tag"),
    path("categories/<str:code>", browse.category_papers, name="category"),
    path("authors/<int:pk>", browse.author_papers, name="author"),
    path("papers/<paper_id:public_id>", detail.paper_detail, name="detail"),
    path("papers/<paper_id:public_id>/vote", votes.vote, name="vote"),
    path("search", search.search, name="search"),
]
