"""What crawlers and link previews read: meta tags, JSON-LD, sitemap.xml, robots.txt, 404.html."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from sample_pages import BANK, GUIDE, QUESTION

from careerguides.seo import script_json

pytest_plugins = ["published"]

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOT_INDEXED = {"404.html", "search/"}


def jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select("script[type='application/ld+json']")]


def of_type(soup: BeautifulSoup, kind: str) -> list[dict]:
    return [block for block in jsonld(soup) if block["@type"] == kind]


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.select_one(f"meta[property='{key}'], meta[name='{key}']")
    return tag["content"] if tag else None


def test_every_page_has_title_description_canonical_social_tags_and_lang(published):
    pages = published.html_files()
    assert len(pages) > 100
    for file in pages:
        path = published.path_of(file)
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert soup.html.get("lang") == "en", path
        assert len(soup.find_all("title")) == 1 and soup.title.string.strip(), path
        assert len(meta(soup, "description") or "") > 20, path
        assert meta(soup, "og:title") and meta(soup, "og:description"), path
        assert meta(soup, "og:type") in {"article", "website"}, path
        assert meta(soup, "twitter:card") == "summary", path
        canonical = [link["href"] for link in soup.select("link[rel=canonical]")]
        if path == "404.html":
            assert canonical == [] and meta(soup, "robots") == "noindex"
            continue
        assert canonical == [published.url(path)], path
        assert meta(soup, "og:url") == published.url(path), path
        assert (meta(soup, "robots") == "noindex") == (path in NOT_INDEXED), path


def test_every_page_below_home_has_breadcrumbs_ending_at_itself(published):
    for file in published.html_files():
        path = published.path_of(file)
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        if path in ("", *NOT_INDEXED):
            continue
        [crumbs] = of_type(soup, "BreadcrumbList")
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1)), path
        assert items[0]["item"] == published.url() and items[-1]["item"] == published.url(path)
        visible = [a["href"] for a in soup.select("nav.crumbs a")]  # the way up, shown too
        assert visible == [i["item"] for i in items[:-1]], path


def test_guide_and_post_are_articles(published):
    guide = published.page(GUIDE)
    [article] = of_type(guide, "Article")
    assert article["headline"] == guide.h1.get_text(strip=True)
    assert article["datePublished"].startswith("2026-04-15")
    assert article["author"] == [{"@type": "Person", "name": "Julian Caraulani",
                                  "url": published.url("author/julian-caraulani/")}]
    assert article["publisher"]["@type"] == "Organization"
    assert article["wordCount"] > 1500 and article["timeRequired"].startswith("PT")
    assert meta(guide, "article:published_time").startswith("2026-04-15")
    post = published.page("blog/how-to-practise-with-interview-guides/")
    assert of_type(post, "Article")[0]["headline"] == post.h1.get_text(strip=True)


def test_bank_lists_its_questions_and_keeps_one_faq(published):
    soup = published.page(BANK)
    [items] = of_type(soup, "ItemList")
    questions = soup.select("li.cg-bank-q")
    assert items["numberOfItems"] == len(questions) == len(items["itemListElement"])
    # URL-only items, absolute, in the list's order: each question has its own page.
    links = [urljoin(published.url(BANK), li.select_one(".cg-q a")["href"]) for li in questions]
    assert [(e["position"], e["url"]) for e in items["itemListElement"]] == list(
        enumerate(links, start=1))
    assert all(e.keys() == {"@type", "position", "url"} for e in items["itemListElement"])
    assert len(of_type(soup, "FAQPage")) == 1


def test_home_page_describes_the_site_and_its_search(published):
    [site] = of_type(published.page(""), "WebSite")
    assert site["url"] == published.url()
    target = site["potentialAction"]["target"]["urlTemplate"]
    assert target == published.url("search/") + "?q={search_term_string}"


def test_question_page_has_breadcrumbs_to_its_bank(published):
    soup = published.page(QUESTION)
    names = [i["name"] for i in of_type(soup, "BreadcrumbList")[0]["itemListElement"]]
    assert names == ["Home", "Questions", "LLMOps Interview Questions 2026", soup.h1.get_text(strip=True)]
    assert meta(soup, "og:type") == "article"


def test_json_ld_cannot_end_its_script_early(site):
    title = "Escaping </script><script>alert(1)</script> & <!-- in titles"
    site.write("guides/x.yaml", f"title: '{title}'\nslug: x\nrole: X\ndate: 2026-01-01\n"
                                "competencies: [A]\n")
    result, printed = site.build(base="publishconf")
    assert result.ok, printed
    html = (site.output / "guides/x/index.html").read_text()
    blocks = html.split('<script type="application/ld+json">')[1:]
    assert blocks and all("<" not in b.split("</script>", 1)[0] for b in blocks)
    assert of_type(BeautifulSoup(html, "html.parser"), "Article")[0]["headline"] == title
    assert json.loads(script_json({"a": "</script>\u2028&"})) == {"a": "</script>\u2028&"}


def sitemap(published) -> dict[str, str | None]:
    root = ET.fromstring((published.output / "sitemap.xml").read_bytes())
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}


def test_sitemap_lists_every_indexable_page_with_its_last_change(published):
    listed = sitemap(published)
    pages = {published.url(published.path_of(f)) for f in published.html_files()}
    assert set(listed) == pages - {published.url(p) for p in NOT_INDEXED}
    assert listed[published.url(GUIDE)].startswith("2026-04-15")
    bank = published.page(BANK).select_one("time[datetime]")["datetime"]  # published
    updated = published.page(BANK).select_one(".byline__updated time")["datetime"]
    assert bank != updated and listed[published.url(BANK)] == updated
    assert listed[published.url(QUESTION)] == updated  # a question page changes with its bank
    assert listed[published.url("tag/llmops/")] == updated  # a listing: its newest item
    assert listed[published.url("about/")] is None  # a page without dates


def test_robots_txt_names_the_sitemap(published):
    robots = (published.output / "robots.txt").read_text()
    assert "User-agent: *" in robots
    assert f"Sitemap: {published.url('sitemap.xml')}" in robots.splitlines()


def test_drafts_stay_out_of_the_sitemap_and_are_noindex(fixture_site):
    fixture_site.write("guides/draft.yaml", "title: Secret draft\nrole: X\ndate: 2026-01-01\n"
                                            "status: draft\ncompetencies: [A]\n")
    result, printed = fixture_site.build(base="publishconf")
    assert result.ok, printed
    assert "draft" not in (fixture_site.output / "sitemap.xml").read_text()
    draft = fixture_site.page("drafts/secret-draft/")
    assert meta(draft, "robots") == "noindex" and not draft.select("main[data-pagefind-body]")


def test_404_page_offers_search_and_a_way_on(published):
    soup = published.page("404.html")
    assert soup.h1.get_text(strip=True) == "Page not found"
    form = soup.select_one("main form[role=search]")
    assert form["action"] == published.url("search/") and form.select_one("input[name=q]")
    links = {a["href"] for a in soup.select("main a")}
    assert {published.url(), published.url(GUIDE), published.url(BANK)} <= links


def test_previous_and_next_stay_within_a_kind(published):
    guides = sorted(published.output.glob("guides/*/index.html"))
    for file in guides:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("nav.pager a[rel]"):
            assert "/guides/" in link["href"], file
    oldest = published.page("guides/data-engineer-interview-questions/")
    assert oldest.select_one("nav.pager a[rel=prev]") is None
    newer = oldest.select_one("nav.pager a[rel=next]")["href"]
    back = published.page(newer.removeprefix(published.url())).select_one("nav.pager a[rel=prev]")
    assert back["href"] == published.url("guides/data-engineer-interview-questions/")


def test_a_guide_relates_first_the_pages_sharing_its_rarest_tags(published):
    def tags(soup: BeautifulSoup) -> set[str]:
        return {a["href"] for a in soup.select("article a[rel=tag]")}

    carriers: Counter = Counter()  # how many articles carry each tag
    for file in published.html_files():
        carriers.update(tags(published.page(published.path_of(file))))
    guide = published.page(GUIDE)
    related = [a["href"] for a in guide.select("aside.cg-explore a")]
    assert related and published.url(GUIDE) not in related
    # Each shared tag weighs 1 / its carriers: "MLOps" (the guide and the LLMOps bank) counts
    # twice as much as "Interviews" (the three guides and a post).
    weights = [sum(1 / carriers[t] for t in tags(guide) & tags(published.page(
        href.removeprefix(published.url())))) for href in related]
    assert all(weights), dict(zip(related, weights, strict=True))  # the guide names none itself
    assert weights == sorted(weights, reverse=True), dict(zip(related, weights, strict=True))
    assert related[0] == published.url(BANK)  # the only other page about MLOps
    assert guide.select("nav.pager a[rel=prev]") and guide.select("nav.pager a[rel=next]")
