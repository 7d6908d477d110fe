"""Previous and next within a kind: guide to guide, bank to bank, post to post, oldest first."""

from __future__ import annotations

import itertools
from collections import defaultdict


def link_neighbours(generator) -> None:
    """``article_generator_finalized``: set ``prev_in_kind`` and ``next_in_kind`` on every
    published article (drafts are not in ``generator.articles``, so no page links to one)."""
    by_kind: dict[str, list] = defaultdict(list)
    for article in generator.articles:
        article.prev_in_kind = article.next_in_kind = None
        by_kind[getattr(article, "kind", None) or "post"].append(article)
    for items in by_kind.values():
        items.sort(key=lambda a: (a.date, a.title))
        for before, after in itertools.pairwise(items):
            before.next_in_kind, after.prev_in_kind = after, before
