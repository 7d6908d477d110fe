"""Render outlines in worker processes while Pelican reads the rest (two cores, twice the pace).

Pelican reads files one by one; on ``article_generator_init`` the reader hands every outline
that is not in the content cache to a pool of forked workers, and each later ``read()`` only
collects its result. Small sites skip the pool: forking costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from .pipeline import Pipeline, Rendered

MIN_OUTLINES = 48  # below this, one process is faster than starting workers

_worker_pipeline: Pipeline | None = None  # set in each worker process by _start_worker


def _start_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _render(path: str, kind: str) -> Rendered:
    assert _worker_pipeline is not None
    return _worker_pipeline.render(path, kind)


class Prefetcher:
    """Outline renders under way in worker processes, collected by path."""

    def __init__(self, pipeline: Pipeline, workers: int | None):
        self.pipeline = pipeline
        self.workers = workers or os.cpu_count() or 1
        self.futures: dict[str, Future] = {}
        self.executor: ProcessPoolExecutor | None = None

    def start(self, jobs: list[tuple[str, str]], force: bool = False) -> None:
        """Submit ``(path, kind)`` jobs, unless the site is too small to gain from it."""
        if self.workers < 2 or not jobs or (len(jobs) < MIN_OUTLINES and not force):
            return
        # fork: workers inherit the loaded modules and the pipeline instead of importing anew.
        self.executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(self.pipeline,))
        # Large files first would balance better, but outline order keeps memory flat.
        self.futures = {path: self.executor.submit(_render, path, kind) for path, kind in jobs}

    def take(self, path: str) -> Rendered | None:
        """The worker's result for ``path`` (re-raising its OutlineError), or None if not sent."""
        future = self.futures.pop(path, None)
        if future is None:
            return None
        try:
            return future.result()
        finally:
            if not self.futures:
                self.close()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        self.futures.clear()
