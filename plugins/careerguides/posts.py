"""Hand-written Markdown articles get the same kind and read-time metadata as generated ones."""

from __future__ import annotations

from pelican.contents import Article

from .config import GuideConfig
from .readtime import reading_time


def add_readtime(instance) -> None:
    """``content_object_init`` handler.

    Uses ``instance._content``: ``.content`` is memoized and intra-site links are not yet
    resolved at this point. Generated articles arrive with their read time already set.
    """
    if not isinstance(instance, Article) or getattr(instance, "readtime", None):
        return
    if not getattr(instance, "kind", None):
        instance.kind = "post"
    wpm = GuideConfig.from_settings(instance.settings).wpm
    instance.readtime = reading_time(instance._content or "", wpm)
