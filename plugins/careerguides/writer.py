"""Pelican's Writer, with the articles generator's pages rendered by worker processes.

Rendering thousands of article and listing pages through Jinja is most of a large build, and
Pelican does it on one core. This writer (offered through Pelican's ``get_writer`` signal)
queues the articles generator's ``write_file`` calls and, when that generator is done
(``article_writer_finalized``), renders the queue in forked workers that inherit the templates
and context: a job per page (a long listing is spread over the workers too), with other work
handed over by :meth:`ParallelWriter.defer` (the feeds) going first. Later generators (pages,
static files) write directly; the question pages generator queues its pages in a
:meth:`ParallelWriter.batch` of their own. Pages whose inputs are unchanged since the last good
build are kept, neither rendered nor written (pagecache.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial

from blinker import signal
from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from .config import GuideConfig
from .pagecache import PageCache, PageTemplate, Unstable

# Sent, like Pelican's content_written, for each page kept from the last good build: nothing is
# written, but the page is part of the site (the sitemap lists it).
page_kept = signal("careerguides_page_kept")

MIN_JOBS = 200  # below this, one process is faster than forking
CHUNK = 25

# write_file's arguments that are not template variables ("paginated" is the lists themselves)
_WRITE_ARGS = frozenset({"relative_urls", "template_name", "override_output", "url"})
_NAMED_ARGS = _WRITE_ARGS | {"paginated"}

_queued: tuple[Writer, list[Callable[[], None]]] | None = None  # inherited by forked workers


def _write_range(start: int, stop: int) -> tuple[dict[str, list], list[str]]:
    """Write jobs ``start:stop``; returns the page cache's notes and the files written."""
    assert _queued is not None
    writer, jobs = _queued
    cache = writer.page_cache
    if cache is not None:
        cache.written = {}
    writer.opened = []
    for job in jobs[start:stop]:
        job()
    return (cache.written if cache is not None else {}), writer.opened


class ParallelWriter(Writer):
    """Defers writes until :meth:`flush`, then renders them on every core."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        workers = GuideConfig.from_settings(self.settings).workers
        self.workers = workers or os.cpu_count() or 1
        self.force = workers is not None
        self.deferred: list | None = []
        self.tasks: list[Callable[[], None]] = []  # other work for the next flush (feeds)
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
        return super()._open_w(filename, encoding, override)

    def defer(self, task: Callable[[], None]) -> bool:
        """Run ``task``, which writes files of its own (a feed), with the queued pages on every
        core, ahead of them. False if nothing is queued: the caller runs it."""
        if self.deferred is None:
            return False
        self.tasks.append(task)
        return True

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Queue the writes made inside the block, and write them on every core at its end."""
        self.deferred = []
        yield
        self.flush()

    def flush(self) -> None:
        """Write everything queued so far; later writes go straight to disk."""
        global _queued
        deferred, self.deferred = self.deferred or [], None
        tasks, self.tasks = self.tasks, []
        if self.page_cache is not None:
            pages = self._cached(deferred)
        else:
            pages = [partial(Writer.write_file, self, *args, **kwargs) for args, kwargs in deferred]
        jobs = tasks + pages
        _queued = (self, jobs)
        written: dict[str, list] = {}
        try:
            if self.workers == 1 or (len(jobs) < MIN_JOBS and not self.force):
                written, _ = _write_range(0, len(jobs))
            else:
                opened: list[str] = []
                with ProcessPoolExecutor(self.workers,
                                         mp_context=multiprocessing.get_context("fork")) as pool:
                    # A task is slower than a page: each goes alone, first, not to be the tail.
                    ranges = [(i, i + 1) for i in range(len(tasks))]
                    ranges += [(i, min(i + CHUNK, len(jobs)))
                               for i in range(len(tasks), len(jobs), CHUNK)]
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

    def _cached(self, deferred: list) -> list[Callable[[], None]]:
        """The deferred calls as jobs: pages kept from the last good build are left out, the
        others' templates are wrapped to note their keys (pagecache.py)."""
        cache = self.page_cache
        jobs: list[Callable[[], None]] = []
        digested: set[int] = set()
        try:
            for (name, template, context, *rest), kwargs in deferred:
                if id(context) not in digested:
                    digested.add(id(context))
                    for article in context.get("articles", ()):  # each once, before forking
                        cache.digests.full(article)
                # write_file's own arguments vs what it passes on to the template
                own = {k: kwargs.get(k) for k in sorted(_WRITE_ARGS)}
                site = cache.site_key(context) + cache.digests.value(own)
                names = frozenset(kwargs) - _NAMED_ARGS
                if not name or rest:  # not a call _pages knows: Pelican writes it
                    page = PageTemplate(template, cache, site, names)
                    jobs.append(partial(Writer.write_file, self, name, page, context, *rest,
                                        **kwargs))
                    continue
                override = kwargs.get("override_output", False)
                # A job a page, so that a long listing is spread over the workers too. A page's
                # variables are made where it is rendered: thousands of copies of the context
                # held until the flush ends cost the main process ~23 MiB at 3,000 guides.
                for page_name, variables in _pages(name, context, kwargs, self.settings):
                    key = None  # a new page: its worker works the key out as it renders
                    if page_name in cache.previous:
                        local = variables()
                        if local["localsiteurl"]:  # as Pelican's _write_file leaves it
                            context["localsiteurl"] = local["localsiteurl"]
                        try:
                            key = cache.page_key(site, template.name, names, local)
                        except Unstable:  # rendered, not noted: the next build renders it again
                            jobs.append(partial(self._write_page, template, context, variables,
                                                page_name, override))
                            continue
                        if cache.reusable(page_name, key):
                            self._keep(page_name, local)
                            continue
                    page = PageTemplate(template, cache, site, names, key)
                    jobs.append(partial(self._write_page, page, context, variables, page_name,
                                        override))
        except Unstable:  # no stable key for the site: render everything, as without a cache
            self.page_cache = None
            return [partial(Writer.write_file, self, *args, **kwargs) for args, kwargs in deferred]
        return jobs

    def _write_page(self, template, context: dict, variables: Callable[[], dict], name: str,
                    override: bool) -> None:
        """Write one page as Pelican's write_file does (its _write_file)."""
        local = variables()
        if local["localsiteurl"]:  # content objects adjust their links through the shared context
            context["localsiteurl"] = local["localsiteurl"]
        output = template.render(local)
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with self._open_w(path, "utf-8", override=override) as fh:
            fh.write(output)
        signals.content_written.send(path, context=local)

    def _keep(self, name: str, local: dict) -> None:
        """A page kept as output/ has it: Pelican's duplicate-path check still sees its path."""
        path = sanitised_join(self.output_path, name)
        self.page_cache.keep(name)
        self._written_files.add(path)
        page_kept.send(path, context=local)


