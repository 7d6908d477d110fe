"""What search engines, link previews and the search index read on every page: canonical URL,
breadcrumbs, Open Graph facts, JSON-LD (Article, ItemList, BreadcrumbList, WebSite), the page's
kind and levels.

Templates call ``page_info()`` (a Jinja global set on ``generator_init``), which reads the page's
render context (article, page, question, template_name, ...), so the theme only prints. The
sitemap describes each written page the same way, so it lists exactly the indexable ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .config import GuideConfig
from .feeditems import DEV_SITEURL, updated

LABELS = {"guide": "Guide", "bank": "Question bank", "question": "Question", "post": "Post",
          "page": "Page"}
# Direct templates (DIRECT_TEMPLATES) and the plugin's index pages, as their headings name them.
INDEX_NAMES = {"archives": "Archives", "tags": "Tags", "categories": "Categories",
               "authors": "Authors", "search": "Search"}
PARENT_INDEX = {"category": "categories", "tag": "tags", "author": "authors",
                "period_archives": "archives"}
NOT_INDEXED = {"search", "404", "draft"}  # noindex, and left out of the sitemap
_LEVEL_ATTR = re.compile(r'data-level="(beginner|intermediate|senior)"')
LEVELS = ("beginner", "intermediate", "senior")


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str | None  # site-relative ("" is the home page); None when the level has no page


def script_json(data: object) -> str:
    """Compact JSON that cannot end a ``<script>`` element early ("</script>", "<!--")."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def url_of(save_as: str | None) -> str | None:
    """The URL a file is served at: ``tags/index.html`` -> ``tags/``."""
    if not save_as:
        return None
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def newest(items: Iterable) -> dt.datetime | None:
    dates = [updated(i) for i in items if getattr(i, "date", None)]
    return max(dates) if dates else None


def direct_template(ctx: Mapping, settings: Mapping) -> str | None:
    """Which of DIRECT_TEMPLATES is being written (the writer keeps ``template_name`` to itself,
    but passes ``page_name``: the file it writes, less its extension)."""
    page_name = ctx.get("page_name")
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as and page_name == os.path.splitext(save_as)[0]:
            return name
    return None


def classify(ctx: Mapping, settings: Mapping) -> tuple[str, Any]:
    """The page's kind and its main object, from what the writer passed its template."""
    if ctx.get("question") is not None:
        return "question", ctx["question"]
    for key in ("article", "page"):
        obj = ctx.get(key)
        if obj is not None and hasattr(obj, "status"):
            if obj.status == "draft":
                return "draft", obj
            return (getattr(obj, "kind", None) or "post") if key == "article" else "page", obj
    for key in ("category", "tag", "author"):
        if ctx.get(key) is not None:
            return "listing", key
    if ctx.get("period") is not None:
        return "listing", "period_archives"
    name = direct_template(ctx, settings)
    if name == "index":
        return "home", None
    if name in ("404", "search"):
        return name, None
    if name in INDEX_NAMES:
        return "index", name
    if ctx.get("banks") is not None:
        return "index", "banks"
    if ctx.get("feed_list") is not None:
        return "index", "feeds"
    return "other", None


