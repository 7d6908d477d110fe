"""What every feed item says, whatever the format: id, dates, absolute content, read time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

DEV_SITEURL = "http://localhost:8000"  # feeds need absolute URLs even in a development build


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

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "localhost"


def updated(article) -> dt.datetime:
    """An item's last real change: ``modified`` when set, else ``date``."""
    return getattr(article, "modified", None) or article.date


def entry_id(article, site: Site) -> str:
    """A tag URI (RFC 4151): the same on http and https, on any port, on every rebuild."""
    return f"tag:{site.host},{article.date:%Y-%m-%d}:/{article.url}"


class ItemRenderer:
    """Absolute-URL content and summary of each item, made once per build however many feeds
    (site, category, kind, author; Atom, RSS, JSON) carry the item."""

    def __init__(self, site: Site):
        self.site = site
        self._content: dict[str, str] = {}
        self._summary: dict[str, str] = {}

    def link(self, article) -> str:
        return f"{self.site.url}/{article.url}"

    def content(self, article) -> str:
        """Full HTML of an item: read time and word count first, every URL absolute."""
        if article.url not in self._content:
            rt = getattr(article, "readtime", None)
            line = (f'<p class="cg-readtime">{rt.minutes} min read · {rt.words:,} words</p>\n'
                    if rt else "")
            self._content[article.url] = line + absolutize(article.content, self.link(article))
        return self._content[article.url]

    def summary(self, article) -> str:
        if article.url not in self._summary:
            summary = str(getattr(article, "summary", "") or "")
            self._summary[article.url] = absolutize(summary, self.link(article)) if summary else ""
        return self._summary[article.url]


def absolutize(html: str, base: str) -> str:
    """Every URL in ``html`` (href, src, srcset, ...) made absolute against ``base``.

    lxml's ``make_links_absolute`` knows HTML's link attributes; srcset it leaves alone.
    """
    if not html.strip():
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(base, resolve_base_href=False)
    for el in root.iter():
        srcset = el.get("srcset") if isinstance(el.tag, str) else None
        if srcset:
            el.set("srcset", ", ".join(
                " ".join([urljoin(base, part.split()[0]), *part.split()[1:]])
                for part in srcset.split(",") if part.strip()))
    return lxml_html.tostring(root, encoding="unicode")[len("<div>"):-len("</div>")]
