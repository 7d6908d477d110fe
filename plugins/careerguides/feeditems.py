"""What every feed item says, whatever the format: id, dates, absolute content, read time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

DEV_SITEURL = "http://localhost:8000"  # feeds need absolute URLs even in a development build
_URL_ATTRS = ("href", "src", "poster", "cite")


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


def item_content(article, link: str) -> str:
    """Full HTML of an item: read time and word count first, every URL absolute."""
    rt = getattr(article, "readtime", None)
    line = (f'<p class="cg-readtime">{rt.minutes} min read · {rt.words:,} words</p>\n'
            if rt else "")
    return line + absolutize(article.content, link)


def absolutize(html: str, base: str) -> str:
    """Every URL in ``html`` (href, src, srcset, poster, cite) made absolute against ``base``."""
    soup = BeautifulSoup(html, "html.parser")
    for attr in _URL_ATTRS:
        for tag in soup.find_all(attrs={attr: True}):
            tag[attr] = urljoin(base, tag[attr])
    for tag in soup.find_all(attrs={"srcset": True}):
        tag["srcset"] = ", ".join(
            " ".join([urljoin(base, part.split()[0]), *part.split()[1:]])
            for part in tag["srcset"].split(",") if part.strip())
    return str(soup)
