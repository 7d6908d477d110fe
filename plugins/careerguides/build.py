"""A safe site build: Pelican writes into a staging folder, which replaces output/ only on success.

A failed build (any error logged, or an exception) leaves the previous ``output/`` exactly as it
was. A successful one moves in only the files whose bytes changed, so unchanged files keep their
modification times (cheap rsync deploys) and stale files are removed. Pages the page cache kept
(pagecache.py) are never written into the staging folder: they stay in output/ as they are.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from jinja2 import FileSystemBytecodeCache
from pelican import Pelican
from pelican.settings import read_settings

from .buildcache import cache_settings
from .pagecache import KEPT, PREVIOUS_OUTPUT, commit
from .problems import OutlineError

logger = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build did: whether it succeeded, its errors, what changed and how long it took."""

    ok: bool
    output: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: int = 0
    removed: int = 0
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)


class _Reporter(logging.Handler):
    """Collects warnings and errors from Pelican and the plugin, printing each once, plainly."""

    def __init__(self, stream: TextIO):
        super().__init__(logging.WARNING)
        self.stream = stream
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._reported: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        err = getattr(record, "outline_error", None)
        if isinstance(err, OutlineError):
            self._reported.add(err.path)
            lines = [str(p) for p in err.problems]
        else:
            message = record.getMessage()
            # Pelican follows a reader's error with "Could not process <file>": already said.
            failed = message.removeprefix("Could not process ")
            if failed != message and any(p.endswith(failed) for p in self._reported):
                self.errors.append(message)
                return
            level = "error" if record.levelno >= logging.ERROR else "warning"
            lines = [f"{level}: {message}"]
        (self.errors if record.levelno >= logging.ERROR else self.warnings).extend(lines)
        for line in lines:
            print(line, file=self.stream)


def build_site(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    stream: TextIO | None = None,
    cache: bool = True,
) -> BuildResult:
    """Build the site described by ``settings_file`` into ``output`` (default: its OUTPUT_PATH).

    Args:
        settings_file: a Pelican settings file.
        output: the folder to publish into; replaced only if the build succeeds.
        overrides: settings that win over the file's (e.g. ``{"SITEURL": ...}``).
        stream: where warnings and errors are printed (default stderr).
        cache: reuse what unchanged outlines rendered last time (see buildcache.py).
    """
    started = time.perf_counter()
    stream = stream or sys.stderr
    try:
        settings = read_settings(settings_file, override=dict(overrides or {}))
    except (OSError, ValueError, SyntaxError) as exc:  # a missing file or theme, a bad value
        print(f"error: {settings_file}: {exc}", file=stream)
        return BuildResult(ok=False, output=os.path.abspath(output or "output"), errors=[str(exc)])
    output = os.path.abspath(output or settings["OUTPUT_PATH"])
    parent = os.path.dirname(output)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".output.", dir=parent)
    settings["OUTPUT_PATH"] = staging
    if cache:
        settings.update(cache_settings(settings, os.path.dirname(os.path.abspath(settings_file))))
        settings[PREVIOUS_OUTPUT] = output  # unchanged pages are kept there (pagecache.py)
        settings[KEPT] = set()  # filled with their names
        # Compiled templates, keyed by Jinja on each template's source: ~0.3 s a build saved.
        jinja = os.path.join(settings["CACHE_PATH"], "jinja")
        os.makedirs(jinja, exist_ok=True)
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"],
                                         "bytecode_cache": FileSystemBytecodeCache(jinja)}
    reporter = _Reporter(stream)
    root = logging.getLogger()
    root.addHandler(reporter)
    result = BuildResult(ok=False, output=output)
    try:
        try:
            pelican = Pelican(settings)
            pelican.run()
        except Exception as exc:  # a template or writer error: report it, keep the old site
            logger.error("build failed: %s: %s", type(exc).__name__, exc,
                         exc_info=settings.get("DEBUG", False))
        finally:
            root.removeHandler(reporter)
        result.errors, result.warnings = reporter.errors, reporter.warnings
        if not result.errors:
            keep = set(settings.get("OUTPUT_RETENTION", []))
            result.written, result.removed = sync_tree(staging, output, keep,
                                                       settings.get(KEPT, set()))
            result.ok = True
    finally:  # also on Ctrl-C: no staging folder left behind, no keys for a site never synced
        shutil.rmtree(staging, ignore_errors=True)
        if cache:
            commit(settings["CACHE_PATH"], result.ok, output)
    result.seconds = time.perf_counter() - started
    return result


def sync_tree(src: str, dst: str, keep: set[str] = frozenset(),
              kept: set[str] = frozenset()) -> tuple[int, int]:
    """Make ``dst`` hold exactly ``src``'s files and the files named in ``kept``, touching only
    those that differ.

    Returns:
        (files written, files removed). Top-level names in ``keep`` are never removed.
    """
    written = removed = 0
    wanted: set[str] = {os.path.normpath(name) for name in kept}
    for folder, _dirs, files in os.walk(src):
        rel_folder = os.path.relpath(folder, src)
        target_folder = os.path.join(dst, rel_folder)
        if not os.path.isdir(target_folder):  # a stat is far cheaper than mkdir
            if os.path.lexists(target_folder):  # a file that is now a folder
                os.remove(target_folder)
                removed += 1
            os.makedirs(target_folder)
        for name in files:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            wanted.add(rel)
            target = os.path.join(dst, rel)
            source = os.path.join(src, rel)
            if os.path.isfile(target) and (os.path.samefile(source, target)  # a search store link
                                           or filecmp.cmp(source, target, shallow=False)):
                continue
            if os.path.isdir(target) and not os.path.islink(target):  # a folder now a file
                removed += sum(len(names) for _, _, names in os.walk(target))
                shutil.rmtree(target)
            os.replace(source, target)
            written += 1
    for folder, _dirs, files in os.walk(dst, topdown=False):
        rel_folder = os.path.relpath(folder, dst)
        if rel_folder.split(os.sep)[0] in keep:
            continue
        for name in files:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel not in wanted and rel.split(os.sep)[0] not in keep:
                os.remove(os.path.join(folder, name))
                removed += 1
        if folder != dst and not os.listdir(folder):
            os.rmdir(folder)
    return written, removed
