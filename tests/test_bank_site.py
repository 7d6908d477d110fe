"""Question banks in real builds: bank page, question pages, FAQ JSON-LD, explore more, index."""

from __future__ import annotations

import json

import feedparser
import pytest
from conftest import Site

BANK = """\
title: SQL Interview Questions 2026
topic: SQL
date: 2026-02-01
author: Ada Example
tags: [SQL, Databases]
summary: Questions on indexes, joins and query plans.
questions:
  - q: What is an index?
    level: beginner
    answer: A structure that finds rows without scanning the table.
    tags: [indexes]
  - q: What does <NULL> = <NULL> return?
    level: beginner
  - q: When does a hash join beat a nested loop?
    level: intermediate
    answer: When both inputs are large and unsorted.
    slug: hash-join
  - q: How do you read a query plan?
    level: intermediate
    details: Start from the innermost node.
  - q: What is a covering index?
    level: intermediate
    answer: One that holds every column the query needs.
  - q: How would you shard a 10 TB table?
    level: senior
    answer: Pick a key that spreads writes and keeps most queries on one shard.
  - q: How do you migrate a hot table without downtime?
    level: senior
    answer: Expand, backfill, switch reads, then contract.
  - q: How do you find a lock convoy?
    level: senior
    answer: Look at wait events and the lock graph.
  - q: When would you denormalise?
    level: senior
    answer: When a read path is hot and the data changes rarely.
faq:
  - q: How many {topic} questions are here?
    a: "{count} in all: {beginner} beginner, {intermediate} intermediate and {senior} senior."
  - q: Are the answers complete?
    a: They are short answers; the question pages add details.
related: [data-engineer]
"""

GUIDE = """\
title: Data Engineer Interview Questions
role: Data Engineer
date: 2026-01-15
slug: data-engineer
tags: [Databases]
competencies: [Data modeling]
"""

OTHER_GUIDE = """\
title: Unrelated Guide
role: Chef
date: 2026-01-20
slug: chef
tags: [Cooking]
competencies: [Knife skills]
"""

BANK_URL = "questions/sql-interview-questions-2026/"
ANSWERED = ["what-is-an-index", "hash-join", "how-do-you-read-a-query-plan",
            "what-is-a-covering-index", "how-would-you-shard-a-10-tb-table",
            "how-do-you-migrate-a-hot-table-without-downtime", "how-do-you-find-a-lock-convoy",
            "when-would-you-denormalise"]


def make(site: Site, bank: str = BANK) -> Site:
    site.write("questions/sql.yaml", bank)
    site.write("guides/data-engineer.yaml", GUIDE)
    site.write("guides/chef.yaml", OTHER_GUIDE)
    return site


@pytest.fixture
def built(site):
    result, printed = make(site).build()
    assert result.ok, printed
    return site


def test_bank_page_counts_order_and_links(built):
    soup = built.page(BANK_URL)
    assert soup.h1.get_text(strip=True) == "SQL Interview Questions 2026"
    assert " ".join(soup.select_one(".cg-counts").get_text(" ").split()) == (
        "9 Questions · 2 Beginner · 3 Intermediate · 4 Senior")
    items = soup.select("li.cg-bank-q")
    assert [li.select_one(".cg-q").get_text() for li in items][:3] == [
        "What is an index?", "What does <NULL> = <NULL> return?",
        "When does a hash join beat a nested loop?"]
    assert [li.select_one(".cg-level").get_text() for li in items] == (
        ["Beginner"] * 2 + ["Intermediate"] * 3 + ["Senior"] * 4)
    links = [li.a["href"] for li in items if li.a]
    assert links == [f"{slug}/" for slug in ANSWERED]  # relative: the pages lie below the bank's
    for href in links:  # every link leads to a page that exists and names the question
        page = built.page(BANK_URL + href)
        assert page.h1.get_text(strip=True) in {li.select_one(".cg-q").get_text() for li in items}
    assert soup.select_one(".cg-readtime") is not None
    assert soup.select_one("time[datetime^='2026-02-01']") is not None


def test_no_thin_pages(built):
    pages = sorted(p.name for p in (built.output / BANK_URL).iterdir() if p.is_dir())
    assert pages == sorted(ANSWERED)
    assert not (built.output / BANK_URL / "what-does-null-null-return").exists()


def test_question_page_has_answer_level_tags_neighbours_and_way_back(built):
    soup = built.page(f"{BANK_URL}what-is-an-index/")
    assert soup.h1.get_text(strip=True) == "What is an index?"
    assert soup.select_one(".cg-level").get_text() == "Beginner"
    assert "finds rows without scanning" in soup.select_one(".cg-short-answer").get_text()
    assert [a.get_text(strip=True) for a in soup.select(".cg-question-tags a")] == ["indexes"]
    assert soup.select_one("a[rel=prev]") is None
    assert soup.select_one("a[rel=next]")["href"].endswith(f"/{BANK_URL}hash-join/")
    back = soup.select_one("a.cg-back")
    assert back["href"].endswith(f"/{BANK_URL}#q-what-is-an-index")
    middle = built.page(f"{BANK_URL}hash-join/")
    assert middle.select_one("a[rel=prev]")["href"].endswith(f"/{BANK_URL}what-is-an-index/")
    details = built.page(f"{BANK_URL}how-do-you-read-a-query-plan/")
    assert "innermost node" in details.select_one(".cg-details").get_text()


