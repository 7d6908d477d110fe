"""Content lint: warnings about outlines the build accepts but a reader would notice.

Table-driven: each :class:`Rule` is a name and a function that yields ``(location, message)``
pairs for one valid outline; every message says what to change. Errors (what the build refuses)
are not found here: they come from the loader itself (see check.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .outline import QUESTION_CATEGORIES, Bank, Guide
from .problems import Problem
from .yamlsource import Located, Path

MAX_SUMMARY = 160  # what search results show before cutting
MAX_TITLE = 70

# (pattern, what it is). Upper-case markers only: "todo app" is a real phrase, "TODO" never is.
PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(TODO|TBD|FIXME|XXX)\b"), "placeholder {found!r}"),
    (re.compile(r"(?i)\blorem ipsum\b"), "filler text {found!r}"),
    (re.compile(r"(?i)\bquestion\s+#?\d+\b"), "numbered placeholder {found!r}"),
    (re.compile(r"(?i)\(free\)"), "placeholder {found!r}"),
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_NOT_WORD = re.compile(r"[\W_]+")

Finding = tuple[Path, str] | tuple[Path, str, bool]


@dataclass(frozen=True)
class Outline:
    """A valid outline and what the rules need to judge it."""

    kind: str  # guide | bank
    model: Guide | Bank
    located: Located
    today: dt.date
    future_is_scheduled: bool = True  # WITH_FUTURE_DATES = False: future dates wait


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Outline], Iterator[Finding]]


def lint(outline: Outline) -> list[Problem]:
    """Every warning for one valid outline, each at the line of the value it is about.

    A rule may add ``True`` to a finding to point at the field's key rather than its value.
    """
    problems = []
    for rule in RULES:
        for loc, message, *at_key in rule.check(outline):
            problems.append(outline.located.problem(loc, message, key=bool(at_key),
                                                    severity="warning"))
    return problems


def _strings(data: object, loc: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))


def _field(loc: Path) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    return repr(name)


def placeholders(o: Outline) -> Iterator[Finding]:
    for loc, text in _strings(o.located.data):
        for pattern, what in PLACEHOLDERS:
            if found := pattern.search(text):
                yield loc, (f"{what.format(found=found.group(0))} left in {_field(loc)}; "
                            "replace it with the real text")
                break


def _questions(o: Outline) -> Iterator[tuple[Path, object]]:
    """Concrete questions with their locations, in outline order."""
    if isinstance(o.model, Bank):
        for i, q in enumerate(o.model.questions):
            yield ("questions", i), q
        return
    for i, area in enumerate(o.model.competencies):
        for category in QUESTION_CATEGORIES:
            for j, q in enumerate(area.questions.of(category)):
                yield ("competencies", i, "questions", category, j), q


def empty_areas(o: Outline) -> Iterator[Finding]:
    if not isinstance(o.model, Guide):
        return
    for i, area in enumerate(o.model.competencies):
        if area.questions.count == 0:
            yield ("competencies", i), (
                f"competency area {area.name!r} has no question of its own, so every category "
                "shows only its generic prompt; write it as '- name: ...' with 'questions:' and "
                "add at least one (e.g. under 'technical:')")


def repeated_questions(o: Outline) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    behavioral = [(("behavioral", k), b) for k, b in enumerate(getattr(o.model, "behavioral", None)
                                                             or [])]
    for loc, q in [*_questions(o), *behavioral]:
        key = _NOT_WORD.sub(" ", q.q.casefold()).strip()
        line = o.located.mark(loc)[0]
        if key in seen:
            yield loc, (f"question repeats the one on line {seen[key]}; remove one of them or "
                        "make them ask different things")
        else:
            seen[key] = line


def unanswered(o: Outline) -> Iterator[Finding]:
    for loc, q in _questions(o):
        if isinstance(o.model, Bank):
            if not q.has_page:
                yield loc, ("question has no 'answer' or 'details', so it gets no page of its "
                            "own; add a short 'answer:'")
        elif not q.answer:
            yield loc, ("question has no 'answer'; write it as '- q: ...' with an 'answer:' "
                        "saying what a strong answer covers")


def bank_levels(o: Outline) -> Iterator[Finding]:
    if not isinstance(o.model, Bank):
        return
    levels = {q.level for q in o.model.questions}
    for level, who in (("beginner", "newcomers"), ("senior", "experienced candidates")):
        if level not in levels:
            yield ("questions",), (f"bank has no {level} question; add at least one with "
                                   f"'level: {level}' so {who} find something at their level"), True


def summary(o: Outline) -> Iterator[Finding]:
    text = o.model.summary
    if not text:
        yield (), (f"no 'summary'; add one or two sentences (at most {MAX_SUMMARY} characters) "
                   "for search results, cards and feeds")
    elif len(text) > MAX_SUMMARY:
        yield ("summary",), (f"'summary' is {len(text)} characters; shorten it to {MAX_SUMMARY} "
                             "or fewer so search results show it whole")


def title(o: Outline) -> Iterator[Finding]:
    text = o.model.title
    if len(text) > MAX_TITLE:
        yield ("title",), (f"'title' is {len(text)} characters; shorten it to {MAX_TITLE} or "
                           "fewer so search results show it whole")
    year = o.model.date.year
    for found in _YEAR.finditer(text):
        if int(found.group(1)) < year:
            yield ("title",), (f"'title' says {found.group(1)} but the outline is dated {year}; "
                               f"update the year in the title (or the date)")


def future_date(o: Outline) -> Iterator[Finding]:
    date = o.model.date
    day = date.date() if isinstance(date, dt.datetime) else date
    if day <= o.today:
        return
    if o.future_is_scheduled:
        yield ("date",), (f"'date' {day.isoformat()} is in the future, so the outline is "
                          "scheduled: it stays out of listings and feeds until then; set today's "
                          "date to publish it now")
    else:
        yield ("date",), (f"'date' {day.isoformat()} is in the future but is published now "
                          "(WITH_FUTURE_DATES is on); set the real publication date")


RULES: tuple[Rule, ...] = (
    Rule("placeholder", placeholders),
    Rule("empty-area", empty_areas),
    Rule("repeated-question", repeated_questions),
    Rule("unanswered", unanswered),
    Rule("bank-levels", bank_levels),
    Rule("summary", summary),
    Rule("title", title),
    Rule("future-date", future_date),
)
