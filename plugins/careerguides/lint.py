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

# One pattern, one group per kind of placeholder (what it is called in the message). Upper-case
# markers only: "todo app" is a real phrase, "TODO" never is. One pattern, not one per kind: every
# build lints every outline it renders (see count), so this runs over all of the site's text.
PLACEHOLDER = re.compile(
    r"(?P<marker>\b(?:TODO|TBD|FIXME|XXX)\b)"
    r"|(?P<filler>(?i:\blorem ipsum\b))"
    r"|(?P<numbered>(?i:\bquestion\s+#?\d+\b))"
    r"|(?P<free>(?i:\(free\)))")
_NUMBERED_HINT = re.compile(r"question\s+#?\d")  # a literal start: searched fast
_PLACEHOLDER_NAMES = {"marker": "placeholder", "filler": "filler text",
                      "numbered": "numbered placeholder", "free": "placeholder"}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_NOT_WORD = re.compile(r"[\W_]+")
_ASCII_NOT_WORD = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + b" " * 128

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
    dated: bool = False  # the finding depends on the day the check runs, not only on the file


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


def count(outline: Outline, *, dated: bool = True) -> int:
    """How many warnings :func:`lint` gives, without locating them: what a build counts.

    ``dated=False`` leaves out the rules that depend on the day (a build caches this count
    with the rendered outline, so it must not go stale; see progress.py).
    """
    return sum(1 for rule in RULES if dated or not rule.dated for _ in rule.check(outline))


def build_count(kind: str, model: Guide | Bank, located: Located) -> int:
    """The warnings a build counts while rendering an outline (the dated rules are counted
    per build, from the article's date, in progress.py)."""
    return count(Outline(kind, model, located, dt.date.today()), dated=False)


def _strings(data: object, loc: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))


def _texts(data: object, found: list[str]) -> list[str]:
    """Every text value, without locations (cheaper: most outlines need none)."""
    if isinstance(data, str):
        found.append(data)
    elif isinstance(data, dict | list):
        for value in data.values() if isinstance(data, dict) else data:
            _texts(value, found)
    return found


def _field(loc: Path) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    return repr(name)


def _may_hold_placeholder(text: str) -> bool:
    """A fast superset of PLACEHOLDER.search (substring tests; ~10x faster on clean text)."""
    low = text.lower()
    return (any(marker in text for marker in ("TODO", "TBD", "FIXME", "XXX"))
            or "lorem ipsum" in low or "(free)" in low or _NUMBERED_HINT.search(low) is not None)


def placeholders(o: Outline) -> Iterator[Finding]:
    if not _may_hold_placeholder("\0".join(_texts(o.located.data, []))):
        return  # the usual case, found in one cheap pass over all of the text
    for loc, text in _strings(o.located.data):
        if found := PLACEHOLDER.search(text):
            yield loc, (f"{_PLACEHOLDER_NAMES[found.lastgroup]} {found.group(0)!r} left in "
                        f"{_field(loc)}; replace it with the real text")


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
    seen: dict[str, Path] = {}
    behavioral = [(("behavioral", k), b) for k, b in enumerate(getattr(o.model, "behavioral", None)
                                                             or [])]
    for loc, q in [*_questions(o), *behavioral]:
        key = _normalised(q.q)
        if key in seen:
            yield loc, (f"question repeats the one on line {o.located.mark(seen[key])[0]}; remove "
                        "one of them or make them ask different things")
        else:
            seen[key] = loc


def _normalised(text: str) -> str:
    """Words only, case folded: "What is X?" and "what is x" are one question."""
    text = text.casefold()
    if text.isascii():  # the same result as below, several times faster (every build runs it)
        return b" ".join(text.encode().translate(_ASCII_NOT_WORD).split()).decode()
    return _NOT_WORD.sub(" ", text).strip()


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
    Rule("future-date", future_date, dated=True),
)