class PageInfo:
    """Everything the ``<head>`` and the sitemap need to say about one page."""

    def __init__(self, ctx: Mapping, settings: Mapping):
        self.ctx = ctx
        self.settings = settings
        self.kind, self.obj = classify(ctx, settings)
        self.url = url_of(ctx.get("output_file") or "") or ""
        siteurl = (settings.get("SITEURL") or "").rstrip("/")
        self.absolute_site = siteurl.startswith(("http://", "https://"))
        self.site = siteurl if self.absolute_site else DEV_SITEURL
        self.root = re.sub(r"^https?://[^/]*", "", siteurl).rstrip("/") + "/"

    def abs(self, url: str) -> str:
        return f"{self.site}/{url}"

    @property
    def indexable(self) -> bool:
        return self.kind not in NOT_INDEXED

    @property
    def canonical(self) -> str | None:
        return self.abs(self.url) if self.absolute_site and self.kind != "404" else None

    @property
    def label(self) -> str | None:
        """The page's kind as search results and filters name it."""
        return LABELS.get(self.kind)

    @property
    def title(self) -> str:
        return self.trail[-1].name if self.trail else self.settings.get("SITENAME", "")

    @property
    def is_entry(self) -> bool:
        return self.kind in ("guide", "bank", "post", "page", "question", "draft")

    @cached_property
    def levels(self) -> tuple[str, ...]:
        """The question levels on the page, for the search filter."""
        if self.kind == "question":
            return (self.obj.entry.level,)
        if self.kind == "bank":
            return tuple(lvl for lvl in LEVELS if self.obj.counts.of(lvl))
        if self.kind == "guide":
            found = set(_LEVEL_ATTR.findall(self.obj.content))
            return tuple(lvl for lvl in LEVELS if lvl in found)
        return ()

    @cached_property
    def trail(self) -> tuple[Crumb, ...]:
        """From the home page to this page (the last crumb); empty on the home page and 404."""
        home, here, obj = Crumb("Home", ""), self.url, self.obj
        number = getattr(self.ctx.get("articles_page"), "number", 1)
        if self.kind in ("guide", "post"):
            middle = [Crumb(obj.category.name, obj.category.url)] if obj.category else []
            return (home, *middle, Crumb(obj.title, here))
        if self.kind == "bank":
            return (home, self._questions_crumb(), Crumb(obj.title, here))
        if self.kind == "question":
            return (home, self._questions_crumb(), Crumb(obj.bank.title, obj.bank.url),
                    Crumb(obj.title, here))
        if self.kind == "page":
            return (home, Crumb(obj.title, here))
        if self.kind == "home" and number > 1:
            return (home, Crumb(f"Latest articles, page {number}", here))
        if self.kind == "listing":
            parent = PARENT_INDEX[obj]
            index = Crumb(INDEX_NAMES[parent], url_of(self.settings.get(f"{parent.upper()}_SAVE_AS")))
            term = self.ctx.get(obj)
            title = term.name if term is not None else " ".join(
                str(p) for p in reversed(self.ctx.get("period") or ()))
            suffix = f", page {number}" if number > 1 else ""
            return (home, index, Crumb(title + suffix, here))
        if self.kind == "index":
            if self.obj == "banks":
                return (home, Crumb(self._questions_crumb().name, here))
            return (home, Crumb(INDEX_NAMES.get(self.obj, "Feeds"), here))
        if self.kind == "search":
            return (home, Crumb("Search", here))
        return ()

    def _questions_crumb(self) -> Crumb:
        return Crumb("Questions", GuideConfig.from_settings(self.settings).banks_index_url)

    @property
    def og_type(self) -> str:
        return "article" if self.kind in ("guide", "bank", "post", "question") else "website"

    @property
    def og(self) -> tuple[tuple[str, str], ...]:
        """Open Graph article facts (``article:*``), for articles and question pages."""
        if self.og_type != "article":
            return ()
        facts = [("article:published_time", self.obj.date.isoformat())]
        if self.lastmod:
            facts.append(("article:modified_time", self.lastmod.isoformat()))
        section = getattr(self.obj.bank if self.kind == "question" else self.obj, "category", None)
        if section:
            facts.append(("article:section", section.name))
        return tuple(facts)

    @cached_property
    def lastmod(self) -> dt.datetime | None:
        """When the page last changed: its content's ``modified`` or ``date``, never the build's."""
        if self.obj is not None and self.kind not in ("listing", "index"):
            return getattr(self.obj, "modified", None) or getattr(self.obj, "date", None)
        page = self.ctx.get("articles_page")
        items = page.object_list if page is not None else (
            self.ctx.get("banks") or self.ctx.get("dates") or self.ctx.get("articles") or ())
        return newest(items)

    @cached_property
    def jsonld(self) -> Markup:
        blocks = [b for b in (self._main_entity(), self._breadcrumbs()) if b]
        return Markup("\n".join(f'<script type="application/ld+json">{script_json(b)}</script>'
                                for b in blocks))

    def _breadcrumbs(self) -> dict | None:
        if not self.trail or not self.indexable:
            return None
        items = [{"@type": "ListItem", "position": n, "name": c.name,
                  **({"item": self.abs(c.url)} if c.url is not None else {})}
                 for n, c in enumerate(self.trail, 1)]
        return {"@context": "https://schema.org", "@type": "BreadcrumbList",
                "itemListElement": items}

    def _main_entity(self) -> dict | None:
        if self.kind in ("guide", "post"):
            return self._article()
        if self.kind == "bank":
            return self._item_list()
        if self.kind == "home" and not self.trail:
            return self._website()
        return None

    def _website(self) -> dict:
        data = {"@context": "https://schema.org", "@type": "WebSite",
                "name": self.settings.get("SITENAME", ""), "url": self.abs(""),
                "inLanguage": self.settings.get("DEFAULT_LANG", "en")}
        if self.settings.get("SITESUBTITLE"):
            data["description"] = self.settings["SITESUBTITLE"]
        search = url_of(self.settings.get("SEARCH_SAVE_AS"))
        if search is not None and "search" in self.settings.get("DIRECT_TEMPLATES", ()):
            data["potentialAction"] = {
                "@type": "SearchAction", "query-input": "required name=search_term_string",
                "target": {"@type": "EntryPoint",
                           "urlTemplate": self.abs(search) + "?q={search_term_string}"}}
        return data

    def _party(self, name: str, url: str | None = None) -> dict:
        # The site's own name as an author is the organisation, not a person.
        kind = "Organization" if name == self.settings.get("SITENAME") else "Person"
        return {"@type": kind, "name": name, **({"url": self.abs(url)} if url is not None else {})}

    def _article(self) -> dict:
        a = self.obj
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Article",
            "headline": a.title, "url": self.abs(self.url), "mainEntityOfPage": self.abs(self.url),
            "datePublished": a.date.isoformat(), "dateModified": updated(a).isoformat(),
            "inLanguage": getattr(a, "lang", None) or self.settings.get("DEFAULT_LANG", "en"),
            "author": [self._party(p.name, p.url) for p in getattr(a, "authors", None) or []],
            "publisher": self._party(self.settings.get("SITENAME", ""), ""),
        }
        summary = a.metadata.get("description") or a.summary
        if summary:
            data["description"] = " ".join(Markup(str(summary)).striptags().split())
        if a.category:
            data["articleSection"] = a.category.name
        if getattr(a, "tags", None):
            data["keywords"] = [t.name for t in a.tags]
        readtime = getattr(a, "readtime", None)
        if readtime:
            data["wordCount"] = readtime.words
            data["timeRequired"] = f"PT{readtime.minutes}M"
        return data

    def _item_list(self) -> dict:
        """The bank's questions in order. A question with its own page is named by that page's
        URL alone (schema.org's summary-page list; the page carries the name), which keeps
        large banks light; one without a page gets its name and its place on the bank page."""
        bank = self.obj
        items = [{"@type": "ListItem", "position": e.number, "url": self.abs(e.url)} if e.url else
                 {"@type": "ListItem", "position": e.number, "name": e.q,
                  "url": self.abs(f"{bank.url}#q-{e.slug}")}
                 for e in bank.bank_questions]
        return {"@context": "https://schema.org", "@type": "ItemList", "name": bank.title,
                "url": self.abs(self.url), "numberOfItems": len(items),
                "itemListOrder": "https://schema.org/ItemListOrderAscending",
                "itemListElement": items}


def add_template_globals(generator) -> None:
    """``generator_init``: templates get ``page_info()`` for the page being rendered."""
    settings = generator.settings

    @pass_context
    def page_info(ctx) -> PageInfo:
        return PageInfo(ctx, settings)

    generator.env.globals["page_info"] = page_info
