"""``sitemap.xml`` and ``robots.txt``, made from the pages this build actually wrote.

Every page Pelican's writer writes (articles, pages, question pages, listings and their later
pages) passes through ``content_written``; the ones :class:`~careerguides.seo.PageInfo` calls
indexable are noted with their last real change, and the sitemap is written once the build is
over. Pages may be rendered in forked worker processes (writer.py), so their notes go to a small
file that every worker appends to; the build's own process (which also announces the pages kept
from the last build) keeps its notes in memory. Drafts, the search page and the 404 page are left
out. Dates come from the content, never the clock: an unchanged site gets the same sitemap.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .seo import PageInfo

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass
class _Notes:
    """A build's notes: URL -> last change."""

    file: str  # where worker processes append theirs
    pid: int  # the build's own process, which keeps its notes in ``pages``
    pages: dict[str, str | None] = field(default_factory=dict)


# Output folder -> this build's notes (forked writers inherit this).
_notes: dict[str, _Notes] = {}


@functools.lru_cache(maxsize=16)  # realpath costs a stat per path component, once per page
def _key(folder: str) -> str:
    return os.path.realpath(folder)


def _drop(path: str | None) -> None:
    if path and os.path.exists(path):
        os.remove(path)


def start(pelican) -> None:
    """``initialized``: fresh notes for this build (a failed build may have left some)."""
    old = _notes.pop(_key(pelican.output_path), None)
    _drop(old.file if old else None)
    fd, path = tempfile.mkstemp(prefix="careerguides-pages-", suffix=".jsonl")
    os.close(fd)
    _notes[_key(pelican.output_path)] = _Notes(path, os.getpid())


def remember_page(path: str, context=None) -> None:
    """``content_written``: note an indexable HTML page and when its content last changed."""
    if context is None or not path.endswith(".html") or "OUTPUT_PATH" not in context:
        return
    notes = _notes.get(_key(context["OUTPUT_PATH"]))
    info = PageInfo(context, context)
    if notes is None or not info.indexable:
        return
    lastmod = info.lastmod.isoformat() if info.lastmod else None
    if os.getpid() == notes.pid:
        notes.pages[info.url] = lastmod
        return
    with open(notes.file, "a", encoding="utf-8") as fh:  # one short append: safe across processes
        fh.write(json.dumps([info.url, lastmod]) + "\n")


def _read_notes(path: str | None) -> dict[str, str | None]:
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return dict(json.loads(line) for line in fh if line.strip())


def render_sitemap(pages: dict[str, str | None], site: str) -> str:
    """The sitemap XML: the home page first, then every URL in order."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for url in sorted(pages, key=lambda u: (u != "", u)):
        lastmod = pages[url]
        stamp = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(f'{site}/{url}')}</loc>{stamp}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(sitemap_url: str | None) -> str:
    """Everything may be crawled; the sitemap is named when its URL is absolute."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_sitemap(pelican) -> None:
    """``finalized``: write ``SITEMAP_SAVE_AS`` and ``ROBOTS_SAVE_AS`` (None turns one off)."""
    settings = pelican.settings
    notes = _notes.pop(_key(pelican.output_path), None)
    try:
        pages = {**_read_notes(notes.file), **notes.pages} if notes else {}
    finally:
        _drop(notes.file if notes else None)
    info = PageInfo({}, settings)
    sitemap_as = settings.get("SITEMAP_SAVE_AS", "sitemap.xml")
    robots_as = settings.get("ROBOTS_SAVE_AS", "robots.txt")
    if sitemap_as:
        _write(os.path.join(pelican.output_path, sitemap_as), render_sitemap(pages, info.site))
        logger.debug("careerguides: sitemap lists %d pages", len(pages))
    if robots_as:
        named = info.abs(sitemap_as) if sitemap_as and info.absolute_site else None
        _write(os.path.join(pelican.output_path, robots_as), render_robots(named))
