"""A reader on /for-you in a real browser: "Not interested" removes the card in place
(htmx) and the paper stays away after a reload; the paper page lists similar papers."""

import pytest
from allauth.account.models import EmailAddress

from apps.papers.votes import vote_cast
from apps.recommend.foryou import reader_train
from apps.recommend.models import Dismissal
from apps.recommend.similar import recommend_refresh
from tests.factories import PaperFactory, UserFactory

from .test_reader_flow import PASSWORD, expect, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

VISION = "A vision-language model that reads images and text"


@pytest.fixture
def reader_with_recommendations():
    reader = UserFactory(username="fern", email="fern@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    papers = [
        PaperFactory(title=f"{VISION}, part {i}", abstract="Multimodal images text vision.")
        for i in range(5)
    ]
    for i in range(6):
        PaperFactory(title=f"Graph storage engine {i}", abstract="Databases, indexes, disks.")
    recommend_refresh(budget=60)
    for paper in papers[:2]:
        vote_cast(user=reader, paper=paper)
    reader_train(user_id=reader.pk)
    return reader, papers


def test_not_interested_removes_the_card_and_it_never_comes_back(page, reader_with_recommendations):
    reader, _papers = reader_with_recommendations
    sign_in(page, login="fern@example.org")
    page.goto("/for-you")
    first = page.locator(".recommendation").first
    title = first.locator(".paper-title").inner_text()
    expect(first.locator(".recommendation-reason")).to_contain_text("Similar to")

    first.get_by_role("button", name="Not interested").click()

    expect(page.locator(".recommendation", has_text=title)).to_have_count(0)
    assert Dismissal.objects.filter(user=reader, paper__title=title).exists()
    page.reload()
    expect(page.locator(".recommendation", has_text=title)).to_have_count(0)


def test_the_paper_page_lists_similar_papers(page, reader_with_recommendations):
    _, papers = reader_with_recommendations

    page.goto(papers[0].get_absolute_url())

    similar = page.locator(".similar-papers li")
    expect(similar.first).to_contain_text(VISION)
