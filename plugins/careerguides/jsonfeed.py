"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): feedgen writes only Atom and RSS."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .feeditems import ItemRenderer, entry_id, updated
from .markup import plain_text


def json_feed(title: str, description: str, items: Sequence, render: ItemRenderer, path: str
              ) -> bytes:
    """The feed as UTF-8 JSON; ``items`` are Pelican articles, newest first."""
    site = render.site
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": site.url + "/",
        "feed_url": f"{site.url}/{path}",
        "description": description,
        "language": site.language,
        "items": [_item(article, render) for article in items],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _item(article, render: ItemRenderer) -> dict:
    site = render.site
    link = render.link(article)
    item = {
        "id": entry_id(article, site),
        "url": link,
        "title": article.title,
        "content_html": render.content(article),
        "date_published": article.date.isoformat(),
        "date_modified": updated(article).isoformat(),
        "authors": [{"name": a.name, "url": f"{site.url}/{a.url}"}
                    for a in getattr(article, "authors", None) or []],
        "tags": [t.name for t in getattr(article, "tags", None) or []],
    }
    summary = render.summary(article)
    if summary:
        item["summary"] = plain_text(summary)
    if getattr(article, "category", None):
        item["tags"] = [article.category.name, *item["tags"]]
    rt = getattr(article, "readtime", None)
    if rt:
        item["_careerguides"] = {"read_time_minutes": rt.minutes, "word_count": rt.words}
    return item
