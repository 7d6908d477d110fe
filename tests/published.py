"""The repository's sample site as ``make publish`` builds it, once per session, served on loopback.

A pytest plugin (``pytest_plugins = ["published"]`` in the test modules that use it), so that every
module shares one build. The server's port is chosen first and the site is built with that
address as SITEURL: canonical URLs, the sitemap and every absolute link then point at the server,
as they point at the real host once published, and Lighthouse or a crawler can follow them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import serve
from bs4 import BeautifulSoup
from conftest import ROOT, Site


@dataclass
class Published:
    site: Site
    base: str  # http://127.0.0.1:PORT, also the build's SITEURL

    @property
    def output(self) -> Path:
        return self.site.output

    def url(self, path: str = "") -> str:
        return f"{self.base}/{path}"

    def page(self, path: str) -> BeautifulSoup:
        return self.site.page(path)

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def path_of(self, file: Path) -> str:
        """The URL path a file is served at: ``guides/x/index.html`` -> ``guides/x/``."""
        rel = file.relative_to(self.output).as_posix()
        return rel.removesuffix("index.html")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    root = tmp_path_factory.mktemp("published")
    shutil.copytree(ROOT / "content", root / "content")
    site = Site(root)
    with serve(site.output) as base:
        result, printed = site.build(base="publishconf", SITEURL=base)
        assert result.ok, printed
        yield Published(site, base)
