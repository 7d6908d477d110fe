"""What a reader does on the published sample site, in real headless Chromium: search from the
header and on /search/ (with filters), practice mode on a guide and a bank, keyboard-only
navigation, the table of contents following the scroll, the printed handout and dark mode.

The bank's level filter is tested in test_browser_bank.py; axe in light and dark mode, in
test_quality.py; previous/next and related links in the HTML, in test_seo.py.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect
from sample_pages import BANK, GUIDE, QUESTION

pytest_plugins = ["published"]

# What practice.js counts as a question, as it selects them.
PRACTICE_ITEMS = "li.cg-bank-q, .cg-area li.cg-question, .cg-behavioral li.cg-question"
# A bank small enough to carry its answers inline (the 97-question BANK keeps them on their pages).
SMALL_BANK = "questions/kubernetes-interview-questions/"
# Reader's furniture a printed handout leaves out.
NOT_PRINTED = (".site-header", ".site-search", ".site-nav", ".toc", ".site-footer", ".crumbs",
               ".cg-practice", ".cg-mark", ".cg-reveal", ".pager", ".cg-explore", ".cg-answer > summary")


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: nothing left in local storage by another test."""
    context = browser.new_context()
    yield context
    context.close()


def focus_stop(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, text: (e.id || e.getAttribute('href') || e.textContent).trim(),
                visible: e.matches(':focus-visible') && s.outlineStyle !== 'none'
                         && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== s.backgroundColor};
    }""")


def tab_until(page, selector: str, limit: int = 60) -> list[dict]:
    """Press Tab until the focused element matches ``selector``; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(focus_stop(page))
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"{selector} not reached in {limit} Tabs: {[s['text'] for s in stops]}")


def results(page) -> list[tuple[str, str]]:
    """Every result of the search on screen, as (link, "Kind · Level ..."), paging through."""
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^(\d+ results?|No results)"))
    found = re.match(r"\d+", status.text_content())
    total = int(found.group()) if found else 0
    items = page.locator(".cg-result")
    expect(items).to_have_count(min(total, 10))
    while items.count() < total:
        shown = items.count()
        page.get_by_role("button", name="Show more results").click()
        expect(items).to_have_count(min(shown + 10, total))
    expect(page.get_by_role("button", name="Show more results")).to_be_hidden()
    return [(r.locator("a").get_attribute("href"), r.locator(".cg-result__kind").text_content())
            for r in items.all()]


def test_keyboard_alone_searches_from_the_header_and_opens_the_question(context, published):
    title = published.page(QUESTION).h1.get_text(strip=True)
    page = context.new_page()
    page.goto(published.url(GUIDE))
    stops = tab_until(page, "#site-search")
    assert [s for s in stops if not s["visible"]] == [], "focus must show at every stop"

    page.keyboard.type(title)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert dict(parse_qsl(urlsplit(page.url).query)) == {"q": title}
    expect(page.get_by_label("Search for")).to_have_value(title)
    assert results(page), "the question's own title finds something"
    expect(page.locator(".cg-result mark").first).to_be_visible()  # matches are highlighted

    stops = tab_until(page, f".cg-result a[href$='/{QUESTION}']")
    assert all(s["visible"] for s in stops)
    page.keyboard.press("Enter")
    page.wait_for_url(published.url(QUESTION))
    assert page.locator("h1").text_content().strip() == title


