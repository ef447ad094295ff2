"""Django's check that the ORM never runs in an event loop stays on outside browser tests."""

import os


def test_the_browser_tests_relaxation_does_not_leak_into_other_tests():
    # tests/browser sets it only while Playwright's event loop runs (its `browser` fixture).
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
