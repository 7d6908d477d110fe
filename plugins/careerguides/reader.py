"""Pelican reader for ``.yaml`` outlines: file -> validated model -> generated HTML + metadata."""

from __future__ import annotations

import datetime as dt
import logging
import os

from pelican.readers import BaseReader
from pelican.utils import slugify

from .config import GuideConfig
from .generate import generate_guide
from .markup import MarkdownRenderer
from .outline import Guide
from .problems import OutlineError, Problem, display_path
from .readtime import reading_time
from .render import render_guide
from .validation import load

logger = logging.getLogger(__name__)


class OutlineReader(BaseReader):
    """Reads guide outlines (``content/guides/*.yaml``) into Pelican articles."""

    enabled = True
    file_extensions = ["yaml", "yml"]

    def __init__(self, settings):
        super().__init__(settings)
        self.cfg = GuideConfig.from_settings(settings)
        self.md = MarkdownRenderer()

    def read(self, source_path: str) -> tuple[str, dict]:
        try:
            return self._read(source_path)
        except OutlineError as err:
            # Pelican logs reader exceptions without their message unless --debug: say it here.
            logger.error("%s", err, extra={"outline_error": err})
            raise

    def _read(self, source_path: str) -> tuple[str, dict]:
        kind = self.kind_of(source_path)
        if kind != "guide":
            raise OutlineError([Problem(display_path(source_path), 1, 1, (
                f"outlines belong in {self.cfg.guide_dir}/ (guides) under the content folder"))])
        guide = load(source_path, Guide)
        doc = generate_guide(guide, self.cfg, self.md)
        body = render_guide(doc)
        return body, {**self.guide_metadata(guide, body), "toc": doc.toc}

    def kind_of(self, source_path: str) -> str | None:
        """'guide' or 'bank', from the first folder under the content path."""
        rel = os.path.relpath(source_path, self.settings["PATH"])
        top = rel.split(os.sep, 1)[0]
        return {self.cfg.guide_dir: "guide", self.cfg.bank_dir: "bank"}.get(top)

    def guide_metadata(self, guide: Guide, body: str) -> dict:
        slug = guide.slug or slugify(
            guide.title, regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        url = self.cfg.guide_url.format(slug=slug)
        meta = {
            "title": guide.title,
            "date": _datetime(guide.date),
            "slug": slug,
            "url": url,
            "save_as": url + "index.html" if url.endswith("/") else url,
            "status": guide.status,
            "template": "guide",
            "kind": "guide",
            "role": guide.role,
            "readtime": reading_time(body, self.cfg.wpm),
            "category": self.process_metadata("category",
                                              guide.category or self.cfg.guide_category),
        }
        if guide.modified:
            meta["modified"] = _datetime(guide.modified)
        if guide.author:
            meta["author"] = self.process_metadata("author", guide.author)
        if guide.tags:
            meta["tags"] = self.process_metadata("tags", list(guide.tags))
        if guide.summary:
            meta["summary"] = str(self.md.inline(guide.summary))
        return meta


def _datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)

