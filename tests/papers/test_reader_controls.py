"""A signed-in reader's vote, save and lists controls escape every value they show."""

import pytest

from tests.factories import PaperFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("noon_today")]
TITLE = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


def test_a_title_with_markup_is_text_in_every_control(client, alice):
    PaperFactory(title=TITLE)
    client.force_login(alice)

    html = client.get('/?sort=new&x="><b>').content.decode()

    assert "<script>alert" not in html
    assert '"><b>' not in html  # the page's address, in each form's `next`
    assert f"Upvote “{ESCAPED}”," in html
    assert f"“{ESCAPED}” to Read later" in html
    assert f'Lists<span class="visually-hidden"> for “{ESCAPED}”</span>' in html
