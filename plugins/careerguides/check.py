"""``careerguides check``: every problem the build would refuse, and content lint warnings.

Errors come from the loader the build itself uses (:func:`validation.validate` on
:func:`yamlsource.load_yaml`, :func:`bank.load_bank`), plus the checks the build makes across
files: two outlines written to one URL, and ``related:`` slugs that name no published article.
Warnings come from :mod:`careerguides.lint`. Slugs are collected from all of the content folder
(outlines and Markdown posts) even when only some files are checked.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .bank import load_bank
from .lint import Outline, lint
from .outline import Guide
from .problems import OutlineError, Problem, display_path
from .siteinfo import SiteInfo
from .validation import validate
from .yamlsource import MAX_BYTES, Located, Path, load_yaml

OUTLINE_EXTENSIONS = (".yaml", ".yml")
POST_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
_META = re.compile(r"^([A-Za-z][\w-]*):\s*(.*?)\s*$")


@dataclass
class Entry:
    """One article the build makes: where its slug is written, its URL and its related slugs."""

    path: str  # as displayed
    kind: str  # guide | bank | post
    slug: str
    published: bool
    where: tuple[int, int]  # line and column of the slug (or of the title it comes from)
    located: Located | None = None
    related: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Report:
    problems: list[Problem]
    files: int

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def run_check(site: SiteInfo, paths: Sequence[str] = ()) -> Report:
    """Check the outlines under ``paths`` (files or folders; default: all of the content folder)."""
    universe = list(_walk(site.content))
    targets = {os.path.abspath(p) for p in _expand(paths)} if paths else {
        p for p in universe if p.endswith(OUTLINE_EXTENSIONS)}
    problems: list[Problem] = []
    entries: list[Entry] = []
    for path in sorted(set(universe) | targets):
        found, entry = _read(site, path)
        if path in targets:
            problems += found
        if entry is not None:
            entries.append(entry)
    shown = {display_path(p) for p in targets}
    problems += _clashes(site, entries, shown)
    problems += _related(entries, shown)
    return Report(sorted(set(problems)), len(targets))


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(OUTLINE_EXTENSIONS + POST_EXTENSIONS):
                yield os.path.abspath(os.path.join(root, name))


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            yield from (p for p in _walk(path) if p.endswith(OUTLINE_EXTENSIONS))
        else:
            yield path  # a missing file is reported by _read


def _inside(folder: str, path: str) -> bool:
    return not os.path.relpath(os.path.abspath(path), folder).startswith("..")


def _read(site: SiteInfo, path: str) -> tuple[list[Problem], Entry | None]:
    shown = display_path(path)
    if path.endswith(POST_EXTENSIONS):
        return [], _post(site, path, shown)
    if not os.path.isfile(path):
        return [Problem(shown, 1, 1, "no such file; check the path")], None
    inside = _inside(site.content, path)
    kind = site.kind_of(path) if inside else None
    if inside and kind is None:
        # The reader refuses an outline it is given elsewhere; one the build never reads is lost.
        read = site.is_read(path)
        return [Problem(shown, 1, 1, (
            f"outlines belong in {site.cfg.guide_dir}/ (guides) or {site.cfg.bank_dir}/ "
            "(question banks) under the content folder; move the file there"
            + ("" if read else " (the build ignores it where it is)")),
            "error" if read else "warning")], None
    try:
        located = load_yaml(path)
        if kind is None:  # a file outside the content folder: a bank has a topic and questions
            data = located.data if isinstance(located.data, dict) else {}
            kind = "bank" if "topic" in data or "questions" in data else "guide"
        if kind == "bank":
            model, located = load_bank(path)
        else:
            model = validate(Guide, located)
    except OutlineError as err:
        return list(err.problems), None
    slug_loc: Path = ("slug",) if model.slug else ("title",)
    entry = Entry(shown, kind, model.slug or site.slugify(model.title),
                  model.status == "published" and not site.is_scheduled(model.date),
                  located.mark(slug_loc, key=True), located,
                  [(i, s) for i, s in enumerate(getattr(model, "related", []))])
    outline = Outline(kind, model, located, site.now().date(),
                      not site.settings.get("WITH_FUTURE_DATES", True))
    return lint(outline), entry


def _post(site: SiteInfo, path: str, shown: str) -> Entry | None:
    """A Markdown post's slug from its metadata header (``Slug:``, else from ``Title:``)."""
    from pelican.utils import get_date

    meta: dict[str, tuple[int, str]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, start=1):
            match = _META.match(line)
            if not match:
                break
            meta[match.group(1).lower()] = (number, match.group(2))
    where = meta.get("slug") or meta.get("title")
    if where is None:
        return None
    slug = meta["slug"][1] if "slug" in meta else site.slugify(meta["title"][1])
    published = meta.get("status", (0, "published"))[1].lower() == "published"
    if published and "date" in meta:
        with contextlib.suppress(ValueError, OverflowError):  # the build reports bad dates
            published = not site.is_scheduled(get_date(meta["date"][1]))
    return Entry(shown, "post", slug, published, (where[0], 1))


