"""Pelican's Writer, with the articles generator's pages rendered by worker processes.

Rendering thousands of article and listing pages through Jinja is most of a large build, and
Pelican does it on one core. This writer (offered through Pelican's ``get_writer`` signal)
queues the articles generator's ``write_file`` calls and, when that generator is done
(``article_writer_finalized``), renders the queue in forked workers that inherit the templates
and context. Later generators (pages, question pages, static files) write directly.
Pages whose inputs are unchanged since the last good build are reused, not rendered
(pagecache.py).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pelican.writers import Writer

from .config import GuideConfig
from .pagecache import LinkingFile, PageCache, PageTemplate, Unstable, site_digest

MIN_JOBS = 200  # below this, one process is faster than forking
CHUNK = 25

# write_file's arguments that are not template variables ("paginated" is the lists themselves)
_WRITE_ARGS = frozenset({"relative_urls", "template_name", "override_output", "url"})

_queued: tuple[Writer, list] | None = None  # inherited by forked workers, never pickled


def _write_range(start: int, stop: int) -> tuple[dict[str, list[str]], list[str]]:
    """Write jobs ``start:stop``; returns the page cache's notes and the files written."""
    assert _queued is not None
    writer, jobs = _queued
    cache = writer.page_cache
    if cache is not None:
        cache.written = {}
    writer.opened = []
    for args, kwargs in jobs[start:stop]:
        Writer.write_file(writer, *args, **kwargs)
    return (cache.written if cache is not None else {}), writer.opened


class ParallelWriter(Writer):
    """Defers writes until :meth:`flush`, then renders them on every core."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        workers = GuideConfig.from_settings(self.settings).workers
        self.workers = workers or os.cpu_count() or 1
        self.force = workers is not None
        self.deferred: list | None = []
        self.page_cache = PageCache.from_settings(self.settings)
        self.opened: list[str] = []  # files written by this process since the last _write_range

    def write_file(self, *args, **kwargs):
        if self.deferred is None:
            return super().write_file(*args, **kwargs)
        self.deferred.append((args, kwargs))
        return None

    def _open_w(self, filename, encoding, override=False):
        if filename not in self._overridden_files:  # else Pelican writes to /dev/null
            self.opened.append(filename)
            # A reused page is a link to output/'s file: a second write to its path (an override)
            # must replace the link, never write through it into the published site.
            if os.path.lexists(filename):
                os.unlink(filename)
        return LinkingFile(super()._open_w(filename, encoding, override))

    def flush(self) -> None:
        """Write everything queued so far; later writes go straight to disk."""
        global _queued
        jobs, self.deferred = self.deferred or [], None
        if self.page_cache is not None:
            jobs = self._cached(jobs)
        _queued = (self, jobs)
        written: dict[str, list[str]] = {}
        try:
            if self.workers == 1 or (len(jobs) < MIN_JOBS and not self.force):
                written, _ = _write_range(0, len(jobs))
            else:
                opened: list[str] = []
                with ProcessPoolExecutor(self.workers,
                                         mp_context=multiprocessing.get_context("fork")) as pool:
                    ranges = [(i, min(i + CHUNK, len(jobs))) for i in range(0, len(jobs), CHUNK)]
                    for future in [pool.submit(_write_range, *r) for r in ranges]:
                        notes, names = future.result()  # re-raises a template error
                        written.update(notes)
                        opened += names
                if len(opened) != len(set(opened)):
                    # Two pages on one path: only one process sees every write, so Pelican's
                    # checks (an error, or which override wins) run on a second, serial pass.
                    written, _ = _write_range(0, len(jobs))
                else:
                    self._written_files.update(opened)  # later generators are checked against them
        finally:
            _queued = None
        if self.page_cache is not None:
            self.page_cache.save(written)

    def _cached(self, jobs: list) -> list:
        """The jobs with their templates wrapped to reuse unchanged pages (pagecache.py)."""
        cache = self.page_cache
        sites: dict[int, str] = {}  # one digest per context (period archives get a copy)
        wrapped = []
        try:
            for (name, template, context, *rest), kwargs in jobs:
                if id(context) not in sites:
                    sites[id(context)] = site_digest(context, cache.digests)
                    cache.site = cache.site or sites[id(context)]  # the main context comes first
                    for article in context.get("articles", ()):  # each once, before forking
                        cache.digests.full(article)
                # write_file's own arguments vs what it passes on to the template
                own = {k: kwargs.get(k) for k in sorted(_WRITE_ARGS)}
                page = PageTemplate(template, cache, sites[id(context)] + cache.digests.value(own),
                                    frozenset(kwargs) - _WRITE_ARGS - {"paginated"})
                wrapped.append(((name, page, context, *rest), kwargs))
        except Unstable:  # no stable key for some value: render everything, as without a cache
            self.page_cache = None
            return jobs
        return wrapped


def get_writer(pelican) -> type[Writer]:
    """``get_writer``: Pelican builds its writer from the class we return."""
    return ParallelWriter


def flush_articles(generator, writer=None) -> None:
    """``article_writer_finalized``: the articles generator has queued all its pages."""
    if isinstance(writer, ParallelWriter):
        writer.flush()
