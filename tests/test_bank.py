"""Question banks as data: counts from the data, stable slugs, filled FAQ, safe JSON-LD."""

from __future__ import annotations

import datetime as dt
import json

from bs4 import BeautifulSoup

from careerguides.bank import count_levels, generate_bank, question_slug
from careerguides.config import GuideConfig
from careerguides.markup import MarkdownRenderer
from careerguides.outline import Bank, BankQuestion
from careerguides.render import render_bank


def bank(questions, **fields) -> Bank:
    data = {"title": "SQL Interview Questions", "topic": "SQL", "date": dt.date(2026, 1, 10),
            "questions": questions}
    return Bank.model_validate({**data, **fields})


def mix(beginner: int, intermediate: int, senior: int) -> list[dict]:
    levels = ["beginner"] * beginner + ["intermediate"] * intermediate + ["senior"] * senior
    return [{"q": f"Question number {i} about SQL?", "level": lv, "answer": f"Answer {i}."}
            for i, lv in enumerate(levels, 1)]


def render(b: Bank) -> BeautifulSoup:
    doc = generate_bank(b, "sql", GuideConfig.from_settings({}), MarkdownRenderer())
    return BeautifulSoup(render_bank(doc), "html.parser")


def test_counts_come_from_the_data():
    counts = count_levels(bank(mix(6, 10, 70)))
    assert (counts.total, counts.beginner, counts.intermediate, counts.senior) == (86, 6, 10, 70)
    soup = render(bank(mix(6, 10, 70)))
    assert " ".join(soup.select_one(".cg-counts").get_text(" ").split()) == (
        "86 Questions · 6 Beginner · 10 Intermediate · 70 Senior")
    assert soup.select_one("#questions-h").get_text() == "86 SQL questions"


def test_single_question_is_singular():
    soup = render(bank(mix(1, 0, 0)))
    assert " ".join(soup.select_one(".cg-counts").get_text(" ").split()).startswith("1 Question ·")


def test_slugs_come_from_slug_or_text_never_position():
    assert question_slug(BankQuestion(q="What is RAG?", level="beginner")) == "what-is-rag"
    assert question_slug(BankQuestion(q="What is RAG?", level="beginner", slug="rag")) == "rag"
    assert question_slug(BankQuestion(q="什么是索引", level="beginner")).startswith("q-")
    long = BankQuestion(q="How " + "very " * 40 + "long?", level="senior")
    assert len(question_slug(long)) <= 80 and not question_slug(long).endswith("-")
    forward = render(bank(mix(2, 1, 0)))
    backward = render(bank(list(reversed(mix(2, 1, 0)))))
    links = {a.get_text(): a["href"] for a in forward.select(".cg-bank-q a")}
    assert links == {a.get_text(): a["href"] for a in backward.select(".cg-bank-q a")}


def test_list_keeps_outline_order_numbers_and_anchors():
    soup = render(bank(mix(1, 1, 1)))
    items = soup.select("li.cg-bank-q")
    # Numbered by their order in the list (bank-filter.js pins the numbers before filtering).
    assert soup.select_one("ol.cg-bank-list").get("start") is None
    assert [li.get("value") for li in items] == [None, None, None]
    assert [li.select_one(".cg-q").get_text() for li in items] == [
        q["q"] for q in mix(1, 1, 1)]
    assert [li["data-level"] for li in items] == ["beginner", "intermediate", "senior"]
    assert items[0]["id"] == "q-question-number-1-about-sql"


def test_unanswered_questions_are_listed_without_a_link():
    soup = render(bank([{"q": "Answered?", "level": "beginner", "answer": "Yes."},
                        {"q": "Details only?", "level": "senior", "details": "Long text."},
                        {"q": "Unanswered?", "level": "senior"}]))
    items = soup.select("li.cg-bank-q")
    assert [li.a["href"] if li.a else None for li in items] == [
        "answered/", "details-only/", None]  # relative to the bank's page


def test_faq_placeholders_are_filled_and_json_ld_is_script_safe():
    b = bank(mix(2, 3, 4), faq=[
        {"q": "How many {topic} questions?",
         "a": "All {count}: {beginner} beginner, {intermediate} intermediate, {senior} senior."},
        {"q": "Is </script> safe?", "a": "Yes <script>alert(1)</script> it is."},
    ])
    doc = generate_bank(b, "sql", GuideConfig.from_settings({}), MarkdownRenderer())
    soup = BeautifulSoup(render_bank(doc), "html.parser")
    assert soup.select_one(".cg-faq h3").get_text() == "How many SQL questions?"
    assert soup.select_one(".cg-faq-answer").get_text(strip=True) == (
        "All 9: 2 beginner, 3 intermediate, 4 senior.")
    raw = doc.faq_jsonld()
    assert "</script" not in raw and "<" not in raw
    data = json.loads(raw)
    assert data["@type"] == "FAQPage" and len(data["mainEntity"]) == 2
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == (
        "All 9: 2 beginner, 3 intermediate, 4 senior.")
    assert "alert" not in raw


def test_a_big_bank_leaves_its_answers_to_the_question_pages():
    small = render(bank(mix(2, 2, 2)))
    assert small.select_one("ol.cg-bank-list").get("data-answers") is None
    assert [d.get_text() for d in small.select("li.cg-bank-q .cg-answer-body")] == [
        f"Answer {i}." for i in range(1, 7)]
    # 97 questions with answers of 350 characters, like the sample's LLMOps bank, would take the
    # page past 100 KB: it lists the questions, and each links to its page, which has the answer.
    long = [{**q, "answer": q["answer"] + " More." * 60} for q in mix(15, 33, 49)]
    big = render(bank(long))
    assert big.select_one("ol.cg-bank-list")["data-answers"] == "pages"
    assert big.select(".cg-answer") == []
    items = big.select("li.cg-bank-q")
    assert len(items) == 97 and all(li.select_one(".cg-q a")["href"] for li in items)
    assert len(str(big)) < 60_000
