"""The content cache never serves stale output: cached builds equal clean ones, and every input
(outline, setting, template, plugin code) invalidates what depends on it."""

from __future__ import annotations

import io
from pathlib import Path

from careerguides import buildcache
from careerguides.build import build_site

GUIDE = "guides/backend-engineer-interview-questions/"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def clean_build(site, out: Path, extra: str = "") -> dict[str, bytes]:
    result = build_site(str(site.settings_file(extra)), str(out), {}, io.StringIO(), cache=False)
    assert result.ok, result.errors
    return tree(out)


def test_cached_rebuild_equals_a_clean_build(fixture_site, tmp_path):
    for _ in range(2):  # the second build reads every outline from the cache
        result, printed = fixture_site.build()
        assert result.ok, printed
    assert list((fixture_site.root / "cache").glob("cg-*"))
    assert tree(fixture_site.output) == clean_build(fixture_site, tmp_path / "clean")


def test_an_edited_outline_is_read_again(fixture_site, tmp_path):
    fixture_site.build()
    path = fixture_site.content / "guides" / "backend.yaml"
    path.write_text(path.read_text().replace("API design\n", "API versioning\n"))
    result, printed = fixture_site.build()
    assert result.ok, printed
    assert "API versioning questions" in fixture_site.page(GUIDE).get_text()
    assert tree(fixture_site.output) == clean_build(fixture_site, tmp_path / "clean")


def test_a_changed_setting_invalidates_the_cache(fixture_site):
    fixture_site.build()
    extra = 'CAREER_GUIDES = {"SENTENCES": {"area_heading": "Practise {area_title}"}}'
    result, printed = fixture_site.build(extra=extra)
    assert result.ok, printed
    assert "Practise API design" in fixture_site.page(GUIDE).get_text()
    assert len(list((fixture_site.root / "cache").glob("cg-*"))) == 1  # the old one is gone


def test_a_changed_theme_template_shows_on_the_next_build(fixture_site, tmp_path):
    theme = tmp_path / "theme"
    import shutil

    from conftest import ROOT
    shutil.copytree(ROOT / "theme", theme)
    extra = f"THEME = {str(theme)!r}"
    fixture_site.build(extra=extra)
    guide = theme / "templates" / "guide.html"
    text = guide.read_text()
    assert '<nav class="toc"' in text
    guide.write_text(text.replace('<nav class="toc"', '<nav class="toc" data-edited'))
    result, printed = fixture_site.build(extra=extra)
    assert result.ok, printed
    assert fixture_site.page(GUIDE).select_one("nav[data-edited]") is not None


def test_plugin_code_and_settings_are_in_the_fingerprint():
    names = {e.name for e in buildcache._files(buildcache.resources.files("careerguides"))}
    assert {"reader.py", "generate.py", "guide_body.html", "bank_body.html"} <= names
    base = {"SITENAME": "A", "OUTPUT_PATH": "/tmp/x", "JINJA_FILTERS": {"f": print}}
    assert buildcache.fingerprint(base) == buildcache.fingerprint({**base, "OUTPUT_PATH": "/y"})
    assert buildcache.fingerprint(base) != buildcache.fingerprint({**base, "SITENAME": "B"})


def test_a_failed_incremental_build_keeps_the_last_good_site(fixture_site):
    fixture_site.build()
    before = tree(fixture_site.output)
    path = fixture_site.content / "guides" / "backend.yaml"
    path.write_text(path.read_text() + "unknown_key: 1\n")
    result, printed = fixture_site.build()
    assert not result.ok and "unknown key 'unknown_key'" in printed
    assert tree(fixture_site.output) == before


def test_what_pelican_caches_does_not_depend_on_today(fixture_site):
    """Pelican keeps a reader's output until the file changes; a scheduled outline becomes
    published as days pass, so the reader must give its public URL whatever the date
    (drafts get DRAFT_URL later, in the generator)."""
    from pelican.settings import read_settings

    from careerguides.reader import OutlineReader

    path = fixture_site.write("guides/future.yaml", "title: Future Guide\nrole: X\n"
                              "date: 2099-01-01\ncompetencies: [Testing]\n")
    settings = read_settings(str(fixture_site.settings_file("WITH_FUTURE_DATES = False")))
    _body, meta = OutlineReader(settings).read(str(path))
    assert meta["url"] == "guides/future-guide/"
    result, printed = fixture_site.build("WITH_FUTURE_DATES = False")
    assert result.ok, printed
    assert (fixture_site.output / "drafts/future-guide/index.html").exists()
    assert not (fixture_site.output / "guides/future-guide").exists()


def test_settings_pelican_cannot_pickle_never_break_the_next_build(fixture_site):
    # Pelican fails to save its cache (a lambda among the settings) and leaves an empty file.
    extra = "JINJA_FILTERS = {'same': lambda s: s}"
    for _ in range(3):
        result, printed = fixture_site.build(extra)
        assert result.ok, printed


# A plugin that, while a POISON file sits beside the settings, puts in Pelican's reader cache a
# large value and then one pickle cannot write: Pelican's save stops after writing the first,
# as a build stopped mid-save (Ctrl-C, serve's SIGKILL) does.
POISON = """\
import os
import threading

from pelican import signals


def poison(generator):
    if os.path.exists(os.path.join(os.path.dirname(generator.settings["PATH"]), "POISON")):
        generator.readers._cache["big"] = "x" * 300_000
        generator.readers._cache["unpicklable"] = threading.Lock()


def register():
    signals.article_generator_pretaxonomy.connect(poison)
"""


def test_a_cache_save_cut_short_never_breaks_the_next_build(fixture_site, tmp_path):
    plugins = tmp_path / "more-plugins"
    plugins.mkdir()
    (plugins / "poison.py").write_text(POISON)
    extra = (f"PLUGIN_PATHS = PLUGIN_PATHS + [{str(plugins)!r}]\n"
             'PLUGINS = ["careerguides", "poison"]')
    result, printed = fixture_site.build(extra)
    assert result.ok, printed
    path = fixture_site.content / "guides" / "backend.yaml"
    path.write_text(path.read_text().replace("API design\n", "API versioning\n"))
    (fixture_site.root / "POISON").touch()
    result, printed = fixture_site.build(extra)
    assert result.ok and "Could not save cache" in printed, printed
    (fixture_site.root / "POISON").unlink()
    for _ in range(2):
        result, printed = fixture_site.build(extra)
        assert result.ok, printed
    assert "API versioning questions" in fixture_site.page(GUIDE).get_text()
    assert not list((fixture_site.root / "cache").rglob("*.part"))