def _pages(name: str, context: dict, kwargs: dict,
           settings: dict) -> list[tuple[str, Callable[[], dict]]]:
    """The pages Pelican's ``write_file(name, template, context, **kwargs)`` makes: each file name
    with a function that makes its template variables, as its pagination loop and
    ``_get_localcontext`` make them.
    (Should they ever differ, keys differ too, and pages are rendered: slower, never stale.)"""
    variables = {k: v for k, v in kwargs.items() if k not in _NAMED_ARGS}
    relative = kwargs.get("relative_urls", False)
    paginated = kwargs.get("paginated")
    if paginated is None:
        paginated = {k: v for k, v in variables.items() if k in ("articles", "dates")}
    template_name = kwargs.get("template_name")
    if not (paginated and template_name in settings["PAGINATED_TEMPLATES"]):
        return [(name, partial(_local_context, context, name, variables, relative))]
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {key: Paginator(name, kwargs.get("url"), value, settings, per_page)
                  for key, value in paginated.items()}
    first = next(iter(paginators.values()))
    return [(first.page(number).save_as,
             partial(_page_context, context, variables, relative, paginators, number))
            for number in range(1, first.num_pages + 1)]


def _page_context(context: dict, variables: dict, relative_urls: bool,
                  paginators: dict[str, Paginator], number: int) -> dict:
    """The template variables of page ``number`` of a paginated listing."""
    page_variables = dict(variables)
    for key, paginator in paginators.items():
        page = paginator.page(number)
        page_variables.update({
            f"{key}_paginator": paginator,
            f"{key}_page": page,
            f"{key}_previous_page": paginator.page(number - 1) if number > 1 else None,
            f"{key}_next_page": paginator.page(number + 1) if number < paginator.num_pages else None,
        })
    return _local_context(context, page.save_as, page_variables, relative_urls)


def _local_context(context: dict, name: str, variables: dict, relative_urls: bool) -> dict:
    """The template variables Pelican's write_file gives one page (its _get_localcontext)."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = name
    local.update(variables)
    return local


def get_writer(pelican) -> type[Writer]:
    """``get_writer``: Pelican builds its writer from the class we return."""
    return ParallelWriter


def flush_articles(generator, writer=None) -> None:
    """``article_writer_finalized``: the articles generator has queued all its pages."""
    if isinstance(writer, ParallelWriter):
        writer.flush()
