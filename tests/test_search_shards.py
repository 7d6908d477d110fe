"""A sharded search index: every page in exactly one shard, unchanged shards reused byte for byte,
the search page merging them all (in Chromium), and a cached build equal to a clean one."""

from __future__ import annotations

import io
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from browser import serve
from bs4 import BeautifulSoup
from conftest import ROOT, Site

from careerguides.build import build_site
from careerguides.drafts import preview_drafts
from careerguides.searchshards import html_files, indexable_pages, shard_count, shard_of

PER_SHARD = 40  # the sample's ~130 searchable pages make four shards
EXTRA = f"PAGEFIND_SHARD_PAGES = {PER_SHARD}"
EDITED = "questions/kubernetes-interview-questions.yaml"


def shard_store(site: Site) -> list[Path]:
    """The shards kept in the build cache (folders; the store also keeps a memo of its pages)."""
    return [p for p in (site.root / "cache").glob("cg-*/search/*") if p.is_dir()]


def bundles(output: Path) -> dict[str, Path]:
    """Shard folder name ("" for the main bundle) -> bundle folder, as the search page finds them."""
    main = output / "pagefind"
    names = json.loads((main / "shards.json").read_text())
    return {"": main, **{name: main / name for name in names}}


def page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    return sum(lang["page_count"] for lang in entry["languages"].values())


def files(bundle: Path) -> dict[str, bytes]:
    return {str(p.relative_to(bundle)): p.read_bytes() for p in bundle.rglob("*")
            if p.is_file() and (p.parent == bundle or p.parent.parent == bundle)
            and not p.relative_to(bundle).parts[0].isdigit()}


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("sharded")
    shutil.copytree(ROOT / "content", root / "content")
    site = Site(root)
    result, printed = site.build(EXTRA)
    assert result.ok, printed
    return site


def test_every_searchable_page_is_in_exactly_one_shard(sharded):
    pages = indexable_pages(html_files(str(sharded.output), "pagefind"), {})
    found = bundles(sharded.output)
    assert len(found) == shard_count(len(pages), PER_SHARD) == 4
    assert sum(page_count(b) for b in found.values()) == len(pages)
    assert all(b.joinpath("pagefind.js").is_file() for b in found.values())


def test_an_edit_reindexes_only_the_shards_whose_pages_changed(sharded, tmp_path):
    site = Site(tmp_path)
    shutil.copytree(sharded.content, site.content)
    site.build(EXTRA)
    before = {name: files(b) for name, b in bundles(site.output).items()}
    pages_before = indexable_pages(html_files(str(site.output), "pagefind"), {})
    kept = {p.name for p in shard_store(site)}
    for shard in shard_store(site):
        (shard / "reused.txt").touch()  # travels into output/ only with a shard that is not rebuilt

    path = site.content / EDITED
    path.write_text(path.read_text().replace("What is a DaemonSet typically used for?",
                                             "What is a DaemonSet used for, and when not?"))
    result, printed = site.build(EXTRA)
    assert result.ok, printed
    pages_after = indexable_pages(html_files(str(site.output), "pagefind"), {})
    changed = {shard_of(rel, 4) for rel in pages_after if pages_before.get(rel) != pages_after[rel]}
    assert 0 < len(changed) < 4
    shards = {p.name for p in shard_store(site)}
    assert kept < shards and len(shards - kept) == len(changed)  # indexed anew; the old ones kept
    used = shards_of(site)
    assert len(used) == 4 and shards - used == kept - used != set()
    after = {name: files(b) for name, b in bundles(site.output).items()}
    for name, content in after.items():
        reused = content.pop("reused.txt", None) is not None
        # The main bundle ("") is shard 0 on this site.
        assert reused == (int(name.rstrip("/") or 0) not in changed), name
        if reused:
            assert content == before[name], name

    clean = tmp_path / "clean"
    result = build_site(str(site.settings_file(EXTRA)), str(clean), {}, io.StringIO(), cache=False)
    assert result.ok, result.errors
    for name, content in after.items():
        assert files(clean / "pagefind" / name) == content

    result, printed = site.build(EXTRA)  # the shards replaced a build ago are pruned now
    assert result.ok, printed
    assert {p.name for p in shard_store(site)} == used


