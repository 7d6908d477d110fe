"""One outline file -> rendered article body and the facts its page needs. Pure: no Pelican.

The reader turns a :class:`Rendered` into Pelican metadata; :mod:`careerguides.parallel` runs
this same function in worker processes on large sites.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .bank import generate_bank, load_bank
from .config import GuideConfig
from .generate import generate_guide
from .lint import build_count
from .markup import MarkdownRenderer
from .outline import Article, Guide
from .readtime import ReadTime, reading_time
from .render import render_bank, render_guide
from .validation import validate
from .yamlsource import load_yaml


@dataclass(frozen=True)
class Rendered:
    """A generated article: its outline, slug and URL, body HTML, read time and page facts."""

    kind: str  # guide | bank
    outline: Article  # the fields every article has, not the whole outline (see _facts)
    slug: str
    url: str
    body: str
    readtime: ReadTime
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific template metadata


class Pipeline:
    """Renders outlines with one config and one Markdown parser (reused: it is costly to make)."""

    def __init__(self, cfg: GuideConfig, siteurl: str, slugify: Callable[[str], str]):
        self.cfg = cfg
        self.siteurl = siteurl
        self.slugify = slugify
        self.md = MarkdownRenderer()

    def render(self, path: str, kind: str) -> Rendered:
        """Raises:
            OutlineError: every problem in the file.
        """
        return self._guide(path) if kind == "guide" else self._bank(path)

    def _slug(self, outline: Article) -> str:
        return outline.slug or self.slugify(outline.title)

    def _guide(self, path: str) -> Rendered:
        located = load_yaml(path)
        guide = validate(Guide, located)
        doc = generate_guide(guide, self.cfg, self.md)
        body = render_guide(doc)
        slug = self._slug(guide)
        return Rendered("guide", _facts(guide), slug, self.cfg.guide_url.format(slug=slug), body,
                        reading_time(body, self.cfg.wpm),
                        {"template": "guide", "role": guide.role, "toc": doc.toc,
                         "lint_warnings": build_count("guide", guide, located)})

    def _bank(self, path: str) -> Rendered:
        bank, located = load_bank(path)
        slug = self._slug(bank)
        doc = generate_bank(bank, slug, self.cfg, self.md)
        body = render_bank(doc, self.siteurl)
        related = [(s, located.problem(("related", i), f"unknown related slug {s!r}"))
                   for i, s in enumerate(bank.related)]
        return Rendered("bank", _facts(bank), slug, self.cfg.bank_url.format(slug=slug), body,
                        reading_time(body, self.cfg.wpm),
                        {"template": "question_bank", "topic": bank.topic, "counts": doc.counts,
                         "bank_questions": doc.entries, "faq_jsonld": doc.faq_jsonld(),
                         "related_slugs": related,
                         "lint_warnings": build_count("bank", bank, located)})


def _facts(outline: Article) -> Article:
    """The outline's common fields only: a rendered outline travels from a worker process and
    sits in Pelican's content cache, and the rest of it (often most of it) is already the body."""
    return Article.model_construct(**{name: getattr(outline, name) for name in Article.model_fields})
