"""The page cache: unchanged pages are taken from the last good build, never stale ones.

After each kind of edit a cached build must equal a clean build byte for byte; a page is kept
only if output/ still has the file the last build left there; a failed build's keys are forgotten."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Site

from careerguides.build import build_site
from careerguides.writer import page_kept

GUIDE = "guides/mlops-engineer-interview-questions/index.html"
NO_SEARCH = "PAGEFIND = False\n"  # the search index has its own cache tests (test_search_shards.py)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def manifest(site: Site) -> Path:
    (found,) = (site.root / "cache").glob("cg-*/pages.json")
    return found


@pytest.fixture
def sample(tmp_path: Path) -> Site:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    return Site(tmp_path)


def settings(site: Site, extra: str = "") -> str:
    return NO_SEARCH + f"THEME = {str(site.root / 'theme')!r}\n" + extra


def build(site: Site, extra: str = "") -> None:
    result, printed = site.build(settings(site, extra))
    assert result.ok, printed


def assert_same_as_clean(site: Site, extra: str = "") -> None:
    clean = site.root / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    result = build_site(str(site.settings_file(settings(site, extra))), str(clean), {},
                        io.StringIO(), cache=False)
    assert result.ok, result.errors
    assert tree(site.output) == tree(clean)


def edit(site: Site, rel: str, old: str, new: str) -> None:
    path = site.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unchanged_pages_come_from_the_last_build_and_only_if_output_still_has_them(sample):
    build(sample)
    page = sample.output / GUIDE
    keys = json.loads(manifest(sample).read_text())
    assert GUIDE in keys and "feeds/all.atom.xml" in keys and len(keys) > 20

    # Pretend the last build wrote other bytes for the guide: the next build keeps them, and
    # does not even write the page into its staging folder (the file is the same inode).
    marked = page.read_bytes() + b"<!-- from the last build -->\n"
    page.write_bytes(marked)
    st = page.stat()
    keys[GUIDE][1:] = [st.st_size, st.st_mtime_ns, st.st_ino]
    manifest(sample).write_text(json.dumps(keys))
    build(sample)
    assert page.read_bytes() == marked and page.stat().st_ino == st.st_ino
    assert json.loads(manifest(sample).read_text())[GUIDE] == keys[GUIDE]

    # A file in output/ that the last build did not leave there (written since: a new
    # modification time) is never reused: the page is rendered.
    page.write_bytes(marked + b"<!-- edited by hand -->\n")
    build(sample)
    assert page.read_bytes() != marked and b"<!--" not in page.read_bytes()[-40:]
    assert_same_as_clean(sample)


def test_a_rebuild_keeps_unchanged_pages_without_rendering_or_writing_them(sample):
    """After one edit, every page that does not show the edit is kept: announced, not written.
    (On this small site every guide links to the edited one, so only listings and question pages
    are left as they were.)"""
    build(sample)
    edit(sample, "content/guides/mlops-engineer-interview-questions.yaml",
         "  What hiring managers ask", "  What interviewers ask")
    kept: list[str] = []

    def note(path, context=None):
        kept.append(os.path.relpath(path, context["OUTPUT_PATH"]))

    page_kept.connect(note)
    try:
        result, printed = sample.build(settings(sample))
    finally:
        page_kept.disconnect(note)
    assert result.ok, printed
    assert GUIDE not in kept and "index.html" not in kept  # both show the edited summary
    assert "tag/sql/index.html" in kept  # a listing without the edited guide
    question = next(n for n in kept if n.startswith("questions/kubernetes-interview-questions/"))
    assert (sample.output / question).is_file()
    assert len(kept) == len(set(kept)) > 100  # most of the ~150 pages, each once
    assert_same_as_clean(sample)


EDITS = [
    ("a guide's summary", "content/guides/mlops-engineer-interview-questions.yaml",
     "  What hiring managers ask", "  What interviewers ask"),
    ("a guide's title, shown on its neighbours and listings",
     "content/guides/data-engineer-interview-questions.yaml",
     "title: \"Data Engineer", "title: \"Senior Data Engineer"),
    ("a bank question", "content/questions/kubernetes-interview-questions.yaml",
     "What is a DaemonSet typically used for?", "When would you reach for a DaemonSet?"),
    ("a page's title, in every page's menu", "content/pages/about.md",
     "Title: ", "Title: All "),
    ("a theme template", "theme/templates/base.html", "</footer>", "<p>Edited footer</p></footer>"),
]


def test_each_kind_of_edit_gives_what_a_clean_build_gives(sample):
    build(sample)
    for what, rel, old, new in EDITS:
        before = tree(sample.output)
        edit(sample, rel, old, new)
        build(sample)
        assert tree(sample.output) != before, what
        assert_same_as_clean(sample)


def test_listings_page_by_page_and_feeds_on_worker_processes_match_a_clean_build(sample):
    """Each page of a listing is a job of its own, and the feeds are written by the workers
    too: the bytes are those of Pelican's own pagination loop, first build and rebuild alike."""
    extra = "DEFAULT_PAGINATION = 2\nCAREER_GUIDES = {'WORKERS': 2}\n"
    build(sample, extra)
    assert (sample.output / "page" / "3" / "index.html").is_file()
    assert_same_as_clean(sample, extra)
    # A newer date moves the guide to the front of every listing it is on.
    edit(sample, "content/guides/site-reliability-engineer-interview-questions.yaml",
         "date: 2026-05-10", "date: 2026-11-01")
    build(sample, extra)
    assert_same_as_clean(sample, extra)