def test_search_page_filters_by_kind_and_level_and_keeps_them_in_the_url(context, published):
    page = context.new_page()
    page.goto(published.url("search/"))
    box = page.get_by_label("Search for")
    box.fill("kubernetes")
    box.press("Enter")
    everything = results(page)
    kinds = {facts.split(" · ")[0] for _, facts in everything}
    assert {"Guide", "Question bank", "Question"} <= kinds  # question pages are indexed too

    page.get_by_label("Question", exact=True).check()
    questions = results(page)
    assert questions and len(questions) < len(everything)
    assert all(facts.split(" · ")[0] == "Question" for _, facts in questions)

    page.get_by_label("Senior").check()
    senior = results(page)
    assert senior and set(senior) < set(questions)  # kind AND level, not OR
    assert all(facts.split(" · ") == ["Question", "Senior"] for _, facts in senior)
    for href, _ in senior:  # each result is what its page says it is
        main = published.page(href.removeprefix("/")).main
        assert main["data-pagefind-filter"] == "kind:Question", href
        assert [s["data-pagefind-filter"] for s in main.select("span[data-pagefind-filter]")] == [
            "level:Senior"], href

    assert parse_qsl(urlsplit(page.url).query) == [("q", "kubernetes"), ("kind", "Question"),
                                                   ("level", "Senior")]
    page.reload()
    assert results(page) == senior
    expect(page.get_by_label("Question", exact=True)).to_be_checked()
    expect(page.get_by_label("Senior")).to_be_checked()
    expect(page.get_by_label("Guide", exact=True)).not_to_be_checked()


