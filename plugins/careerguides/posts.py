"""Finishing touches on every Pelican article once it exists (the ``content_object_init`` signal)."""

from __future__ import annotations

from pelican.contents import Article

from .config import DEFAULT_WPM
from .readtime import reading_time


def finish_article(instance) -> None:
    """Hand-written posts get kind and read time like generated articles.

    Uses ``instance._content``: ``.content`` is memoized and intra-site links are not yet
    resolved at this point. Generated articles arrive with their read time already set.
    """
    if not isinstance(instance, Article):
        return
    if getattr(instance, "readtime", None):
        return
    if not getattr(instance, "kind", None):
        instance.kind = "post"
    # CAREER_GUIDES was validated when the run started (the initialized signal).
    wpm = (instance.settings.get("CAREER_GUIDES") or {}).get("WPM", DEFAULT_WPM)
    instance.readtime = reading_time(instance._content or "", wpm)
