"""Site search: a Pagefind index of the finished site, built as the last step of every build.

Runs on ``finalized``, on the folder Pelican wrote into: ``careerguides build`` indexes its staging
folder (and the pages it kept in output/) before syncing it into output/, so a failed index fails
the build and keeps the old site; plain ``pelican`` gets the index too. Pagefind reads the built
HTML: templates mark what to index (``data-pagefind-body``), what to skip
(``data-pagefind-ignore``) and the filters (kind, level).
Large sites are indexed in shards that are reused while their pages are unchanged
(searchshards.py). Pagefind's filter files come out in a random order; pagefind_stable.py sorts
them, so an unchanged site gets a byte-identical index.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
from importlib import metadata

from .pagecache import KEPT, PREVIOUS_OUTPUT
from .pagefind_stable import UnknownFormat, stabilise
from .searchshards import SearchIndexFailed, index_site

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # Pagefind's own folder name; the search page loads pagefind.js from it
TIMEOUT = 300
# Pages per shard: Pagefind needs ~0.5 MiB and ~8 ms per guide-sized page, so a shard stays near
# 100 MiB and a one-page edit re-indexes a few hundred pages, not the site.
SHARD_PAGES = 200


def pagefind_command(site: str, bundle: str) -> list[str]:
    """The Pagefind binary shipped by the ``pagefind`` package on PyPI: index ``site`` into
    the folder ``bundle``."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise FileNotFoundError("the Pagefind binary is missing: pip install 'pagefind[extended]'")
    return [str(exe), "--site", site, "--output-path", bundle, "--silent"]


def _stable(bundle: str) -> None:
    try:
        stabilise(bundle)
    except (UnknownFormat, OSError, LookupError, ValueError) as exc:
        logger.warning("search index: left in Pagefind's own order (rebuilds may differ): %s", exc)


def build_index(pelican) -> None:
    """``finalized``: index the output folder; ``PAGEFIND = False`` turns search off."""
    settings = pelican.settings
    if not settings.get("PAGEFIND", True):
        return
    started = time.perf_counter()
    # Shards are kept only where the build keeps its content cache (careerguides build does).
    cache = os.path.join(settings["CACHE_PATH"], "search") if settings.get("CACHE_CONTENT") else None
    # Pages kept from the last good build are in output/, not in the folder Pelican wrote.
    previous = settings.get(PREVIOUS_OUTPUT)
    kept = {name: os.path.join(previous, name) for name in settings.get(KEPT) or ()}
    try:
        stats = index_site(pelican.output_path, BUNDLE, pagefind_command,
                           salt=f"pagefind {metadata.version('pagefind')}",
                           per_shard=int(settings.get("PAGEFIND_SHARD_PAGES", SHARD_PAGES)),
                           cache_dir=cache, finish=_stable, timeout=TIMEOUT, elsewhere=kept)
    except (OSError, SearchIndexFailed, subprocess.TimeoutExpired) as exc:
        logger.error("search index: %s", exc)
        return
    logger.debug("careerguides: search index of %d pages in %d shard(s), %d indexed, in %.2f s",
                 stats.pages, stats.shards, stats.indexed, time.perf_counter() - started)
