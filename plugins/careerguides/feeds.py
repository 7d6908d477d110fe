"""Atom and RSS feeds with feedgen: full content, absolute links, read time, stable ids and dates.

Pelican's own feed settings are off (see pelicanconf.py) so nothing is written twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from feedgen.feed import FeedGenerator

logger = logging.getLogger(__name__)

ATOM_PATH = "feeds/all.atom.xml"
RSS_PATH = "feeds/all.rss.xml"
DEV_SITEURL = "http://localhost:8000"  # feeds need absolute URLs even in a dev build


@dataclass(frozen=True)
class Site:
    """What a feed says about the site itself."""

    url: str  # absolute, no trailing slash
    name: str
    description: str
    language: str

    @classmethod
    def from_settings(cls, settings: Mapping) -> Site:
        url = (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or DEV_SITEURL).rstrip("/")
        return cls(url=url, name=settings.get("SITENAME", ""),
                   description=settings.get("SITESUBTITLE") or settings.get("SITENAME", ""),
                   language=settings.get("DEFAULT_LANG", "en"))


def feed_links(site_name: str) -> list[dict[str, str]]:
    """The feeds a page's ``<head>`` advertises for autodiscovery."""
    return [
        {"href": ATOM_PATH, "type": "application/atom+xml", "title": f"{site_name} (Atom)"},
        {"href": RSS_PATH, "type": "application/rss+xml", "title": f"{site_name} (RSS)"},
    ]


def add_feed_links(generator) -> None:
    """``generator_init`` handler: all generators share one context dict."""
    generator.context.setdefault("feeds", feed_links(generator.settings.get("SITENAME", "")))


def write_feeds(generator, writer=None) -> None:
    """``article_writer_finalized`` handler: the site-wide Atom and RSS feeds."""
    site = Site.from_settings(generator.settings)
    feed = build_feed(generator.articles, site)
    for path, render in ((ATOM_PATH, feed.atom_str), (RSS_PATH, feed.rss_str)):
        target = os.path.join(generator.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(render(pretty=True))
        logger.debug("careerguides: wrote %s", target)


def build_feed(articles: Sequence, site: Site, max_items: int | None = None) -> FeedGenerator:
    """A feed of ``articles`` (newest first), dated by its newest item, never by the clock.

    Args:
        articles: Pelican articles with tz-aware ``date`` (and optional ``modified``).
        site: the site's absolute URL, name, description and language.
        max_items: keep only the newest N items.
    """
    items = sorted(articles, key=updated, reverse=True)[:max_items]
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.id(site.url + "/")
    fg.title(site.name)
    fg.description(site.description or site.name)
    fg.link(href=site.url + "/", rel="alternate")
    fg.language(site.language)
    fg.generator("Career Guides")
    if items:
        newest = updated(items[0])
        fg.updated(newest)
        fg.lastBuildDate(newest)
    for article in items:
        _add_entry(fg, article, site)
    return fg


def updated(article) -> dt.datetime:
    """An item's last real change: ``modified`` when set, else ``date``."""
    return getattr(article, "modified", None) or article.date


def entry_id(article, site: Site) -> str:
    """A tag URI (RFC 4151): unchanged when the site moves from http to https or to a new port."""
    host = urlsplit(site.url).hostname or "localhost"
    return f"tag:{host},{article.date:%Y-%m-%d}:/{article.url}"


def _add_entry(fg: FeedGenerator, article, site: Site) -> None:
    link = f"{site.url}/{article.url}"
    fe = fg.add_entry(order="append")
    fe.id(entry_id(article, site))
    fe.guid(entry_id(article, site), permalink=False)
    fe.title(article.title)
    fe.link(href=link, rel="alternate")
    fe.published(article.date)
    fe.updated(updated(article))
    author = getattr(article, "author", None)
    if author:
        fe.author(name=author.name)
        fe.dc.dc_creator(author.name)
    if getattr(article, "category", None):
        fe.category(term=article.category.name)
    for tag in getattr(article, "tags", None) or []:
        fe.category(term=tag.name)
    summary = getattr(article, "summary", "") or ""
    if summary:
        fe.summary(absolutize(summary, link), type="html")
    fe.content(_readtime_line(article) + absolutize(article.content, link), type="html")


def _readtime_line(article) -> str:
    rt = getattr(article, "readtime", None)
    if not rt:
        return ""
    return f'<p class="cg-readtime">{rt.minutes} min read · {rt.words:,} words</p>'


def absolutize(html: str, base: str) -> str:
    """Every ``href`` and ``src`` in ``html`` made absolute against ``base``."""
    soup = BeautifulSoup(html, "html.parser")
    for attr in ("href", "src"):
        for tag in soup.find_all(attrs={attr: True}):
            tag[attr] = urljoin(base, tag[attr])
    return str(soup)