def test_a_setting_tags_and_removed_or_added_outlines(sample):
    build(sample)
    build(sample, 'SITENAME = "Interview Guides"')
    assert_same_as_clean(sample, 'SITENAME = "Interview Guides"')
    edit(sample, "content/guides/site-reliability-engineer-interview-questions.yaml",
         "tags: [", "tags: [Observability, ")
    build(sample)
    assert_same_as_clean(sample)
    moved = sample.root / "data.yaml"
    (sample.content / "guides" / "data-engineer-interview-questions.yaml").rename(moved)
    build(sample)
    assert_same_as_clean(sample)
    moved.rename(sample.content / "guides" / "data-again.yaml")
    build(sample)
    assert_same_as_clean(sample)


def test_a_failed_build_forgets_its_keys(sample):
    build(sample)
    keys = manifest(sample).read_bytes()
    edit(sample, "content/guides/mlops-engineer-interview-questions.yaml", "  What hiring managers ask",
         "  What interviewers ask")
    edit(sample, "content/questions/kubernetes-interview-questions.yaml", "level: beginner",
         "level: expert")
    result, _ = sample.build(settings(sample))
    assert not result.ok
    assert manifest(sample).read_bytes() == keys
    assert not list((sample.root / "cache").glob("cg-*/pages.json.new"))


def write(site: Site, rel: str, text: str) -> None:
    path = site.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_moved_link_target_re_renders_the_pages_linking_to_it(sample):
    write(sample, "content/pages/secret.md", "Title: Secret\nSlug: secret\nStatus: hidden\n\nHi.\n")
    write(sample, "content/posts/linker.md", "Title: Linker\nDate: 2026-01-02\nCategory: Advice\n\n"
          "See [the page]({filename}/pages/secret.md).\n")
    build(sample)
    edit(sample, "content/pages/secret.md", "Slug: secret", "Slug: moved-secret")
    build(sample)
    assert 'href="/moved-secret/"' in (sample.output / "blog/linker/index.html").read_text()
    assert_same_as_clean(sample)


def test_a_changed_jinja_filter_re_renders_what_uses_it(sample):
    edit(sample, "theme/templates/base.html", "</footer>", "<p>{{ SITENAME | shout }}</p></footer>")
    upper = "def shout(s):\n    return s.upper()\nJINJA_FILTERS = {'shout': shout}\n"
    build(sample, upper)
    assert "CAREER GUIDES" in (sample.output / GUIDE).read_text()
    lower = upper.replace("upper()", "lower()")
    build(sample, lower)
    assert "career guides" in (sample.output / GUIDE).read_text()
    assert_same_as_clean(sample, lower)


def test_a_second_write_to_a_reused_page_never_writes_through_into_output(sample):
    write(sample, "content/pages/a-home.md", "Title: Home\nSlug: home\nStatus: hidden\n\nWelcome home.\n")
    build(sample)
    home = sample.output / "index.html"
    witness = sample.root / "witness.html"
    os.link(home, witness)  # the file output/ has now: it must never change in place
    before = witness.read_bytes()
    # The hidden page now saves over the home page, which the build reuses (a linked file).
    edit(sample, "content/pages/a-home.md", "Status: hidden\n", "Status: hidden\nSave_as: index.html\n")
    build(sample)
    assert b"Welcome home." in home.read_bytes()
    assert witness.read_bytes() == before  # replaced by a new file, not written through
    assert_same_as_clean(sample)


def test_pages_on_one_path_fail_the_build_with_worker_processes_too(sample):
    build(sample, "CAREER_GUIDES = {'WORKERS': 2}")
    before = tree(sample.output)
    write(sample, "content/pages/clash.md", "Title: Clash\nSlug: category/advice\nStatus: hidden\n\nx\n")
    result, printed = sample.build(settings(sample, "CAREER_GUIDES = {'WORKERS': 2}"))
    assert not result.ok and "category/advice/index.html" in printed
    assert tree(sample.output) == before


def test_the_site_key_is_the_same_in_every_process(tmp_path):
    """Sets (Pelican's static_links) are written in hash order, which differs between processes."""
    script = ("from careerguides.pagecache import Digests, site_digest\n"
              "print(site_digest({'static_links': {f'images/{i}.png' for i in range(20)}}, Digests()))")
    keys = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in "123"}
    assert len(keys) == 1
