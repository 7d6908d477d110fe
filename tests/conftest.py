"""Fixtures: real sites built into temporary folders with the project's settings, theme and plugin."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from careerguides.build import BuildResult, build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from {base} import *  # noqa: F403

PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
{extra}
"""


@dataclass
class Site:
    """A site folder in tmp: content/, a settings file, and output/ after a build."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, rel: str, text: str) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def settings_file(self, extra: str = "", base: str = "pelicanconf") -> Path:
        """Settings from the project's ``base`` file (pelicanconf or publishconf), then ``extra``."""
        path = self.root / "settings.py"
        path.write_text(SETTINGS.format(root=str(ROOT), theme=str(ROOT / "theme"), base=base,
                                        plugins=str(ROOT / "plugins"), extra=extra))
        return path

    def build(self, extra: str = "", base: str = "pelicanconf", **overrides
              ) -> tuple[BuildResult, str]:
        """Build into output/; returns the result and what was printed."""
        stream = io.StringIO()
        settings = str(self.settings_file(extra, base))
        result = build_site(settings, str(self.output), overrides, stream)
        return result, stream.getvalue()

    def page(self, url: str) -> BeautifulSoup:
        path = self.output / url.strip("/") / "index.html" if not url.endswith(".html") else (
            self.output / url.strip("/"))
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty site; tests add content and build."""
    (tmp_path / "content").mkdir()
    return Site(tmp_path)


@pytest.fixture
def fixture_site(tmp_path: Path) -> Site:
    """The small fixture site (one guide, one post, one page), copied into tmp."""
    shutil.copytree(FIXTURES / "site" / "content", tmp_path / "content")
    return Site(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's own sample content, built once for the session."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", root / "content")
    built = Site(root)
    result, printed = built.build()
    assert result.ok, printed
    return built


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, through Playwright)."""
    from browser import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make test`, which installs it"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
