"""Feeds subscribers can trust: Atom and RSS (feedgen) and JSON Feed 1.1, site-wide and per
category, kind and author.

Every item has full content with absolute links, its read time and word count, a ``tag:`` id that
survives an http -> https move, and its ``modified`` (else ``date``) as its updated date; a feed's
own date is its newest item's. So rebuilding an unchanged site writes byte-identical feeds.
Pelican's own feed settings are off (see pelicanconf.py) so nothing is written twice.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import resources
from urllib.parse import urlsplit

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .config import GuideConfig
from .feeditems import ItemRenderer, Site, entry_id, updated
from .jsonfeed import json_feed

logger = logging.getLogger(__name__)

FORMATS = {
    "atom": ("application/atom+xml", "Atom"),
    "rss": ("application/rss+xml", "RSS"),
    "json": ("application/feed+json", "JSON Feed"),
}
KINDS = {"guide": ("guides", "Guides"), "bank": ("question-banks", "Question banks"),
         "post": ("posts", "Posts")}


@dataclass(frozen=True)
class FeedSpec:
    """One feed: its scope, title, description, output paths by format, and its articles."""

    scope: str  # all | category | kind | author
    slug: str
    title: str
    description: str
    paths: Mapping[str, str]  # format -> site-relative path
    articles: tuple

    def links(self) -> list[dict[str, str]]:
        """Autodiscovery entries for a page's ``<head>``."""
        return [{"href": path, "type": FORMATS[fmt][0], "title": f"{self.title} ({FORMATS[fmt][1]})"}
                for fmt, path in self.paths.items()]


_ATOM_NS = "http://www.w3.org/2005/Atom"


class _RssUpdated(BaseEntryExtension):
    """RSS 2.0 items have no updated date; ``atom:updated`` (as many feeds use) carries it."""

    def __init__(self) -> None:
        self.value: str | None = None

    def set(self, when) -> None:
        self.value = when.isoformat()

    def extend_rss(self, item):
        if self.value:
            etree.SubElement(item, f"{{{_ATOM_NS}}}updated").text = self.value
        return item


class _RssUpdatedFeed(BaseExtension):
    def extend_ns(self):
        return {"atom": _ATOM_NS}


_SCOPES = {  # scope -> description of its feeds, in the order /feeds/ lists them
    "all": "Everything new on {site}.",
    "category": "New in {name}.",
    "kind": "{name} only.",
    "author": "Everything by {name}.",
}


def _scopes_of(article):
    """(scope, slug, name) of every per-something feed that carries ``article``."""
    if getattr(article, "category", None):
        yield "category", article.category.slug, article.category.name
    if getattr(article, "kind", None) in KINDS:
        yield ("kind", *KINDS[article.kind])
    for author in getattr(article, "authors", None) or []:
        yield "author", author.slug, author.name


def feed_specs(articles: Sequence, cfg: GuideConfig, site: Site) -> list[FeedSpec]:
    """Every feed of the site, driven by the ``FEEDS`` setting (a scope or format set to None is
    skipped)."""
    groups: dict[tuple[str, str], tuple[str, list]] = {("all", "all"): (site.name, list(articles))}
    for article in articles:
        for scope, slug, name in _scopes_of(article):
            groups.setdefault((scope, slug), (name, []))[1].append(article)
    order = list(_SCOPES)
    specs = []
    for (scope, slug), (name, items) in sorted(groups.items(),
                                               key=lambda g: (order.index(g[0][0]), g[0][1])):
        patterns = {fmt: p for fmt, p in (cfg.feeds.get(scope) or {}).items() if p}
        if not patterns:
            continue
        title = site.name if scope == "all" else f"{site.name}: {name}"
        description = _SCOPES[scope].format(site=site.name, name=name)
        paths = {fmt: p.format(slug=slug) for fmt, p in patterns.items()}
        specs.append(FeedSpec(scope, slug, title, description, paths, tuple(items)))
    return specs


def feeds_for(specs: Sequence[FeedSpec]) -> Callable[..., list[dict[str, str]]]:
    """A template function: the feeds a page advertises, its most specific one first."""
    index = {(s.scope, s.slug): s for s in specs}

    def links(obj=None, scope: str | None = None) -> list[dict[str, str]]:
        chosen = []
        if scope and obj is not None:
            chosen.append(index.get((scope, obj.slug)))
        elif obj is not None and getattr(obj, "category", None):  # an article
            chosen.append(index.get(("category", obj.category.slug)))
        chosen.append(index.get(("all", "all")))
        return [link for spec in chosen if spec for link in spec.links()]

    return links


def feed_id(spec: FeedSpec, site: Site, tag_date: str) -> str:
    return f"tag:{site.host},{tag_date}:/{next(iter(spec.paths.values()))}"


def newest_first(articles: Sequence, max_items: int | None) -> list:
    return sorted(articles, key=lambda a: (updated(a), a.url), reverse=True)[:max_items]


def build_feed(spec: FeedSpec, items_renderer: ItemRenderer, cfg: GuideConfig,
               self_path: str | None = None) -> FeedGenerator:
    """An Atom/RSS feed generator for ``spec``, dated by its newest item, never by the clock."""
    site = items_renderer.site
    items = newest_first(spec.articles, cfg.feed_max_items)
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.register_extension("rssupdated", _RssUpdatedFeed, _RssUpdated, atom=False, rss=True)
    fg.id(feed_id(spec, site, cfg.feed_id_date))
    fg.title(spec.title)
    fg.description(spec.description)
    fg.link(href=site.url + "/", rel="alternate")
    if self_path:
        fg.link(href=f"{site.url}/{self_path}", rel="self")
    fg.language(site.language)
    fg.generator("Career Guides")
    if items:
        fg.updated(updated(items[0]))
        fg.lastBuildDate(updated(items[0]))
    for article in items:
        _add_entry(fg, article, items_renderer)
    return fg


