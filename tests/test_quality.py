"""The published sample site, measured: valid HTML and CSS (Nu Html Checker), no serious or
critical accessibility violations (axe-core in Chromium, light and dark), no broken internal
link or anchor, light pages, and Lighthouse scores on a guide."""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from audits import axe, by_impact, describe, failing_audits, lighthouse, vnu
from bs4 import BeautifulSoup
from sample_pages import BANK, GUIDE, QUESTION

pytest_plugins = ["published"]

AXE_PAGES = ["", GUIDE, BANK, QUESTION, "search/?q=kubernetes", "404.html", "questions/",
             "tag/mlops/"]
LINKS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))
BUDGET = 100_000  # raw bytes of HTML + CSS + JS a page needs, before images: every page
LIGHTHOUSE_MIN = 0.95


def soup_of(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def test_nu_html_checker_finds_no_error(published):
    files = [*published.html_files(), published.output / "theme" / "css" / "main.css"]
    errors = vnu(files)
    assert errors == [], "\n".join(f"{e.get('url', '')}:{e.get('lastLine')}: {e['message']}"
                                   for e in errors[:20])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_main_kinds_of_page(browser, published, scheme):
    context = browser.new_context(color_scheme=scheme)
    for path in AXE_PAGES:
        page = context.new_page()
        page.goto(published.url(path))
        if path == "search/?q=kubernetes":
            page.wait_for_selector(".cg-result")
        if path in (GUIDE, BANK):  # with the controls practice mode adds
            page.get_by_role("button", name="Practice mode").click()
        violations = axe(page)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{scheme} /{path}: {by_impact(violations)}\n{describe(serious)}"
        page.close()
    context.close()


def test_axe_does_see_a_violation(browser, published):
    # Guards the test above: an image without alt text must be reported.
    page = browser.new_page()
    page.goto(published.url())
    page.evaluate("document.querySelector('main').append(Object.assign("
                  "document.createElement('img'), {src: 'x.png'}))")
    assert "image-alt" in {v["id"] for v in axe(page)}
    page.close()


def internal_links(published):
    """(page, URL without fragment, fragment) for every link that stays on the site."""
    for file in published.html_files():
        here, soup = published.url(published.path_of(file)), soup_of(file)
        for tag, attr in LINKS:
            for element in soup.find_all(tag, attrs={attr: True}):
                url, fragment = urldefrag(urljoin(here, element[attr]))
                if url.startswith(published.url()):
                    yield file, url, fragment


def file_for(published, url: str) -> Path:
    path = published.output / urlsplit(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def test_no_broken_internal_link_or_anchor(published):
    ids: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for page, url, fragment in internal_links(published):
        target = file_for(published, url)
        checked += 1
        if not target.is_file():
            broken.append(f"{page.relative_to(published.output)}: {url} (no such file)")
        elif fragment and target.suffix == ".html":
            if target not in ids:
                ids[target] = {e["id"] for e in soup_of(target).find_all(attrs={"id": True})}
            if fragment not in ids[target]:
                broken.append(f"{page.relative_to(published.output)}: {url}#{fragment} (no anchor)")
    assert checked > 1000
    assert broken == [], "\n".join(broken[:30])


def page_weight(published, file: Path) -> tuple[int, int]:
    """Raw and gzip'd bytes of a page's HTML, stylesheets and scripts (and the Pagefind library
    that search.js imports), as a browser downloads them."""
    soup = soup_of(file)
    assets = [e["href"] for e in soup.select("link[rel=stylesheet]")]
    assets += [e["src"] for e in soup.select("script[src]")]
    if soup.select_one("form[data-bundle]"):
        assets.append(soup.select_one("form[data-bundle]")["data-bundle"] + "pagefind.js")
    bodies = [file.read_bytes(), *(file_for(published, a).read_bytes() for a in assets)]
    return sum(map(len, bodies)), sum(len(gzip.compress(b)) for b in bodies)


def test_every_page_is_light(published):
    weights = {published.path_of(f): page_weight(published, f)[0] for f in published.html_files()}
    heavy = {path: raw for path, raw in weights.items() if raw >= BUDGET}
    assert heavy == {}, heavy
    # What a page loads counts: the search page with Pagefind's library, the 97-question bank
    # (its answers on their own pages) with its stylesheet and scripts.
    assert weights["search/"] > (published.output / "pagefind" / "pagefind.js").stat().st_size
    assert weights[BANK] > (published.output / BANK / "index.html").stat().st_size + 20_000


def test_lighthouse_scores_a_guide_at_95_or_more(published):
    categories = ("performance", "accessibility", "best-practices", "seo")
    reports = [lighthouse(published.url(GUIDE), categories)]

    def scores() -> dict[str, float]:
        return {name: statistics.median(r["categories"][name]["score"] for r in reports)
                for name in categories}

    # Performance is timed, and on a shared machine another job can slow one run (we saw 84
    # under a load of 9 on 2 cores, 99-100 otherwise): as Lighthouse's guidance on variability
    # advises, a low run is repeated and the median of three counts.
    if min(scores().values()) < LIGHTHOUSE_MIN:
        reports += [lighthouse(published.url(GUIDE), categories) for _ in range(2)]
    assert min(scores().values()) >= LIGHTHOUSE_MIN, (
        f"{scores()} over {len(reports)} run(s)\n" + "\n".join(failing_audits(reports[-1])))
