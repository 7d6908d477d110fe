"""Pelican's Writer, with the articles generator's pages rendered by worker processes.

Rendering thousands of article and listing pages through Jinja is most of a large build, and
Pelican does it on one core. This writer (offered through Pelican's ``get_writer`` signal)
queues the articles generator's ``write_file`` calls and, when that generator is done
(``article_writer_finalized``), renders the queue in forked workers that inherit the templates
and context. Later generators (pages, question pages, static files) write directly.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pelican.writers import Writer

from .config import GuideConfig

MIN_JOBS = 200  # below this, one process is faster than forking
CHUNK = 25

_queued: tuple[Writer, list] | None = None  # inherited by forked workers, never pickled


def _write_range(start: int, stop: int) -> int:
    assert _queued is not None
    writer, jobs = _queued
    for args, kwargs in jobs[start:stop]:
        Writer.write_file(writer, *args, **kwargs)
    return stop - start


class ParallelWriter(Writer):
    """Defers writes until :meth:`flush`, then renders them on every core."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        workers = GuideConfig.from_settings(self.settings).workers
        self.workers = workers or os.cpu_count() or 1
        self.force = workers is not None
        self.deferred: list | None = [] if self.workers > 1 else None

    def write_file(self, *args, **kwargs):
        if self.deferred is None:
            return super().write_file(*args, **kwargs)
        self.deferred.append((args, kwargs))
        return None

    def flush(self) -> None:
        """Write everything queued so far; later writes go straight to disk."""
        global _queued
        jobs, self.deferred = self.deferred or [], None
        if len(jobs) < MIN_JOBS and not self.force:
            for args, kwargs in jobs:
                super().write_file(*args, **kwargs)
            return
        _queued = (self, jobs)
        try:
            with ProcessPoolExecutor(self.workers,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                ranges = [(i, min(i + CHUNK, len(jobs))) for i in range(0, len(jobs), CHUNK)]
                for future in [pool.submit(_write_range, *r) for r in ranges]:
                    future.result()  # re-raises a template error from the worker
        finally:
            _queued = None


def get_writer(pelican) -> type[Writer]:
    """``get_writer``: Pelican builds its writer from the class we return."""
    return ParallelWriter


def flush_articles(generator, writer=None) -> None:
    """``article_writer_finalized``: the articles generator has queued all its pages."""
    if isinstance(writer, ParallelWriter):
        writer.flush()
