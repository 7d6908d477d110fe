"""Pelican reader for ``.yaml`` outlines: rendered outline -> Pelican content and metadata."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import zlib

from pelican.contents import Article
from pelican.readers import BaseReader
from pelican.utils import slugify

from .config import GuideConfig
from .parallel import Prefetcher
from .pipeline import Pipeline, Rendered
from .problems import OutlineError, Problem, display_path

logger = logging.getLogger(__name__)

PACKED = "packed_body"  # metadata: an outline's body HTML, zlib-compressed (see PackedArticle)


class OutlineReader(BaseReader):
    """Reads guide and question-bank outlines into Pelican articles."""

    enabled = True
    file_extensions = ["yaml", "yml"]

    def __init__(self, settings):
        super().__init__(settings)
        self.cfg = GuideConfig.from_settings(settings)
        subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        self.pipeline = Pipeline(self.cfg, settings.get("SITEURL", ""),
                                 functools.partial(slugify, regex_subs=subs))
        self.prefetcher = Prefetcher(self.pipeline, self.cfg.workers)
        # Pelican finds {static} and {attach} links in ``_content`` (get_static_links): a body
        # that may have one stays there, as it is.
        self.links = re.compile(settings["INTRASITE_LINK_REGEX"])

    def kind_of(self, source_path: str) -> str | None:
        """'guide' or 'bank', from the first folder under the content path."""
        rel = os.path.relpath(source_path, self.settings["PATH"])
        top = rel.split(os.sep, 1)[0]
        return {self.cfg.guide_dir: "guide", self.cfg.bank_dir: "bank"}.get(top)

    def prefetch(self, paths: list[str]) -> None:
        """Start rendering ``paths`` in worker processes (see parallel.py)."""
        jobs = [(p, k) for p in paths if (k := self.kind_of(p))]
        self.prefetcher.start(jobs, force=self.cfg.workers is not None)

    def read(self, source_path: str) -> tuple[str, dict]:
        try:
            kind = self.kind_of(source_path)
            if kind is None:
                raise OutlineError([Problem(display_path(source_path), 1, 1, (
                    f"outlines belong in {self.cfg.guide_dir}/ (guides) or {self.cfg.bank_dir}/ "
                    "(question banks) under the content folder"))])
            rendered = self.prefetcher.take(source_path) or self.pipeline.render(source_path, kind)
        except OutlineError as err:
            # Pelican logs reader exceptions without their message unless --debug: say it here.
            logger.error("%s", err, extra={"outline_error": err})
            raise
        body, meta = rendered.body, self.metadata(rendered)
        if not self.links.search(body):
            # Held compressed (~4x smaller) until a page or a feed asks for it (PackedArticle):
            # bodies are most of what a build holds in memory, and of Pelican's content cache.
            meta[PACKED] = zlib.compress(body.encode("utf-8"), 1)
            body = ""
        return body, meta

    def metadata(self, r: Rendered) -> dict:
        """Pelican metadata; Pelican's own keys go through process_metadata."""
        outline = r.outline
        default_category = self.cfg.guide_category if r.kind == "guide" else self.cfg.bank_category
        meta = {
            "title": outline.title,
            "date": _datetime(outline.date),
            "slug": r.slug,
            "status": outline.status,
            "kind": r.kind,
            "readtime": r.readtime,
            "category": self.process_metadata("category", outline.category or default_category),
            **r.extra,
        }
        # Always the public URL: Pelican caches what a reader returns, and a scheduled outline
        # becomes published as time passes. Drafts lose it again (hold_back_drafts).
        meta["url"] = r.url
        meta["save_as"] = r.url + "index.html" if r.url.endswith("/") else r.url
        if outline.modified:
            meta["modified"] = _datetime(outline.modified)
        if outline.author:
            meta["author"] = self.process_metadata("author", outline.author)
        if outline.tags:
            meta["tags"] = self.process_metadata("tags", list(outline.tags))
        if outline.summary:
            meta["summary"] = str(self.pipeline.md.inline(outline.summary))
        return meta


class PackedArticle(Article):
    """An article whose body is kept compressed in its ``packed_body`` and unpacked each time
    a page or a feed asks for its content. ``_content`` holds what goes before the body (a
    draft's note, drafts.py)."""

    def get_content(self, siteurl: str) -> str:
        # Pelican's is memoized: each unpacked body would be held to the end of the build.
        body = zlib.decompress(getattr(self, PACKED)).decode("utf-8")
        return self._update_content(self._content + body, siteurl)


def unpack_on_demand(instance) -> None:
    """``content_object_init``: an outline read with a packed body becomes a PackedArticle."""
    if type(instance) is Article and PACKED in vars(instance):
        instance.__class__ = PackedArticle


def hold_back_drafts(generator) -> None:
    """``article_generator_pretaxonomy``: drafts, including outlines Pelican holds back for a
    future date (WITH_FUTURE_DATES off), go to DRAFT_URL, never to their public URL."""
    for article in [*generator.drafts, *generator.drafts_translations]:
        if getattr(article, "kind", None) in ("guide", "bank"):
            for name in ("override_url", "override_save_as"):
                if hasattr(article, name):
                    delattr(article, name)


def prefetch_outlines(generator) -> None:
    """``article_generator_init``: render outlines that are not cached in worker processes."""
    reader = generator.readers.readers.get("yaml")
    if not isinstance(reader, OutlineReader):
        return
    paths = [
        os.path.abspath(os.path.join(generator.path, f))
        for f in generator.get_files(generator.settings["ARTICLE_PATHS"],
                                     exclude=generator.settings["ARTICLE_EXCLUDES"],
                                     extensions=tuple(OutlineReader.file_extensions))
    ]
    stale = [p for p in paths if generator.readers.get_cached_data(p, None) is None]
    reader.prefetch(stale)


def _datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)