def test_practice_mode_on_a_guide_hides_reveals_marks_and_remembers(context, published):
    soup = published.page(GUIDE)
    total, tips = len(soup.select(PRACTICE_ITEMS)), len(soup.select(".cg-tip"))
    assert total > 10 and tips > 1
    page = context.new_page()
    page.goto(published.url(GUIDE))
    expect(page.locator(".cg-tip:visible")).to_have_count(tips)  # reading mode: tips show
    toggle = page.get_by_role("button", name="Practice mode")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    status = page.locator(".cg-practice__status")
    expect(status).to_have_text(f"{total} of {total} questions left to practise.")
    expect(page.locator(".cg-tip:visible")).to_have_count(0)
    expect(page.locator(".cg-answer-body:visible")).to_have_count(0)

    behavioural = page.locator(".cg-behavioral li.cg-question").nth(1)
    behavioural.get_by_role("button", name="Show tip").click()
    expect(behavioural.locator(".cg-tip")).to_be_visible()
    expect(behavioural.locator(".cg-tip")).to_be_focused()  # the reader is taken to what opened
    technical = page.locator(".cg-area li.cg-question").first
    technical.get_by_text("Show answer").click()
    expect(technical.locator(".cg-answer-body")).to_be_visible()

    technical.get_by_role("checkbox", name="Practised").check()
    behavioural.get_by_role("checkbox", name="Practised").check()
    expect(status).to_have_text(f"{total - 2} of {total} questions left to practise.")
    behavioural.get_by_role("checkbox", name="Practised").uncheck()
    expect(status).to_have_text(f"{total - 1} of {total} questions left to practise.")

    page.reload()
    expect(status).to_have_text(f"{total - 1} of {total} questions left to practise.")
    expect(page.get_by_role("button", name="Practice mode")).to_have_attribute("aria-pressed", "true")
    expect(technical.get_by_role("checkbox", name="Practised")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Practised", checked=True)).to_have_count(1)
    expect(page.locator(".cg-tip:visible")).to_have_count(1)  # only what was revealed
    expect(behavioural.locator(".cg-tip")).to_be_visible()
    expect(page.locator(".cg-answer-body:visible")).to_have_count(1)
    expect(technical.locator(".cg-answer-body")).to_be_visible()

    page.get_by_role("button", name="Start over").click()
    expect(status).to_have_text(f"{total} of {total} questions left to practise.")
    expect(page.get_by_role("checkbox", name="Practised", checked=True)).to_have_count(0)
    expect(page.locator(".cg-tip:visible")).to_have_count(0)


def test_practice_mode_on_a_bank_hides_answers_and_counts_what_is_left(context, published):
    total = len(published.page(BANK).select(PRACTICE_ITEMS))
    page = context.new_page()
    page.goto(published.url(BANK))
    third = page.locator("li.cg-bank-q").nth(2)
    third.get_by_text("Show answer").click()  # read before practising
    # The big bank's answers open in place from the questions' own pages (bank-answers.js).
    href = published.page(BANK).select("li.cg-bank-q .cg-q a")[2]["href"]
    answer = published.page(BANK + href).select_one(".cg-short-answer p").get_text()
    expect(third.locator(".cg-answer-body")).to_contain_text(answer)
    page.get_by_role("button", name="Practice mode").click()
    expect(third.locator(".cg-answer-body")).to_be_hidden()  # hidden until revealed in practice
    third.get_by_text("Show answer").click()
    expect(third.locator(".cg-answer-body")).to_be_visible()
    for n in (2, 5, 40):
        page.locator("li.cg-bank-q").nth(n).get_by_role("checkbox", name="Practised").check()
    status = page.locator(".cg-practice__status")
    expect(status).to_have_text(f"{total - 3} of {total} questions left to practise.")

    page.reload()
    expect(status).to_have_text(f"{total - 3} of {total} questions left to practise.")
    checked = page.locator("li.cg-bank-q").filter(has=page.get_by_role("checkbox", checked=True))
    assert [li.get_attribute("value") for li in checked.all()] == ["3", "6", "41"]
    expect(page.locator(".cg-answer-body:visible")).to_have_count(1)
    expect(third.locator(".cg-answer-body")).to_be_visible()

    guide = context.new_page()  # progress is kept per page: the guide has none
    guide.goto(published.url(GUIDE))
    expect(guide.get_by_role("button", name="Practice mode")).to_have_attribute("aria-pressed", "false")
    expect(guide.get_by_role("checkbox", checked=True)).to_have_count(0)


def test_without_javascript_every_answer_is_there(browser, published):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in (GUIDE, SMALL_BANK):
        soup = published.page(path)
        page.goto(published.url(path))
        expect(page.locator(".cg-practice")).to_have_count(0)
        expect(page.get_by_role("checkbox")).to_have_count(0)
        expect(page.locator(".cg-tip:visible")).to_have_count(len(soup.select(".cg-tip")))
        answers = page.locator("details.cg-answer")
        assert answers.count() == len(soup.select("details.cg-answer")) > 0
        answers.first.locator("summary").click()  # a native disclosure: no script needed
        expect(answers.first.locator(".cg-answer-body")).to_be_visible()
    # The 97-question bank keeps its answers on the questions' pages: each is one click away.
    page.goto(published.url(BANK))
    expect(page.locator("details.cg-answer")).to_have_count(0)
    questions = page.locator("li.cg-bank-q")
    assert questions.count() == 97 == page.locator("li.cg-bank-q .cg-q a").count()
    questions.nth(3).locator(".cg-q a").click()
    expect(page.locator(".cg-short-answer")).to_be_visible()
    expect(page.locator("h1")).to_have_text(published.page(BANK).select(".cg-q")[3].get_text())
    context.close()


def test_keyboard_follows_a_contents_link_to_its_section(context, published):
    target = published.page(GUIDE).select(".toc a")[2]["href"]  # "#section-id"
    page = context.new_page()
    page.goto(published.url(GUIDE))
    stops = tab_until(page, f".toc a[href='{target}']")
    assert "site-search" in [s["text"] for s in stops]  # the header search box comes first
    assert all(s["visible"] for s in stops)
    page.keyboard.press("Enter")
    page.wait_for_url(published.url(GUIDE) + target)
    # Scrolled there (smoothly, unless the reader asks for less motion), below the sticky-free top.
    page.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top)"
                           " < 40", arg=target[1:])
    expect(page.locator(f".toc a[href='{target}']")).to_have_attribute("aria-current", "true")
    page.keyboard.press("Tab")  # the next Tab carries on from the section, not from the contents
    assert page.evaluate("document.activeElement.closest('section').id") == target[1:]
    assert focus_stop(page)["visible"]


