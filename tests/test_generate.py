"""Outline -> document -> body HTML: structure, wording, overrides and escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from careerguides.config import GuideConfig
from careerguides.generate import generate_guide
from careerguides.markup import MarkdownRenderer
from careerguides.outline import QUESTION_CATEGORIES, Guide
from careerguides.render import render_guide


def outline(**fields) -> Guide:
    data = {
        "title": "MLOps Engineer Interview Questions (2026)",
        "role": "MLOps Engineer",
        "date": dt.date(2026, 4, 15),
        "competencies": ["ML pipeline design", "Model serving and deployment"],
    }
    return Guide.model_validate({**data, **fields})


def body(guide: Guide, settings: dict | None = None) -> BeautifulSoup:
    cfg = GuideConfig.from_settings({"CAREER_GUIDES": settings or {}})
    html = render_guide(generate_guide(guide, cfg, MarkdownRenderer()))
    return BeautifulSoup(html, "html.parser")


def test_one_section_per_area_with_five_category_items():
    soup = body(outline())
    areas = soup.select("section.cg-area")
    assert [a.h2.get_text() for a in areas] == [
        "ML pipeline design questions", "Model serving and deployment questions"]
    for area in areas:
        assert [li["data-category"] for li in area.select("li.cg-question")] == list(
            QUESTION_CATEGORIES)
    assert soup.select_one("section.cg-behavioral h2").get_text() == "Behavioral questions"
    assert soup.select_one("section.cg-prepare h2").get_text() == "How to prepare"
    assert len(soup.select("section.cg-behavioral li")) == 5


def test_generated_sentences_say_a_or_an_as_the_role_is_said():
    behavioral = body(outline()).select_one("section.cg-behavioral").get_text(" ")
    assert "as an MLOps Engineer current" in behavioral
    behavioral = body(outline(role="Data Engineer")).select_one("section.cg-behavioral").get_text(" ")
    assert "as a Data Engineer current" in behavioral


def test_generated_sentences_keep_names_as_written():
    soup = body(outline(competencies=["LLMOps and GenAI deployment", "Model serving"]))
    text = soup.get_text(" ")
    assert "Interviewers use LLMOps and GenAI deployment questions" in text
    assert "Interviewers use model serving questions" in text
    assert "candidates face in 2026" in text
    for wrong in ("llmops", "genai", "mlops engineer"):
        assert wrong not in text


def test_intro_mentions_only_the_facts_given():
    bare = body(outline()).select_one(".cg-intro").get_text()
    assert "hiring loop" not in bare and "pay" not in bare
    full = body(outline(
        process=["recruiter screen", "technical assessment", "behavioral interview"],
        focus=["model serving", "LLMOps"],
        salary={"amount": 155000, "currency": "USD", "level": "mid-level"},
    )).select_one(".cg-intro").get_text()
    assert "three stages: recruiter screen, technical assessment, and behavioral interview." in full
    assert "model serving and LLMOps" in full
    assert "mid-level MLOps Engineer roles is around $155K" in full


def test_concrete_questions_replace_the_prompt_and_keep_answer_and_level():
    guide = outline(competencies=[{"name": "Model serving", "questions": {"debugging": [
        {"q": "Latency doubled after a deploy. Where do you look first?",
         "answer": "Start from the **serving metrics**.", "level": "senior"},
        "And if only one region is slow?"]}}])
    items = body(guide).select("li[data-category=debugging]")
    assert [li.select_one(".cg-q").get_text() for li in items] == [
        "Latency doubled after a deploy. Where do you look first?", "And if only one region is slow?"]
    assert items[0]["data-level"] == "senior"
    assert items[0].select_one(".cg-level").get_text() == "Senior"
    assert items[0].select_one(".cg-answer strong").get_text() == "serving metrics"
    assert items[1].select_one(".cg-answer") is None


def test_overrides_from_settings_and_outline():
    guide = outline(
        intro="Our own opening.",
        prompts={"trends": "What changed in this area lately?"},
        competencies=[{"name": "Feature stores", "intro": "Area intro by hand."}],
        behavioral=[{"q": "Why us?", "tip": "Be specific."}],
        preparation=["Sleep well."],
    )
    soup = body(guide, {"PROMPTS": {"technical": "Deep dive into {area}."},
                        "SENTENCES": {"area_heading": "{area_title}: practice"}})
    assert soup.select_one(".cg-intro").get_text(strip=True) == "Our own opening."
    assert soup.select_one(".cg-area h2").get_text() == "Feature stores: practice"
    assert soup.select_one(".cg-area-intro").get_text(strip=True) == "Area intro by hand."
    assert soup.select_one("[data-category=technical] .cg-prompt").get_text() == (
        "Deep dive into feature stores.")
    assert soup.select_one("[data-category=trends] .cg-prompt").get_text() == (
        "What changed in this area lately?")
    assert [li.get_text(" ", strip=True) for li in soup.select(".cg-behavioral li")] == [
        "Why us? Be specific."]
    assert [li.get_text() for li in soup.select(".cg-prepare li")] == ["Sleep well."]


@pytest.mark.parametrize("field", ["title", "role"])
def test_plain_text_is_shown_exactly_as_written(field):
    tricky = "C++ & <div> *Engineer*"
    guide = outline(**{field: tricky}, competencies=[
        {"name": "<b>Areas</b> & *more*", "questions": {"technical": ["What does <div> do?"]}}])
    soup = body(guide)
    assert soup.select_one(".cg-area h2").get_text() == "<b>Areas</b> & *more* questions"
    assert soup.select_one(".cg-q").get_text() == "What does <div> do?"
    assert soup.find("b") is None
    if field == "role":
        assert "C++ & <div> *Engineer* candidates" in soup.select_one(".cg-intro").get_text()


def test_markdown_fields_are_sanitized():
    guide = outline(competencies=[{"name": "Security", "intro": (
        "Fine **bold**.<script>alert(1)</script><img src=x onerror=alert(2)>"
        "[x](javascript:alert(3)) <iframe src='https://evil.example'></iframe>")}])
    html = str(body(guide))
    assert "<strong>bold</strong>" in html
    for bad in ("<script", "onerror", "javascript:", "<iframe", "alert(1)"):
        assert bad not in html


def test_section_ids_are_unique_and_listed_in_toc():
    guide = outline(competencies=["Testing", "testing", "How to prepare"])
    cfg = GuideConfig.from_settings({})
    doc = generate_guide(guide, cfg, MarkdownRenderer())
    ids = [entry["id"] for entry in doc.toc]
    assert len(ids) == len(set(ids)) == 5
    assert doc.toc[-1]["title"] == "How to prepare"
