"""The repository's own sample content, built as `make html` builds it."""

from __future__ import annotations

import feedparser
import pytest

from careerguides.readtime import count_words

MLOPS = "guides/mlops-engineer-interview-questions/"
LLMOPS = "questions/llmops-interview-questions/"
AREAS = ["ML pipeline design", "Model serving and deployment", "Experiment tracking and versioning",
         "Infrastructure for ML", "LLMOps and GenAI deployment"]


def test_mlops_guide_has_every_area_with_five_categories(sample_site):
    soup = sample_site.page(MLOPS)
    areas = soup.select("section.cg-area")
    assert [a.h2.get_text() for a in areas] == [f"{name} questions" for name in AREAS]
    for area in areas:
        categories = {li["data-category"] for li in area.select("li.cg-question")}
        assert categories == {"technical", "scenario", "tradeoff", "trends", "debugging"}
        # The sample has real questions everywhere, not generated prompts.
        assert not area.select(".cg-prompt"), area.h2.get_text()
    assert len(soup.select("section.cg-behavioral li")) >= 5
    assert len(soup.select("section.cg-prepare li")) >= 5
    intro = soup.select_one(".cg-intro").get_text(" ", strip=True)
    assert "$155K" in intro and "MLOps Engineer" in intro and "four stages" in intro


def test_mlops_read_time_matches_its_words(sample_site):
    soup = sample_site.page(MLOPS)
    words = count_words(str(soup.select_one("section.cg-intro").parent))
    shown = int(soup.select_one(".cg-readtime").get_text(" ", strip=True).split()[0])
    assert shown == -(-words // 238)
    assert words > 1500


def test_no_lowercased_names_anywhere_on_the_guide(sample_site):
    text = sample_site.page(MLOPS).get_text(" ")
    for wrong in (" mlops", " llmops", " genai", " ml pipeline"):
        assert wrong not in text


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_mlops_guide_is_in_both_feeds_with_full_text(sample_site, feed):
    parsed = feedparser.parse((sample_site.output / feed).read_bytes())
    assert parsed.bozo == 0
    entry = next(e for e in parsed.entries if e.link.endswith(MLOPS))
    content = entry.content[0].value
    for name in AREAS:
        assert f"{name} questions" in content
    assert "min read" in content


def test_llmops_bank_has_enough_questions_across_levels(sample_site):
    soup = sample_site.page(LLMOPS)
    levels = [li["data-level"] for li in soup.select("li.cg-bank-q")]
    assert len(levels) >= 80
    assert {"beginner", "intermediate", "senior"} <= set(levels)
    counts = " ".join(soup.select_one(".cg-counts").get_text(" ").split())
    assert counts == (f"{len(levels)} Questions · {levels.count('beginner')} Beginner · "
                      f"{levels.count('intermediate')} Intermediate · {levels.count('senior')} Senior")


def test_sample_has_three_roles_two_banks_a_post_and_about(sample_site):
    out = sample_site.output
    assert len([p for p in (out / "guides").iterdir() if p.is_dir()]) >= 3
    assert len([p for p in (out / "questions").iterdir() if p.is_dir()]) >= 2
    assert (out / "blog" / "how-to-practise-with-interview-guides" / "index.html").exists()
    assert (out / "about" / "index.html").exists()
