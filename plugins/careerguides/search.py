"""Site search: a Pagefind index of the finished site, built as the last step of every build.

Runs on ``finalized``, on the folder Pelican wrote into: ``careerguides build`` indexes its staging
folder before syncing it into output/, so a failed index fails the build and keeps the old site;
plain ``pelican`` gets the index too. Pagefind reads the built HTML: templates mark what to index
(``data-pagefind-body``), what to skip (``data-pagefind-ignore``) and the filters (kind, level).
Its filter files come out in a random order; pagefind_stable.py sorts them, so an unchanged site
gets a byte-identical index.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time

from .pagefind_stable import UnknownFormat, stabilise

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # Pagefind's own folder name; the search page loads pagefind.js from it
TIMEOUT = 300


def pagefind_command(site: str) -> list[str]:
    """The Pagefind binary shipped by the ``pagefind`` package on PyPI, with its arguments."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise FileNotFoundError("the Pagefind binary is missing: pip install 'pagefind[extended]'")
    return [str(exe), "--site", site, "--output-subdir", BUNDLE, "--silent"]


def build_index(pelican) -> None:
    """``finalized``: index the output folder; ``PAGEFIND = False`` turns search off."""
    if not pelican.settings.get("PAGEFIND", True):
        return
    site = pelican.output_path
    # A fresh bundle: Pagefind names files by content, so old ones would pile up in place.
    shutil.rmtree(os.path.join(site, BUNDLE), ignore_errors=True)
    started = time.perf_counter()
    try:
        proc = subprocess.run(pagefind_command(site), capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.error("search index: %s", exc)
        return
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        logger.error("search index: pagefind exited with %d: %s", proc.returncode, detail)
        return
    try:
        stabilise(os.path.join(site, BUNDLE))
    except (UnknownFormat, OSError, LookupError, ValueError) as exc:
        logger.warning("search index: left in Pagefind's own order (rebuilds may differ): %s", exc)
    logger.debug("careerguides: search index built in %.2f s", time.perf_counter() - started)
