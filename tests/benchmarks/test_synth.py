"""The synth command: synthetic papers, readers, votes and picks in bulk."""

import json
import random
import statistics
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from apps.accounts.models import User
from apps.benchmarks.synth import EDITOR, PASSWORD, papers_append, reader_name
from apps.benchmarks.synth.plan import DAY, paper_times
from apps.benchmarks.synth.run import word_model
from apps.benchmarks.synth.text import demo_texts
from apps.curation.models import DailyPick
from apps.lists.models import ReadingList, ReadingListItem
from apps.papers.models import (
    Author,
    Authorship,
    Paper,
    PaperTag,
    SearchCorpus,
    TrendingScore,
    Vote,
)
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db
SMALL = {"papers": 300, "users": 20, "votes": 1000}
TABLES = [Paper, Authorship, Paper.categories.through, PaperTag, Vote]


def synth(**options):
    out = StringIO()
    call_command("synth", **{**SMALL, "yes": True, **options}, stdout=out)
    return out.getvalue(), json.loads(out.getvalue().strip().splitlines()[-1])


def table_counts():
    return {
        model._meta.db_table: model.objects.count() for model in [*TABLES, Author, User, DailyPick]
    }


def schema_of(models):
    """Every index and constraint on the tables, by name and definition."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid::regclass::text = ANY(%s) UNION ALL "
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            [tables, tables],
        )
        return cursor.fetchall()


def test_a_small_run_makes_what_was_asked():
    out, figures = synth()

    assert Paper.objects.filter(source="synth").count() == 300
    assert Vote.objects.count() == 1000
    assert User.objects.filter(username__startswith="synth-").count() == 21  # and the editor
    assert User.objects.get(username=EDITOR).is_staff
    assert Authorship.objects.count() == figures["counts"]["authorships"] > 300
    assert figures["counts"]["papers"] == 300
    assert {"papers", "votes", "indexes", "analyze"} <= set(figures["seconds"])
    assert PASSWORD in out


def test_every_papers_vote_count_is_its_number_of_votes():
    synth()

    papers = Paper.objects.annotate(votes_cast=Count("votes"))

    assert not papers.exclude(vote_count=F("votes_cast")).exists()
    # Skewed: some papers at the cap (a quarter of the readers), some with none.
    assert papers.filter(vote_count=5).exists()
    assert papers.filter(vote_count=0).exists()


def test_votes_are_unique_per_reader_and_paper_and_come_after_publication():
    synth()

    assert Vote.objects.values("user", "paper").distinct().count() == Vote.objects.count()
    assert not Vote.objects.filter(created_at__lt=F("paper__published_at")).exists()


def test_every_day_with_papers_has_picks_numbered_from_one():
    synth()

    days = set(Paper.objects.values_list("listed_on", flat=True))
    picks = DailyPick.objects.values("featured_on").annotate(
        first=Min("position"), last=Max("position"), count=Count("id")
    )

    assert {p["featured_on"] for p in picks} == days
    assert all(p["first"] == 1 and p["last"] == p["count"] for p in picks)
    assert not DailyPick.objects.exclude(featured_on=F("paper__listed_on")).exists()
    assert DailyPick.objects.exclude(note="").exists()
    assert set(DailyPick.objects.values_list("picked_by__username", flat=True)) == {EDITOR}


def test_synthetic_readers_sign_in_with_the_documented_password(client):
    synth()

    response = client.post("/accounts/login/", {"login": reader_name(7), "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(username=reader_name(7)).pk)


def test_no_abstract_is_a_copy_of_a_demo_abstract():
    synth()
    demo = {abstract for _title, abstract in demo_texts()}

    abstracts = list(Paper.objects.values_list("abstract", flat=True))

    assert not demo.intersection(abstracts)
    assert len(set(abstracts)) == 300
    assert all(120 <= len(a.split()) <= 250 for a in abstracts)
    titles = Paper.objects.values_list("title", flat=True)
    assert all(6 <= len(t.split()) <= 15 for t in titles)


def test_the_same_seed_draws_the_same_days_whatever_the_hour():
    midnight = 20_000 * DAY

    early_rng, late_rng = random.Random(0), random.Random(0)
    early = paper_times(early_rng, 300, end=midnight + 3_600)
    late = paper_times(late_rng, 300, end=midnight + 80_000)

    assert [t // DAY for t in early] == [t // DAY for t in late]
    assert [t for t in early if t < midnight] == [t for t in late if t < midnight]
    assert max(early) <= midnight + 3_600
    # What is drawn next (votes, picks...) is the same too.
    assert early_rng.random() == late_rng.random()


def test_reset_twice_leaves_the_same_counts():
    synth()
    synth(reset=True)
    first = table_counts()

    synth(reset=True)

    assert table_counts() == first


def test_indexes_and_constraints_are_all_back_after_the_load():
    before = schema_of(TABLES)

    synth()

    assert schema_of(TABLES) == before


def test_it_refuses_a_database_holding_other_papers():
    PaperFactory(source="arxiv-api")

    with pytest.raises(CommandError, match="not synthetic"):
        synth(reset=True)

    assert Paper.objects.count() == 1


def test_it_refuses_to_replace_synthetic_data_without_reset():
    synth()

    with pytest.raises(CommandError, match="--reset"):
        synth()


def test_it_refuses_to_write_without_debug_or_yes(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--yes"):
        call_command("synth", **SMALL)

    assert not Paper.objects.exists()


def test_annotations_are_notes_passages_and_replies_that_anchor_and_render():
    from apps.annotations.anchoring import anchor_find
    from apps.annotations.models import Annotation

    _out, figures = synth(annotations=400)

    assert figures["counts"]["annotations"] == Annotation.objects.count() == 400
    passages = Annotation.objects.exclude(field="").select_related("paper")
    assert passages.exists()
    assert Annotation.objects.filter(field="").exists()
    for note in passages[:50]:
        assert note.paper.abstract[note.start : note.end] == note.exact
        assert (
            anchor_find(note.paper.abstract, exact=note.exact, prefix=note.prefix).start
            == note.start
        )
    replies = Annotation.objects.filter(reply_to__isnull=False).select_related("reply_to")
    assert replies.exists()
    assert all(
        r.reply_to.paper_id == r.paper_id and r.reply_to.visibility == "public" for r in replies
    )
    assert Annotation.objects.filter(body_html__contains="<strong>").exists()
    assert Annotation.objects.matching("benchmark").exists()  # the search vector is filled


def test_lists_give_each_reader_one_read_later_first_and_items_after_publication():
    _out, figures = synth(lists=50)

    assert ReadingList.objects.count() == 50
    read_later = ReadingList.objects.filter(kind="read_later")
    assert read_later.count() == SMALL["users"]
    assert read_later.values("owner").distinct().count() == SMALL["users"]
    assert not ReadingListItem.objects.filter(added_at__lt=F("paper__published_at")).exists()
    assert ReadingListItem.objects.count() == figures["counts"]["list_items"] > 50 * 3 - 1
    assert len(set(ReadingList.objects.values_list("share_token", flat=True))) == 50
    visibilities = set(ReadingList.objects.values_list("visibility", flat=True))
    assert visibilities == {"private", "link", "public"}


def test_appended_papers_continue_each_months_numbers_before_the_end():
    end = datetime(2024, 12, 31, 23, 59, tzinfo=UTC)
    papers_append(40, end=end, seed=1)

    papers_append(40, end=end, seed=2)

    ids = list(Paper.objects.values_list("arxiv_id", flat=True))
    assert len(set(ids)) == 80
    assert "2412.00080" in ids  # the 80 fall in December's window: numbered 1 to 80
    assert not Paper.objects.filter(published_at__gt=end).exists()
    assert not Vote.objects.exists()


def test_common_words_are_in_most_papers_and_a_typical_topic_word_in_few():
    model = word_model(0)
    rng = random.Random(1)
    papers = [
        {word.strip(".,;:()").lower() for word in " ".join(model.paper(rng)).split()}
        for _ in range(2000)
    ]

    def share(word):
        return sum(word in words for words in papers) / len(papers)

    assert share("language") > 0.5
    assert share("large") > 0.5
    typical = [share(term.lower()) for term in model.topics.terms[1000:1200]]
    assert statistics.median(typical) < 0.01
    assert max(typical) > 0  # they do occur


def test_trending_and_search_word_counts_are_ready_after_the_load():
    synth()

    recent = Vote.objects.filter(created_at__gte=timezone.now() - timedelta(days=30))
    assert TrendingScore.objects.filter(span="30d").count() == (
        recent.values("paper").distinct().count()
    )
    assert SearchCorpus.objects.get().papers == Paper.objects.count()
