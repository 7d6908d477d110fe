"""Real builds into temporary folders: pages, feeds and failure behaviour as readers see them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from careerguides.readtime import count_words

GUIDE_URL = "guides/backend-engineer-interview-questions/"
FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml")


@pytest.fixture
def built(fixture_site):
    result, printed = fixture_site.build()
    assert result.ok, printed
    return fixture_site


def guide_body(soup: BeautifulSoup) -> BeautifulSoup:
    """The generated body inside the page layout: the parent of the intro section."""
    return soup.select_one("section.cg-intro").parent


def shown_minutes(soup: BeautifulSoup) -> int:
    text = soup.select_one(".cg-readtime").get_text(" ", strip=True)
    return int(text.split()[0])


def test_guide_page_has_title_meta_toc_and_sections(built):
    soup = built.page(GUIDE_URL)
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == [
        "Backend Engineer Interview Questions (2026)"]
    assert soup.html["lang"] == "en"
    main = soup.find("main")
    assert main is not None and main.get("id") == "main"
    assert soup.select_one("a[href='#main']") is not None  # skip link
    meta = soup.find("article").get_text(" ", strip=True)
    for fact in ("Career Guides", "Ada Example", "min read"):
        assert fact in meta
    assert soup.select_one("time[datetime^='2026-03-01']") is not None
    assert soup.select_one("time[datetime^='2026-03-15']") is not None  # modified
    assert "API design" in soup.select_one(".cg-standfirst").get_text()
    toc = [a["href"] for a in soup.select("nav[aria-label=Contents] a")]
    sections = [f"#{s['id']}" for s in soup.select("section.cg-area, section.cg-behavioral, "
                                                      "section.cg-prepare")]
    assert toc == sections and len(toc) == 5
    assert all(len(a.select("li.cg-question")) >= 5 for a in soup.select("section.cg-area"))


def test_read_time_matches_the_words_on_the_page(built):
    soup = built.page(GUIDE_URL)
    words = count_words(str(guide_body(soup)))
    assert shown_minutes(soup) == max(1, -(-words // 238))
    # The index card shows the same figure.
    card = next(c for c in built.page("/").select("article")
                if "Backend Engineer" in c.get_text())
    assert shown_minutes(card) == shown_minutes(soup)


def test_hand_written_post_gets_read_time_and_resolved_links(built):
    soup = built.page("blog/hello-readers/")
    assert soup.select_one(".cg-readtime") is not None
    link = soup.select_one(f"a[href$='/{GUIDE_URL}']")
    assert link is not None


def test_script_from_an_outline_never_reaches_the_page(built):
    html = (built.output / GUIDE_URL / "index.html").read_text()
    assert "alert(" not in html and "javascript:" not in html
    assert "why is &lt;div&gt; relevant?" in html


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_parse_with_full_content_and_read_time(built, path):
    feed = feedparser.parse((built.output / path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    assert titles == ["Backend Engineer Interview Questions (2026)", "Hello readers"]
    guide = feed.entries[0]
    content = guide.content[0].value
    for heading in ("API design questions", "Kubernetes operations questions",
                    "Behavioral questions", "How to prepare"):
        assert heading in content
    assert "min read" in content
    assert guide.link.startswith("http") and guide.link.endswith(GUIDE_URL)
    assert guide.published_parsed[:3] == (2026, 3, 1)
    assert guide.updated_parsed[:3] == (2026, 3, 15)


def test_feed_dates_carry_a_time_zone(built):
    atom = (built.output / FEEDS[0]).read_text()
    assert "<updated>2026-03-15T00:00:00+00:00</updated>" in atom
    rss = (built.output / FEEDS[1]).read_text()
    assert "+0000</pubDate>" in rss


def test_every_page_advertises_the_feeds(built):
    pages = list(built.output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        types = {link["type"] for link in soup.select("link[rel=alternate]")}
        assert {"application/atom+xml", "application/rss+xml"} <= types, page


def test_every_feed_file_is_ours_not_pelicans(built):
    # Pelican's own feeds would use the same paths; ours carry our generator and stylesheet.
    files = sorted((built.output / "feeds").rglob("*.xml"))
    assert len(files) >= 8
    for path in files:
        text = path.read_text()
        assert "Career Guides</generator>" in text or ">Career Guides<" in text, path
        assert "<?xml-stylesheet" in text, path


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.rglob("*") if p.is_file()
    }


def test_a_broken_outline_fails_and_leaves_the_previous_site_untouched(built):
    before = snapshot(built.output)
    built.write("guides/broken.yaml", "title: Broken\nrole: X\ndate: 2026-01-01\n"
                                      "competencies:\n  - name: A\n    questions:\n"
                                      "      tradoff: [Which one?]\n")
    result, printed = built.build()
    assert not result.ok
    assert "broken.yaml:7:7: error: unknown question category 'tradoff'" in printed
    assert "Traceback" not in printed
    assert snapshot(built.output) == before
    assert not list(built.root.glob(".output.*"))  # staging cleaned up


def test_rebuild_rewrites_only_what_changed(built):
    before = snapshot(built.output)
    result, _ = built.build()
    assert result.ok and result.written == 0 and result.removed == 0
    assert snapshot(built.output) == before


def test_a_path_that_turns_from_a_file_into_a_folder_and_back_is_synced(fixture_site):
    """output/ ends as a clean build would write it, whichever way a path changes kind."""
    for save_as in ("notes", "notes/index.html", "notes"):
        fixture_site.write("posts/notes.md", f"Title: Notes\nDate: 2026-01-01\n"
                                             f"Save_as: {save_as}\n\nSome {save_as} text.\n")
        result, printed = fixture_site.build()
        assert result.ok, printed
        assert f"Some {save_as} text." in (fixture_site.output / save_as).read_text()
        served = tree(fixture_site.output)
        fixture_site.output.rename(fixture_site.root / "previous")
        result, printed = fixture_site.build()  # clean: nothing in output/ to keep
        assert result.ok, printed
        assert tree(fixture_site.output) == served
        shutil.rmtree(fixture_site.output)
        (fixture_site.root / "previous").rename(fixture_site.output)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("careerguides")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_cli_reports_every_problem_with_file_and_line_and_exits_non_zero(fixture_site):
    fixture_site.write("guides/bad.yaml", "title: 42\nrole: X\ndate: 2026-01-01\nsumary: x\n"
                                          "competencies: []\n")
    proc = run_cli("build", "-s", str(fixture_site.settings_file()), "-o", "out",
                   cwd=fixture_site.root)
    assert proc.returncode == 1
    err = proc.stderr
    assert "content/guides/bad.yaml:1:8: error: 'title' should be text" in err
    assert "content/guides/bad.yaml:4:1: error: unknown key 'sumary'" in err
    assert "content/guides/bad.yaml:5:15: error: 'competencies' needs at least 1 item" in err
    assert "Traceback" not in err + proc.stdout
    assert not (fixture_site.root / "out").exists()


def test_cli_reports_bad_settings_without_traceback(fixture_site):
    settings = fixture_site.settings_file(extra='CAREER_GUIDES = {"WMP": 200}')
    proc = run_cli("build", "-s", str(settings), "-o", "out", cwd=fixture_site.root)
    assert proc.returncode == 1
    assert "unknown key 'WMP'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_post_slug_cannot_write_outside_output(fixture_site):
    fixture_site.write("posts/evil.md", "Title: Evil\nDate: 2026-01-01\nSlug: ../../../evil\n\nx\n")
    result, printed = fixture_site.build()
    assert not result.ok, printed
    assert "would be written outside output path" in printed
    for folder in (fixture_site.root, fixture_site.root.parent, fixture_site.root.parent.parent):
        assert not (folder / "evil").exists()
    assert not fixture_site.output.exists()


def test_drafts_stay_out_of_listings_and_feeds(fixture_site):
    fixture_site.write("guides/draft.yaml", "title: Secret draft guide\nrole: X\n"
                                            "date: 2026-01-01\nstatus: draft\ncompetencies: [A]\n")
    result, printed = fixture_site.build()
    assert result.ok, printed
    for path in ("index.html", *FEEDS):
        assert "Secret draft guide" not in (fixture_site.output / path).read_text()



def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_outline_linking_a_static_file_and_a_page_gets_both(fixture_site):
    """Bodies are held compressed during a build, but one with a {static} or {filename} link is
    held as Pelican reads it: the linked file is published (it is outside STATIC_PATHS) and
    both links point where the files are published."""
    (fixture_site.content / "diagrams").mkdir()
    (fixture_site.content / "diagrams" / "flow.svg").write_text("<svg/>", encoding="utf-8")
    guide = fixture_site.content / "guides" / "backend.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "    tip: Own it, then explain the fix.",
        "    tip: 'Own it, then sketch the fix: ![flow]({static}/diagrams/flow.svg), and read"
        " [about]({filename}/pages/about.md).'"), encoding="utf-8")
    for _ in range(2):  # a first build, then one from the content cache
        result, printed = fixture_site.build()
        assert result.ok, printed
        assert (fixture_site.output / "diagrams" / "flow.svg").read_text() == "<svg/>"
        page = BeautifulSoup((fixture_site.output / "guides" / "backend-engineer-interview-questions"
                              / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.select_one('img[alt="flow"]')["src"] == "/diagrams/flow.svg"
        assert page.find("a", string="about")["href"] == "/about/"


def test_worker_processes_write_the_same_site_as_one_process(fixture_site):
    fixture_site.write("questions/sql.yaml", "title: SQL\ntopic: SQL\ndate: 2026-01-01\n"
                                             "questions:\n  - {q: What is a join?, level: beginner,"
                                             " answer: Rows matched.}\n")
    result, printed = fixture_site.build(extra='CAREER_GUIDES = {"WORKERS": 1}')
    assert result.ok, printed
    one = tree(fixture_site.output)
    result, printed = fixture_site.build(extra='CAREER_GUIDES = {"WORKERS": 2}')
    assert result.ok, printed
    assert result.written == 0
    assert tree(fixture_site.output) == one


def test_errors_found_in_a_worker_process_keep_their_location(fixture_site):
    fixture_site.write("guides/bad.yaml", "title: Bad\nrole: X\ndate: 2026-01-01\n"
                                          "competencies: [A]\nlevle: senior\n")
    result, printed = fixture_site.build(extra='CAREER_GUIDES = {"WORKERS": 2}')
    assert not result.ok
    assert "bad.yaml:5:1: error: unknown key 'levle'" in printed


def test_plain_pelican_command_works_with_the_installed_plugin(fixture_site):
    exe = Path(sys.executable).with_name("pelican")
    proc = subprocess.run([str(exe), "content", "-s", str(fixture_site.settings_file()),
                           "-o", "plain-out"], cwd=fixture_site.root, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = fixture_site.root / "plain-out"
    assert (out / GUIDE_URL / "index.html").exists()
    assert feedparser.parse((out / FEEDS[0]).read_bytes()).bozo == 0
