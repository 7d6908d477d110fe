"""Markdown for the free-text fields of an outline, with raw HTML sanitized.

Only free text (answers, tips, intros, summaries) goes through python-markdown; the structure
around it comes from templates. nh3 (Rust's ammonia) keeps an allow-list of tags and attributes,
so a ``<script>``, an ``onerror=`` or a ``javascript:`` link in an outline never reaches a reader.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

# Headings inside an answer start at h3: the page owns h1 and the sections own h2.
_TAGS = (nh3.ALLOWED_TAGS - {"h1", "h2"}) | {"details", "summary"}
_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "hreflang"},
    "code": {"class"},
    "span": {"class"},
    "td": {"align"},
    "th": {"align"},
}
_EXTENSIONS = ("extra", "sane_lists")
# One line with no Markdown or HTML syntax renders as itself in a paragraph; most generated
# sentences are such lines, so they skip the parser (python-markdown dominates build time).
_PLAIN = re.compile(r"^(?![ \t]|\d+[.)]\s|[-+*>#=]\s?)[^\t\n\\`*_\[\]<>#!&|~{}]*$")


class MarkdownRenderer:
    """Renders Markdown snippets to sanitized HTML; reuses one parser (construction is costly)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(_EXTENSIONS), output_format="html")
        self._cache: dict[str, Markup] = {}  # one build: default tips recur in every guide

    def block(self, text: str | None) -> Markup:
        """Block-level HTML (paragraphs, lists) for a Markdown field."""
        if not text:
            return Markup("")
        cached = self._cache.get(text)
        if cached is None:
            stripped = text.strip()
            if _PLAIN.match(stripped):
                cached = Markup(f"<p>{stripped}</p>")
            else:
                cached = Markup(sanitize(self._md.reset().convert(text)))
            if len(self._cache) < 4_096:  # repeats are the defaults; unique text need not stay
                self._cache[text] = cached
        return cached

    def inline(self, text: str | None) -> Markup:
        """HTML for a one-paragraph field, without the wrapping ``<p>``."""
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)


def sanitize(html: str) -> str:
    """Keep safe tags and attributes only; link schemes limited to http(s), mailto and relative."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def plain_text(html: str) -> str:
    """The text of an HTML snippet, for fields that hold text only (JSON-LD, JSON Feed)."""
    from bs4 import BeautifulSoup  # imported when first needed: ~0.1 s most builds never spend

    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
