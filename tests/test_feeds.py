"""Feeds as subscribers' readers see them: every scope and format, valid, absolute, stable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from browser import serve
from bs4 import BeautifulSoup
from conftest import Site

PUBLISH = 'SITEURL = "https://guides.example.org"\n'  # over publishconf.py's own
GUIDE = """\
title: {title}
role: Platform Engineer
date: 2026-03-01
{extra}author: Ada Example
category: Career Guides
tags: [Platform]
summary: See [the post](/blog/hello/) and ![a chart](../img/chart.png).
competencies:
  - name: Internal platforms
    intro: Read [our docs](/docs/) and <a href="relative/page/">this</a>.
"""
TRICKY = "Q&A: <Tricky> \"Quotes\" & 'More'"
POST = """\
Title: Hello
Date: 2026-02-01 10:00
Category: Advice
Author: Bo Writer
Tags: Platform
Slug: hello

A post with an image ![x](/images/x.png) and a [link](../guides/platform/).
"""


def make(site: Site, modified: str = "") -> Site:
    extra = f"modified: {modified}\n" if modified else ""
    site.write("guides/platform.yaml", GUIDE.format(title="Platform Engineer Questions",
                                                     extra=extra).replace(
        "title:", "slug: platform\ntitle:", 1))
    site.write("guides/tricky.yaml", GUIDE.format(title=json.dumps(TRICKY), extra="")
               .replace("date: 2026-03-01", "date: 2026-01-05"))
    site.write("posts/hello.md", POST)
    return site


@pytest.fixture
def published(site):
    result, printed = make(site).build(extra=PUBLISH, base="publishconf")
    assert result.ok, printed
    return site


def feed_files(site: Site) -> list[Path]:
    return [*sorted((site.output / "feeds").rglob("*.xml")), site.output / "feed.json"]


def test_every_scope_and_format_is_written(published):
    out = published.output
    expected = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feed.json",
                "feeds/career-guides.atom.xml", "feeds/career-guides.rss.xml",
                "feeds/advice.atom.xml", "feeds/kind/guides.atom.xml", "feeds/kind/posts.rss.xml",
                "feeds/author/ada-example.atom.xml", "feeds/author/bo-writer.rss.xml"]
    for path in expected:
        assert (out / path).is_file(), path
    guides = feedparser.parse((out / "feeds/kind/guides.atom.xml").read_bytes())
    assert {e.title for e in guides.entries} == {"Platform Engineer Questions", TRICKY}
    bo = feedparser.parse((out / "feeds/author/bo-writer.rss.xml").read_bytes())
    assert [e.title for e in bo.entries] == ["Hello"]


def test_feeds_page_lists_every_feed_and_pages_link_the_most_specific(published):
    soup = published.page("feeds/")
    listed = {a["href"].removeprefix("https://guides.example.org/") for a in soup.select("main a[type]")}
    written = {str(p.relative_to(published.output)) for p in feed_files(published)}
    assert listed == written
    for li in soup.select(".feed-list li"):
        assert len(li.get_text(" ", strip=True)) > 20  # a one-line description
    guide = published.page("guides/platform/")
    first = guide.select("link[rel=alternate]")[0]
    assert first["href"] == "https://guides.example.org/feeds/career-guides.atom.xml"
    category = published.page("category/advice/")
    assert category.select("link[rel=alternate]")[0]["href"].endswith("/feeds/advice.atom.xml")
    author = published.page("author/bo-writer/")
    assert author.select("link[rel=alternate]")[0]["href"].endswith("/feeds/author/bo-writer.atom.xml")


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_xml_feeds_are_valid_complete_and_absolute(published, fmt):
    files = [p for p in feed_files(published) if p.name.endswith(f".{fmt}.xml")]
    assert len(files) >= 5
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.feed.get("subtitle") or parsed.feed.get("description")
        for entry in parsed.entries:
            html = entry.content[0].value + entry.get("summary", "")
            for url in re.findall(r'(?:href|src)="([^"]*)"', html):
                assert url.startswith("https://guides.example.org/"), (path.name, url)
            assert entry.published_parsed and entry.updated_parsed
            assert entry.get("author") and entry.tags
            assert re.search(r"\d+ min read · [\d,]+ words", entry.content[0].value)
    xml = (published.output / f"feeds/all.{fmt}.xml").read_text()
    assert "+00:00" in xml or "+0000" in xml  # time zone on every date


def test_tricky_titles_survive_intact(published):
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse((published.output / name).read_bytes())
        assert TRICKY in [e.title for e in parsed.entries]
    data = json.loads((published.output / "feed.json").read_text())
    assert TRICKY in [i["title"] for i in data["items"]]


def test_rss_guid_and_channel(published):
    rss = (published.output / "feeds/all.rss.xml").read_text()
    guids = re.findall(r'<guid isPermaLink="(\w+)">([^<]+)</guid>', rss)
    assert guids and all(flag == "false" and gid.startswith("tag:") for flag, gid in guids)
    channel = BeautifulSoup(rss, "xml").channel
    assert channel.find("description", recursive=False).get_text()
    assert channel.find("lastBuildDate", recursive=False) is not None


def test_json_feed_follows_the_spec_and_carries_read_time(published):
    data = json.loads((published.output / "feed.json").read_text())
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "https://guides.example.org/feed.json"
    assert data["home_page_url"] == "https://guides.example.org/"
    for item in data["items"]:
        assert item["id"].startswith("tag:guides.example.org,")
        assert item["url"].startswith("https://guides.example.org/")
        assert re.search(r"[+-]\d\d:\d\d$", item["date_published"])
        assert item["authors"][0]["name"]
        ext = item["_careerguides"]
        assert ext["read_time_minutes"] >= 1 and ext["word_count"] > 0
        page = published.page(item["url"].removeprefix("https://guides.example.org/"))
        shown = page.select_one(".cg-readtime").get_text(" ", strip=True)
        assert shown.startswith(f"{ext['read_time_minutes']} min read")
        for url in re.findall(r'(?:href|src)="([^"]*)"', item["content_html"]):
            assert url.startswith("https://"), url


def test_rebuild_writes_byte_identical_feeds(published):
    before = {p: p.read_bytes() for p in feed_files(published)}
    result, _ = published.build(extra=PUBLISH, base="publishconf")
    assert result.ok
    assert {p: p.read_bytes() for p in feed_files(published)} == before


def test_ids_do_not_change_when_the_site_moves_to_https(site):
    make(site)
    ids = []
    for url in ("http://guides.example.org", "https://guides.example.org"):
        result, printed = site.build(extra=f'SITEURL = "{url}"\n')
        assert result.ok, printed
        parsed = feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes())
        ids.append([e.id for e in parsed.entries])
    assert ids[0] == ids[1]


def test_a_new_modified_date_moves_that_item_alone(published):
    def entries():
        parsed = feedparser.parse((published.output / "feeds/all.atom.xml").read_bytes())
        return parsed.feed.updated, {e.id: (e.updated, e.content[0].value) for e in parsed.entries}

    feed_before, before = entries()
    make(published, modified="2026-07-04")
    result, _ = published.build(extra=PUBLISH, base="publishconf")
    assert result.ok
    feed_after, after = entries()
    changed = [i for i in before if before[i] != after[i]]
    assert len(changed) == 1 and "/guides/platform/" in changed[0]
    assert after[changed[0]][0].startswith("2026-07-04")
    assert feed_after.startswith("2026-07-04") and feed_before != feed_after


def test_drafts_and_future_items_are_never_published(published):
    published.write("guides/draft.yaml", "title: Draft Guide Zebra\nrole: X\ndate: 2026-01-01\n"
                                         "status: draft\ncompetencies: [A]\n")
    published.write("guides/future.yaml", "title: Future Guide Zebra\nrole: X\ndate: 2099-01-01\n"
                                          "competencies: [A]\n")
    result, printed = published.build(extra=PUBLISH, base="publishconf")
    assert result.ok, printed
    for path in published.output.rglob("*"):
        if path.is_file() and path.suffix in {".xml", ".json", ".html"} and "drafts" not in path.parts:
            assert "Zebra" not in path.read_text(), path


def test_a_feed_opened_in_a_browser_explains_itself(browser, published):
    with serve(published.output) as base:
        page = browser.new_page()
        for name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
            page.goto(f"{base}/{name}")
            text = page.inner_text("body")
            assert "This is a web feed" in text and "feed reader" in text
            assert page.get_by_role("link", name="Platform Engineer Questions").count() == 1
        page.close()