def _add_entry(fg: FeedGenerator, article, render: ItemRenderer) -> None:
    site = render.site
    link = render.link(article)
    fe = fg.add_entry(order="append")
    fe.id(entry_id(article, site))
    fe.guid(entry_id(article, site), permalink=False)  # a tag: URI is not a link
    fe.title(article.title)
    fe.link(href=link, rel="alternate")
    fe.published(article.date)
    fe.updated(updated(article))
    fe.rssupdated.set(updated(article))
    for author in getattr(article, "authors", None) or []:
        fe.author(name=author.name)
        fe.dc.dc_creator(author.name)
    if getattr(article, "category", None):
        fe.category(term=article.category.name)
    for tag in getattr(article, "tags", None) or []:
        fe.category(term=tag.name)
    summary = render.summary(article)
    if summary:
        fe.summary(summary, type="html")
    fe.content(render.content(article), type="html")




def _write_spec(spec: FeedSpec, todo: list[tuple[str, str, str]], items: list,
                render: ItemRenderer, cfg: GuideConfig, xsl: str | None, out: str,
                cache) -> None:
    for fmt, path, key in todo:
        if fmt == "json":
            data = json_feed(spec.title, spec.description, items, render, path)
        else:
            fg = build_feed(spec, render, cfg, path)
            serialize = fg.atom_str if fmt == "atom" else fg.rss_str
            data = _with_stylesheet(serialize(pretty=True), xsl)
        if cache:
            cache.note(path, key)
        _write(os.path.join(out, path), data)


def _with_stylesheet(xml: bytes, href: str | None) -> bytes:
    """Insert an xml-stylesheet instruction so a browser shows a readable page, not raw XML."""
    if not href:
        return xml
    declaration, _, rest = xml.partition(b"?>")
    pi = f'\n<?xml-stylesheet type="text/xsl" href="{href}"?>'.encode()
    return declaration + b"?>" + pi + rest


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def add_feed_links(generator) -> None:
    """``generator_init``: templates get ``feeds_for(obj)``; filled once articles are known."""
    generator.context.setdefault("feed_registry", {"specs": []})
    registry = generator.context["feed_registry"]
    generator.env.globals["feeds_for"] = lambda obj=None, scope=None: feeds_for(
        registry["specs"])(obj, scope)


def register_feeds(generator) -> None:
    """``article_generator_finalized``: work out every feed before any page is written."""
    cfg = GuideConfig.from_settings(generator.settings)
    site = Site.from_settings(generator.settings)
    registry = generator.context.setdefault("feed_registry", {"specs": []})
    registry["specs"] = feed_specs(generator.articles, cfg, site)
    generator.context["feeds"] = feeds_for(registry["specs"])()  # site-wide, for any template


def write_feeds(generator, writer=None) -> None:
    """``article_writer_finalized``: write every feed, its stylesheet and the /feeds/ page.
    A feed whose items did not change is kept; the others are written with the article pages,
    on every core, when the writer can (writer.py)."""
    cfg = GuideConfig.from_settings(generator.settings)
    site = Site.from_settings(generator.settings)
    specs = generator.context.get("feed_registry", {}).get("specs") or feed_specs(
        generator.articles, cfg, site)
    out = generator.output_path
    render = ItemRenderer(site)
    # Same-origin and root-relative: browsers refuse a stylesheet from another origin.
    root = urlsplit(generator.settings.get("SITEURL", "")).path.rstrip("/")
    xsl = f"{root}/{cfg.feed_stylesheet}" if cfg.feed_stylesheet else None
    cache = getattr(writer, "page_cache", None)  # keep feeds whose items did not change
    deferred = False
    defer = getattr(writer, "defer", None)  # a ParallelWriter's (writer.py)
    for spec in specs:
        items = newest_first(spec.articles, cfg.feed_max_items)
        todo = []  # (format, path, key): a spec's formats in one task share their items' HTML
        for fmt, path in spec.paths.items():
            key = ""
            if cache:
                key = cache.file_key(generator.context, path, fmt, spec.title, spec.description,
                                     xsl, items)
                if cache.reusable(path, key):
                    cache.keep(path)
                    continue
            todo.append((fmt, path, key))
        if not todo:
            continue
        task = partial(_write_spec, spec, todo, items, render, cfg, xsl, out, cache)
        if defer is not None and defer(task):
            deferred = True
        else:
            task()
    if cache and not deferred:
        cache.save()
    if cfg.feed_stylesheet:
        stylesheet = resources.files("careerguides").joinpath("templates/feed.xsl").read_bytes()
        _write(os.path.join(out, cfg.feed_stylesheet), stylesheet)
    if writer is not None and cfg.feeds_page_url:
        url = cfg.feeds_page_url
        writer.write_file(url + "index.html" if url.endswith("/") else url,
                          generator.get_template("feeds"), generator.context, feed_list=specs,
                          url=url, relative_urls=generator.settings.get("RELATIVE_URLS", False))
    logger.debug("careerguides: wrote %d feeds", sum(len(s.paths) for s in specs))
