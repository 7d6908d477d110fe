"""Pelican reader for ``.yaml`` outlines: file -> validated model -> generated HTML + metadata."""

from __future__ import annotations

import datetime as dt
import logging
import os
import zoneinfo

from pelican.readers import BaseReader
from pelican.utils import slugify

from .bank import generate_bank, load_bank
from .config import GuideConfig
from .generate import generate_guide
from .markup import MarkdownRenderer
from .outline import Article, Guide
from .problems import OutlineError, Problem, display_path
from .readtime import reading_time
from .render import render_bank, render_guide
from .validation import validate
from .yamlsource import load_yaml

logger = logging.getLogger(__name__)


class OutlineReader(BaseReader):
    """Reads guide and question-bank outlines into Pelican articles."""

    enabled = True
    file_extensions = ["yaml", "yml"]

    def __init__(self, settings):
        super().__init__(settings)
        self.cfg = GuideConfig.from_settings(settings)
        self.md = MarkdownRenderer()

    def read(self, source_path: str) -> tuple[str, dict]:
        try:
            kind = self.kind_of(source_path)
            if kind == "guide":
                return self.read_guide(source_path)
            if kind == "bank":
                return self.read_bank(source_path)
            raise OutlineError([Problem(display_path(source_path), 1, 1, (
                f"outlines belong in {self.cfg.guide_dir}/ (guides) or {self.cfg.bank_dir}/ "
                "(question banks) under the content folder"))])
        except OutlineError as err:
            # Pelican logs reader exceptions without their message unless --debug: say it here.
            logger.error("%s", err, extra={"outline_error": err})
            raise

    def kind_of(self, source_path: str) -> str | None:
        """'guide' or 'bank', from the first folder under the content path."""
        rel = os.path.relpath(source_path, self.settings["PATH"])
        top = rel.split(os.sep, 1)[0]
        return {self.cfg.guide_dir: "guide", self.cfg.bank_dir: "bank"}.get(top)

    def read_guide(self, source_path: str) -> tuple[str, dict]:
        guide = validate(Guide, load_yaml(source_path))
        doc = generate_guide(guide, self.cfg, self.md)
        body = render_guide(doc)
        meta = self.common_metadata(guide, self.cfg.guide_url, self.cfg.guide_category, body)
        meta.update(template="guide", kind="guide", role=guide.role, toc=doc.toc)
        return body, meta

    def read_bank(self, source_path: str) -> tuple[str, dict]:
        bank, located = load_bank(source_path)
        slug = self.slug_of(bank)
        doc = generate_bank(bank, slug, self.cfg, self.md)
        body = render_bank(doc, self.settings.get("SITEURL", ""))
        meta = self.common_metadata(bank, self.cfg.bank_url, self.cfg.bank_category, body)
        meta.update(
            template="question_bank",
            kind="bank",
            topic=bank.topic,
            counts=doc.counts,
            bank_questions=doc.entries,
            faq_jsonld=doc.faq_jsonld(),
            related_slugs=[
                (s, located.problem(("related", i), f"unknown related slug {s!r}"))
                for i, s in enumerate(bank.related)
            ],
        )
        return body, meta

    def unpublished(self, outline: Article) -> bool:
        if outline.status == "draft":
            return True
        if self.settings.get("WITH_FUTURE_DATES", True):
            return False
        tz = zoneinfo.ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        when = _datetime(outline.date)
        return (when if when.tzinfo else when.replace(tzinfo=tz)) > dt.datetime.now(dt.UTC)

    def slug_of(self, outline: Article) -> str:
        return outline.slug or slugify(
            outline.title, regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))

    def common_metadata(self, outline: Article, url_pattern: str, category: str,
                        body: str) -> dict:
        """Metadata every generated article has; Pelican's own keys go through process_metadata."""
        slug = self.slug_of(outline)
        url = url_pattern.format(slug=slug)
        meta = {
            "title": outline.title,
            "date": _datetime(outline.date),
            "slug": slug,
            "status": outline.status,
            "readtime": reading_time(body, self.cfg.wpm),
            "category": self.process_metadata("category", outline.category or category),
        }
        if not self.unpublished(outline):
            # A draft (or, with WITH_FUTURE_DATES off, a scheduled article) keeps DRAFT_URL.
            meta["url"] = url
            meta["save_as"] = url + "index.html" if url.endswith("/") else url
        if outline.modified:
            meta["modified"] = _datetime(outline.modified)
        if outline.author:
            meta["author"] = self.process_metadata("author", outline.author)
        if outline.tags:
            meta["tags"] = self.process_metadata("tags", list(outline.tags))
        if outline.summary:
            meta["summary"] = str(self.md.inline(outline.summary))
        return meta


def _datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)