def test_contents_mark_the_section_being_read_while_scrolling(context, published):
    ids = [a["href"][1:] for a in published.page(GUIDE).select(".toc a")]
    assert len(ids) > 3
    page = context.new_page()
    page.goto(published.url(GUIDE))
    current = page.locator(".toc a[aria-current]")
    expect(current).to_have_count(0)
    for section in [*ids, *reversed(ids[:-1])]:  # down to the end, then back up
        page.evaluate("""id => { const s = document.getElementById(id);
            window.scrollTo({top: s.getBoundingClientRect().top + scrollY + 10, behavior: 'instant'}); }""",
                      section)
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("href", f"#{section}")
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # back to the introduction
    expect(current).to_have_count(0)


def visible_count(page, selector: str) -> tuple[int, int]:
    return page.locator(f"{selector}:visible").count(), page.locator(selector).count()


def test_print_is_a_one_column_handout_with_every_answer(browser, published):
    context = browser.new_context(color_scheme="dark")  # the handout is black on white anyway
    page = context.new_page()
    for path in (GUIDE, SMALL_BANK, BANK):
        page.goto(published.url(path))
        if path == BANK:  # its answers are on their own pages: it prints those the reader opened
            page.get_by_text("Show answer").first.click()
            expect(page.locator(".cg-answer-body p").first).to_be_visible()
        page.get_by_role("button", name="Practice mode").click()  # hides tips, folds answers
        expect(page.locator(".cg-answer-body:visible")).to_have_count(0)
        page.emulate_media(media="print")
        items = len(published.page(path).select("li.cg-bank-q"))
        assert visible_count(page, "li.cg-bank-q") == (items, items)  # every question prints
        for selector in NOT_PRINTED:
            shown, present = visible_count(page, selector)
            assert shown == 0 and (present or selector in (".toc", ".cg-reveal")), (path, selector)
        for selector in (".cg-answer-body", ".cg-tip"):
            shown, present = visible_count(page, selector)
            assert shown == present, (path, selector, shown, present)
        assert visible_count(page, ".cg-answer-body")[0] == (1 if path == BANK else len(
            published.page(path).select(".cg-answer-body")))
        widths = page.evaluate("""() => ['body', 'main', 'h1', '.cg-body', '.cg-body li']
            .map(s => { const r = document.querySelector(s).getBoundingClientRect();
                        return [Math.round(r.left), Math.round(r.width)]; })""")
        body, *column = widths
        assert all(left == body[0] for left, _ in column[:-1]), (path, widths)  # one column
        assert all(width > 0.9 * body[1] for _, width in column), (path, widths)  # full width
        colours = page.evaluate("[getComputedStyle(document.body).backgroundColor,"
                                " getComputedStyle(document.body).color]")
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], path
        page.emulate_media(media="screen")
    context.close()


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# (element, property) pairs read in each colour scheme: text and the background it sits on.
COLOURS = {"bg": ("body", "backgroundColor"), "text": ("body", "color"),
           "muted": (".byline", "color"), "link": (".cg-explore a", "color"),
           "toc": (".toc a", "color"), "surface": (".toc", "backgroundColor"),
           "search_bg": ("#site-search", "backgroundColor"), "search": ("#site-search", "color")}


def test_dark_mode_follows_the_system_and_keeps_contrast(browser, published):
    seen = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 800, "height": 900})
        page = context.new_page()  # narrow: the contents sit on their own surface
        page.goto(published.url(GUIDE))
        seen[scheme] = c = page.evaluate("""pairs => Object.fromEntries(Object.entries(pairs)
            .map(([k, [s, p]]) => [k, getComputedStyle(document.querySelector(s))[p]]))""", COLOURS)
        for fg, bg in (("text", "bg"), ("muted", "bg"), ("link", "bg"), ("link", "surface"),
                       ("toc", "surface"), ("search", "search_bg")):
            assert contrast(c[fg], c[bg]) >= 4.5, (scheme, fg, bg, c)
        context.close()
    light, dark = seen["light"], seen["dark"]
    assert luminance(light["bg"]) > 0.9 and luminance(dark["bg"]) < 0.02
    assert luminance(light["text"]) < 0.02 and luminance(dark["text"]) > 0.7
    assert all(light[k] != dark[k] for k in ("bg", "text", "muted", "link", "surface"))