def test_faq_json_ld(built):
    soup = built.page(BANK_URL)
    blocks = [json.loads(s.string) for s in soup.select("script[type='application/ld+json']")]
    faq = next(b for b in blocks if b.get("@type") == "FAQPage")
    assert len(faq["mainEntity"]) == 2
    assert faq["mainEntity"][0]["name"] == "How many SQL questions are here?"
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == (
        "9 in all: 2 beginner, 3 intermediate and 4 senior.")
    assert soup.select_one(".cg-faq h3").get_text() == "How many SQL questions are here?"


def test_explore_more_named_first_then_shared_tags(built):
    soup = built.page(BANK_URL)
    links = [a["href"] for a in soup.select(".cg-explore a")]
    assert links[0].endswith("/guides/data-engineer/")
    assert not any("/guides/chef/" in href for href in links)
    guide = built.page("guides/data-engineer/")
    assert any(a["href"].endswith(f"/{BANK_URL}") for a in guide.select(".cg-explore a"))


def test_explore_more_ranks_a_rare_shared_tag_above_a_common_one(site):
    # "Interviews" is on four guides, "SQL" only on this one and the bank: the rare tag counts
    # more, however much newer the guides sharing the common one are.
    site.write("questions/sql.yaml", BANK.replace("related: [data-engineer]\n", ""))
    site.write("guides/sql-dev.yaml", GUIDE.replace("slug: data-engineer", "slug: sql-dev")
               .replace("[Databases]", "[SQL, Interviews]"))
    for n in (1, 2, 3):
        site.write(f"guides/dba-{n}.yaml", GUIDE.replace("slug: data-engineer", f"slug: dba-{n}")
                   .replace("2026-01-15", f"2026-03-0{n}").replace("[Databases]", "[Interviews]"))
    result, printed = site.build()
    assert result.ok, printed
    links = [a["href"] for a in site.page("guides/sql-dev/").select(".cg-explore a")]
    assert links[0].endswith(f"/{BANK_URL}"), links
    assert [h.rsplit("/", 2)[1] for h in links[1:]] == ["dba-3", "dba-2", "dba-1"]  # newest first


def test_banks_index_lists_every_bank_with_counts(built):
    soup = built.page("questions/")
    entry = soup.select_one(f"a[href$='/{BANK_URL}']").find_parent("li")
    assert "9 Questions" in " ".join(entry.get_text(" ").split())


def test_bank_is_an_article_everywhere_but_question_pages_are_not_in_feeds(built):
    for url in ("category/interview-questions/", "tag/sql/", "author/ada-example/", "archives/"):
        assert built.page(url).select_one(f"a[href$='/{BANK_URL}']") is not None, url
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse((built.output / feed).read_bytes())
        assert parsed.bozo == 0
        titles = [e.title for e in parsed.entries]
        assert "SQL Interview Questions 2026" in titles
        assert "What is an index?" not in titles
        bank = next(e for e in parsed.entries if e.title == "SQL Interview Questions 2026")
        assert "min read" in bank.content[0].value


def test_reordering_questions_keeps_every_url(site):
    result, printed = make(site).build()
    assert result.ok, printed
    before = sorted(p.name for p in (site.output / BANK_URL).iterdir() if p.is_dir())
    head, questions = BANK.split("questions:\n", 1)
    blocks = questions.split("faq:\n")[0].split("  - q:")[1:]
    reordered = head + "questions:\n" + "".join("  - q:" + b for b in reversed(blocks)) + \
        "faq:\n" + questions.split("faq:\n")[1]
    result, printed = make(site, reordered).build()
    assert result.ok, printed
    after = sorted(p.name for p in (site.output / BANK_URL).iterdir() if p.is_dir())
    assert after == before
    first = site.page(BANK_URL).select_one("li.cg-bank-q .cg-q").get_text()
    assert first == "When would you denormalise?"


@pytest.mark.parametrize("change, expected", [
    (("related: [data-engineer]", "related: [data-enginer]"),
     "sql.yaml:41:11: error: unknown related slug 'data-enginer'"),
    (("    slug: hash-join\n", "    slug: what-is-an-index\n"),
     "question slug 'what-is-an-index' is used twice in this bank, on lines 8 and 14"),
    (("level: senior\n    answer: Expand", "level: expert\n    answer: Expand"),
     "sql.yaml:28:12: error: 'level' must be one of"),
    (("{beginner} beginner", "{beginners} beginner"), "unknown placeholder {beginners}"),
])
def test_bad_bank_fails_the_build_and_keeps_the_old_site(built, change, expected):
    before = (built.output / BANK_URL / "index.html").read_bytes()
    built.write("questions/sql.yaml", BANK.replace(*change))
    result, printed = built.build()
    assert not result.ok
    assert expected in printed
    assert "Traceback" not in printed
    assert (built.output / BANK_URL / "index.html").read_bytes() == before
