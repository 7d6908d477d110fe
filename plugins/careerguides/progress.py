"""A build's progress bar and closing summary, from Pelican's signals.

The bar (rich, which Pelican already depends on) shows only when stderr is a terminal and the site
has many pages; anywhere else the output stays plain text. The summary counts what the build
made: pages by kind, words, the range of read times, warnings and seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from pelican import signals
from pelican.contents import Article, Page

# Where an ArticlesGenerator keeps what it read (Pelican 4.x): published, drafts, hidden.
_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                  "hidden_translations")
MIN_PAGES = 50  # smaller sites build in about a second: a bar would only flicker

_KINDS = (("guide", "guide", "guides"), ("bank", "question bank", "question banks"),
          ("post", "post", "posts"), ("page", "page", "pages"),
          ("question", "question page", "question pages"))


@dataclass
class BuildStats:
    """What one build made; filled in by :class:`BuildObserver`."""

    kinds: Counter = field(default_factory=Counter)
    words: int = 0
    minutes: list[int] = field(default_factory=list)
    drafts: int = 0  # written to drafts/, in no listing
    content_warnings: int = 0  # what `careerguides check` lints in the outlines built

    def as_dict(self) -> dict[str, Any]:
        return {"kinds": dict(self.kinds), "words": self.words, "drafts": self.drafts,
                "read_minutes": [min(self.minutes), max(self.minutes)] if self.minutes else [],
                "content_warnings": self.content_warnings}


class _Stream:
    """Where the build prints warnings: through the live bar while it shows, else straight on."""

    def __init__(self, target: TextIO):
        self.target = target
        self.proxy: TextIO | None = None

    def write(self, text: str) -> int:
        return (self.proxy or self.target).write(text)

    def flush(self) -> None:
        (self.proxy or self.target).flush()


class BuildObserver:
    """Watches one build through Pelican's signals: counts what it makes, shows a progress bar.

    Use as a context manager around :func:`careerguides.build.build_site`, passing
    :attr:`stream` as its ``stream``.
    """

    def __init__(self, stream: TextIO | None = None, progress: bool | None = None,
                 min_pages: int = MIN_PAGES):
        target = stream or sys.stderr
        self.stream = _Stream(target)
        self.show = target.isatty() if progress is None else progress
        self.min_pages = min_pages
        self.stats = BuildStats()
        self.total = 0
        self.bar: Any = None  # rich.progress.Progress while it shows
        self.task: Any = None

    def __enter__(self) -> BuildObserver:
        for signal, receiver in self._receivers():
            signal.connect(receiver, weak=False)
        return self

    def __exit__(self, *exc: object) -> None:
        for signal, receiver in self._receivers():
            signal.disconnect(receiver)
        self._stop()

    def _receivers(self):
        return ((signals.article_generator_init, self._count_sources),
                (signals.page_generator_init, self._count_sources),
                (signals.content_object_init, self._read_one),
                (signals.all_generators_finalized, self._collect),
                (signals.content_written, self._wrote_one),
                (signals.finalized, self._finished))

    def _count_sources(self, generator) -> None:
        key = "ARTICLE" if hasattr(generator, "drafts") else "PAGE"
        s = generator.settings
        self.total += len(generator.get_files(s[f"{key}_PATHS"], exclude=s[f"{key}_EXCLUDES"]))

    def _read_one(self, instance) -> None:
        if not isinstance(instance, Article | Page):
            return
        if self.bar is None and self.show and self.total >= self.min_pages:
            self._start()
        if self.bar is not None:
            self.bar.advance(self.task)

    def _collect(self, generators) -> None:
        for generator in generators:
            for article in getattr(generator, "articles", None) or []:
                kind = getattr(article, "kind", "post")
                self.stats.kinds[kind] += 1
                readtime = getattr(article, "readtime", None)
                if readtime is not None:
                    self.stats.words += readtime.words
                    self.stats.minutes.append(readtime.minutes)
            self.stats.drafts += len(getattr(generator, "drafts", None) or [])
            self.stats.content_warnings += content_warnings(generator)
            self.stats.kinds["page"] += len(getattr(generator, "pages", None) or [])
            self.stats.kinds["question"] += len(getattr(generator, "question_pages", None) or [])
        if self.bar is not None:  # how many files the writers make is not known beforehand
            self.bar.remove_task(self.task)
            self.task = self.bar.add_task("Writing pages", total=None)

    def _wrote_one(self, path, context=None) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def _finished(self, pelican) -> None:
        self._stop()

    def _start(self) -> None:
        from rich.console import Console
        from rich.file_proxy import FileProxy
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(file=self.stream.target)
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            console=console, transient=True, redirect_stderr=False)
        self.task = self.bar.add_task("Reading content", total=self.total)
        self.stream.proxy = FileProxy(console, self.stream.target)  # warnings print above it
        self.bar.start()

    def _stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        if self.stream.proxy is not None:
            self.stream.proxy.flush()
            self.stream.proxy = None


def content_warnings(generator) -> int:
    """Lint warnings in every outline the generator read, published or not.

    The pipeline counts them while it renders each outline (``lint_warnings``, kept in Pelican's
    content cache with the rest of its metadata), so no file is read twice. Only "dated in the
    future" depends on the day of the build rather than the file: it is counted here.
    """
    outlines = [a for name in _ARTICLE_LISTS for a in getattr(generator, name, None) or []
                if getattr(a, "kind", None) in ("guide", "bank")]
    if not outlines:
        return 0
    tz = zoneinfo.ZoneInfo(generator.settings.get("TIMEZONE") or "UTC")
    today = dt.datetime.now(tz).date()
    return sum(getattr(a, "lint_warnings", 0) + (a.date.date() > today) for a in outlines)


def summary(stats: BuildStats, *, output: str, seconds: float, warnings: int, written: int,
            removed: int, drafts_included: bool = False) -> str:
    """Three plain lines: what was built; words, read times and files; warnings.

    ``warnings`` are those the build logged; content warnings (lint) come from ``stats``.
    """
    parts = [_plural(stats.kinds[k], one, many) for k, one, many in _KINDS if stats.kinds[k]]
    if stats.drafts:
        parts.append(f"{_plural(stats.drafts, 'draft', 'drafts')} (in drafts/, not listed)")
    made = ", ".join(parts) or "no pages"
    if drafts_included:
        made += "; drafts included and marked: do not publish this build"
    low, high = (min(stats.minutes), max(stats.minutes)) if stats.minutes else (0, 0)
    times = f"read times {low}-{high} min" if low != high else f"read time {low} min"
    lint = _plural(stats.content_warnings, "content warning", "content warnings")
    if stats.content_warnings:
        lint += " (run 'careerguides check' to see them)"
    return (f"built {output} in {seconds:.2f} s: {made}\n"
            f"  {stats.words:,} words, {times}, {written} file(s) written, {removed} removed\n"
            f"  {lint}, {_plural(warnings, 'build warning', 'build warnings')}")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@contextlib.contextmanager
def quiet_pelican() -> Iterator[None]:
    """Pelican prints its own one-line tally on stdout; the summary above replaces it."""
    from pelican.log import console

    before = console.quiet
    console.quiet = True
    try:
        yield
    finally:
        console.quiet = before
