"""The level filter on a bank page, in real headless Chromium."""

from __future__ import annotations

import pytest
from browser import serve
from playwright.sync_api import expect
from test_bank_site import BANK_URL, make

NO_SENIOR = """\
title: SQL Interview Questions 2026
topic: SQL
date: 2026-02-01
questions:
  - {q: What is an index?, level: beginner}
  - {q: What is a join?, level: beginner}
  - {q: When does a query plan change?, level: intermediate}
"""


@pytest.fixture
def bank_url(site):
    result, printed = make(site).build()
    assert result.ok, printed
    with serve(site.output) as base:
        yield f"{base}/{BANK_URL}"


def visible_levels(page) -> list[str]:
    return page.eval_on_selector_all(
        "li.cg-bank-q", "items => items.filter(li => !li.hidden && li.offsetParent !== null)"
                        ".map(li => li.dataset.level)")


def test_filter_in_place_updates_count_and_survives_reload(browser, bank_url):
    page = browser.new_page()
    page.goto(bank_url)
    assert len(visible_levels(page)) == 9
    status = page.locator(".cg-filter-status")
    assert status.text_content() == "Showing 9 of 9 questions"

    page.get_by_role("button", name="Senior (4)").click()
    assert visible_levels(page) == ["senior"] * 4
    assert status.text_content() == "Showing 4 of 9 questions"
    # Each keeps its number in the whole bank, though the HTML leaves numbers implicit.
    numbers = page.eval_on_selector_all("li.cg-bank-q:not([hidden])", "items => items.map(li => li.value)")
    assert numbers == [6, 7, 8, 9]
    assert "level=senior" in page.url

    page.get_by_role("button", name="Beginner (2)").click()
    assert visible_levels(page) == ["beginner"] * 2 + ["senior"] * 4
    assert "level=beginner%2Csenior" in page.url or "level=beginner,senior" in page.url

    page.reload()
    assert visible_levels(page) == ["beginner"] * 2 + ["senior"] * 4
    assert page.get_by_role("button", name="Senior (4)").get_attribute("aria-pressed") == "true"
    assert status.text_content() == "Showing 6 of 9 questions"

    page.get_by_role("button", name="Senior (4)").click()
    page.get_by_role("button", name="Beginner (2)").click()
    assert len(visible_levels(page)) == 9
    assert "level=" not in page.url
    page.close()


def test_practice_mode_counts_the_questions_the_filter_shows(browser, bank_url):
    page = browser.new_page()
    page.goto(bank_url + "?level=senior")  # filtered as the page loads
    page.get_by_role("button", name="Practice mode").click()
    status = page.locator(".cg-practice__status")
    expect(status).to_have_text("4 of 4 shown questions left to practise.")
    page.locator("li.cg-bank-q:not([hidden])").first.get_by_role("checkbox", name="Practised").check()
    expect(status).to_have_text("3 of 4 shown questions left to practise.")

    page.get_by_role("button", name="Senior (4)").click()  # the filter off: every question
    expect(status).to_have_text("8 of 9 questions left to practise.")
    page.get_by_role("button", name="Beginner (2)").click()
    expect(status).to_have_text("2 of 2 shown questions left to practise.")
    for box in page.locator("li.cg-bank-q:not([hidden])").get_by_role("checkbox").all():
        box.check()
    expect(status).to_have_text("All 2 shown questions practised.")
    page.close()


def test_a_link_to_a_level_the_bank_has_no_questions_of_shows_them_all(browser, site):
    """A link kept from when the bank had senior questions must not hide every question behind
    a disabled button."""
    result, printed = make(site, NO_SENIOR).build()
    assert result.ok, printed
    with serve(site.output) as base:
        page = browser.new_page()
        page.goto(f"{base}/{BANK_URL}?level=senior,beginner")
        expect(page.locator(".cg-filter-status")).to_have_text("Showing 2 of 3 questions")
        assert visible_levels(page) == ["beginner"] * 2
        page.goto(f"{base}/{BANK_URL}?level=senior")
        expect(page.locator(".cg-filter-status")).to_have_text("Showing 3 of 3 questions")
        expect(page.get_by_role("button", name="Senior (0)")).to_have_attribute("aria-pressed", "false")
        page.close()


def test_without_javascript_every_question_shows(browser, bank_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(bank_url + "?level=senior")
    assert page.locator("li.cg-bank-q:visible").count() == 9
    assert page.locator(".cg-filter").count() == 0
    context.close()