def _url(site: SiteInfo, entry: Entry, published: bool | None = None) -> str:
    s = site.settings
    published = entry.published if published is None else published
    pattern = (site.cfg.guide_url if entry.kind == "guide" else site.cfg.bank_url
               if entry.kind == "bank" else s["ARTICLE_URL"]) if published else s["DRAFT_URL"]
    try:
        return pattern.format(slug=entry.slug)
    except (KeyError, IndexError, ValueError):
        return f"{pattern} with slug {entry.slug!r}"


def _clashes(site: SiteInfo, entries: list[Entry], shown: set[str]) -> Iterator[Problem]:
    """Two articles at one URL fail the build; a clash to come, or an ambiguous slug, is a warning."""
    by_slug: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_slug[entry.slug].append(entry)
    for slug, same in by_slug.items():
        for entry in (e for e in same if e.path in shown):
            for other in (o for o in same if o is not entry):
                url = _url(site, entry)
                if url == _url(site, other):
                    what, severity = f"both would be written to {url}", "error"
                elif _url(site, entry, True) == _url(site, other, True):
                    what = f"both would be written to {_url(site, entry, True)} once published"
                    severity = "warning"
                else:
                    what, severity = "'related:' links to that slug are ambiguous", "warning"
                yield Problem(entry.path, *entry.where, (
                    f"slug {slug!r} is also used by {other.path}: {what}; give one of them its "
                    "own 'slug:'"), severity)


def _related(entries: list[Entry], shown: set[str]) -> Iterator[Problem]:
    """What ``questions.link_related`` refuses: a related slug no published article has."""
    published = {e.slug for e in entries if e.published}
    unpublished = {e.slug for e in entries if not e.published}
    for entry in entries:
        if entry.path not in shown or entry.located is None:
            continue
        for i, slug in entry.related:
            if slug in published:
                continue
            if slug in unpublished:
                reason = "that article is a draft or scheduled; publish it or remove the slug"
            else:
                close = difflib.get_close_matches(slug, sorted(published), n=1, cutoff=0.8)
                reason = ("no published guide or bank has that slug"
                          + (f"; did you mean {close[0]!r}?" if close else
                             "; fix it or remove it from 'related'"))
            severity = "error" if entry.published else "warning"  # the build skips drafts' links
            yield entry.located.problem(("related", i), f"unknown related slug {slug!r}: {reason}",
                                        severity=severity)


def as_json(report: Report) -> str:
    return json.dumps([p.as_dict() for p in report.problems], indent=2, ensure_ascii=False)


def as_text(report: Report) -> Iterator[str]:
    """``path:line:col: severity: message``, the source line and a caret under the column."""
    sources: dict[str, list[str]] = {}
    for problem in report.problems:
        yield str(problem)
        if problem.path not in sources:
            sources[problem.path] = _lines(problem.path)
        lines = sources[problem.path]
        if 0 < problem.line <= len(lines):
            text, column = _window(lines[problem.line - 1], problem.column - 1)
            yield "    " + text
            yield "    " + "".join("\t" if c == "\t" else " " for c in text[:column]) + "^"
    files = _plural(report.files, "outline", "outlines")
    yield (f"{_plural(report.errors, 'error', 'errors')}, "
           f"{_plural(report.warnings, 'warning', 'warnings')} in {files}"
           if report.problems else f"{files} checked: no problems")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lines(path: str) -> list[str]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES)  # a hostile 10 MB file shows its start, never all of it
    except OSError:
        return []
    return raw.decode("utf-8", errors="replace").splitlines()


def _window(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """At most ``width`` characters of a long line, around ``column``."""
    line = line.rstrip("\r\n")
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    return line[start:start + width], column - start