def shards_of(site: Site) -> set[str]:
    """The shards the last build used, as its memo in the store records them."""
    (memo,) = (site.root / "cache").glob("cg-*/search/pages.json")
    return set(json.loads(memo.read_text())["shards"])


def test_a_drafts_preview_leaves_the_next_build_its_shards(sharded, tmp_path):
    site = Site(tmp_path)
    shutil.copytree(sharded.content, site.content)
    site.write("guides/unpublished.yaml", "title: Unpublished Guide\nrole: Draft Role\n"
                                          "date: 2026-01-01\nstatus: draft\ncompetencies: [A]\n")
    result, printed = site.build(EXTRA)
    assert result.ok, printed
    for shard in shard_store(site):
        (shard / "reused.txt").touch()
    with preview_drafts():
        result, printed = site.build(EXTRA)
    assert result.ok, printed
    assert "Unpublished Guide" in (site.output / "guides/unpublished-guide/index.html").read_text()
    assert [b for b in bundles(site.output).values() if not (b / "reused.txt").exists()]

    result, printed = site.build(EXTRA)  # as before the preview: nothing to index again
    assert result.ok, printed
    assert not (site.output / "guides/unpublished-guide").exists()
    assert all((b / "reused.txt").exists() for b in bundles(site.output).values())


def test_search_finds_pages_of_every_shard_and_filters_across_them(browser, sharded):
    pages = indexable_pages(html_files(str(sharded.output), "pagefind"), {})
    questions = sorted(rel for rel in pages if rel.startswith("questions/") and rel.count("/") == 3)
    with serve(sharded.output) as base:
        tab = browser.new_page()
        try:
            for shard in range(4):
                rel = next(r for r in questions if shard_of(r, 4) == shard)
                html = (sharded.output / rel).read_text(encoding="utf-8")
                title = BeautifulSoup(html, "html.parser").h1.get_text(" ", strip=True)
                tab.goto(f"{base}/search/?q={quote_plus(title)}&kind=Question")
                tab.wait_for_selector(".cg-results a")
                hrefs = tab.eval_on_selector_all(".cg-results a", "els => els.map(e => e.href)")
                assert f"{base}/{rel.removesuffix('index.html')}" in hrefs, (shard, title)
                assert all("/questions/" in h and h.count("/") == 6 for h in hrefs), hrefs
        finally:
            tab.close()


# index_site with a stand-in for Pagefind that notes its pid and hangs, on four one-page shards.
HANGING_INDEX = """\
import sys

from careerguides.searchshards import index_site

site, pids = sys.argv[1:]
hang = ("import os, sys, time; open(os.path.join(sys.argv[1], str(os.getpid())), 'w').close(); "
        "time.sleep(600)")
index_site(site, "pagefind", lambda folder, bundle: [sys.executable, "-c", hang, pids],
           salt="test", per_shard=1, cache_dir=None, timeout=900)
"""


def test_an_interrupted_index_stops_the_runs_under_way_and_starts_no_more(tmp_path):
    """Ctrl-C during indexing (serve stopping a build) must not wait for every shard queued:
    the build has seconds to clean up before it is killed."""
    site, pids = tmp_path / "site", tmp_path / "pids"
    pids.mkdir()
    for n in range(4):
        (site / f"p{n}").mkdir(parents=True)
        (site / f"p{n}" / "index.html").write_text(f"<main data-pagefind-body>page {n}</main>")
    proc = subprocess.Popen([sys.executable, "-c", HANGING_INDEX, str(site), str(pids)],
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2:  # two shards at a time
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read()
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=30)[1]
    finally:
        proc.kill()
    assert "KeyboardInterrupt" in err
    started = [int(p.name) for p in pids.iterdir()]
    assert len(started) == 2  # none started after the interrupt
    for pid in started:  # each killed (a zombie until reaped counts as gone)
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "State:\tZ" in status.read_text()
