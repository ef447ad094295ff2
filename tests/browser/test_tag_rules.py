"""A curator in a real browser on a tag's rules page: tests a rule against the existing
papers, sees why a bad regular expression is refused, then saves a rule."""

from apps.tagging.models import TagRule
from tests.factories import PaperFactory, TagFactory


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_a_curator_tests_a_rule_sees_a_bad_regex_refused_and_saves_a_rule(page, curator_signed_in):
    tag = TagFactory(slug="open-ran", name="Open RAN")
    PaperFactory(title="LLMs for O-RAN slicing", abstract="Radio access networks.")
    PaperFactory(title="Scheduling in open networks", abstract="We tune an O-RAN testbed.")
    PaperFactory(title="Vision transformers", abstract="Images, not radios.")
    page.goto(f"/curate/tags/{tag.slug}/rules")
    preview = page.locator("#rule-preview")
    test_button = page.get_by_role("button", name="Test this rule")

    page.get_by_label("Kind").select_option("keyword")
    page.get_by_label("Pattern").fill("O-RAN")
    test_button.click()
    expect(preview).to_contain_text("It matches 2 of the latest 3 papers")
    expect(preview.get_by_role("listitem")).to_have_count(2)
    expect(preview.get_by_role("listitem").first).to_contain_text(
        "Scheduling in open networks · evidence 1.00"
    )
    expect(preview.get_by_role("listitem").last).to_contain_text(
        "LLMs for O-RAN slicing · evidence 2.00 (title)"
    )
    expect(preview).not_to_contain_text("Vision transformers")

    page.get_by_label("Kind").select_option("regex")
    page.get_by_label("Pattern").fill("o-(ran")
    test_button.click()
    expect(preview.get_by_role("alert")).to_contain_text("Pattern: Not a valid regular expression")
    expect(preview.locator(".rule-matches")).to_have_count(0)

    page.get_by_label("Pattern").fill(r"o-?ran\b")
    page.get_by_role("button", name="Add rule").click()
    expect(page.get_by_text("Rule added")).to_be_visible()
    expect(page.locator(".rule-table")).to_contain_text(r"o-?ran\b")
    rule = TagRule.objects.get(tag=tag)
    assert (rule.kind, rule.pattern, rule.updated_by) == ("regex", r"o-?ran\b", curator_signed_in)
