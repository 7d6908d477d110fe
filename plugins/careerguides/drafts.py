"""``careerguides build --drafts``: drafts and scheduled articles built as if published, marked.

A preview for authors, never for deploying. Pelican has no setting that lists drafts, so for the
length of one build :func:`preview_drafts` connects to ``article_generator_pretaxonomy`` (articles
and drafts are read; categories, tags, feeds and related links are not made yet) and moves every
draft among the articles: at its real URL, in listings and feeds, with a note on its page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from markupsafe import escape
from pelican import signals
from pelican.utils import order_content

NOTE = ('<p class="cg-draft-note" role="note" style="border:2px dashed #b45309;padding:.5em 1em">'
        "<strong>{label}</strong>: a preview built with <code>--drafts</code>; not published "
        "yet.</p>\n")


def publish_drafts(generator) -> None:
    """``article_generator_pretaxonomy``: drafts join the articles, each marked on its page."""
    drafts = [*generator.drafts, *generator.drafts_translations]
    if not drafts:
        return
    for article in drafts:
        # The reader keeps the outline's own status; a later date alone made Pelican hold it back.
        scheduled = article.metadata.get("status", "draft") != "draft"
        label = f"Scheduled for {article.date:%Y-%m-%d}" if scheduled else "Draft"
        article.status = "published"
        article.draft_label = label  # for templates that want a badge
        if getattr(article, "kind", None) in ("guide", "bank") and "url" in article.metadata:
            # Outlines held back went to DRAFT_URL (reader.hold_back_drafts); their metadata
            # still has the public URL the reader gave them.
            article.override_url = article.metadata["url"]
            article.override_save_as = article.metadata["save_as"]
        article._content = NOTE.format(label=escape(label)) + (article._content or "")
    order = generator.settings["ARTICLE_ORDER_BY"]
    generator.articles = order_content([*generator.articles, *generator.drafts], order)
    generator.translations = [*generator.translations, *generator.drafts_translations]
    generator.drafts, generator.drafts_translations = [], []


@contextlib.contextmanager
def preview_drafts(enabled: bool = True) -> Iterator[None]:
    """Publish drafts in builds run inside this block (when ``enabled``)."""
    if not enabled:
        yield
        return
    signals.article_generator_pretaxonomy.connect(publish_drafts)
    try:
        yield
    finally:
        signals.article_generator_pretaxonomy.disconnect(publish_drafts)
