"""Question bank outline -> bank document: counts, numbered entries, question slugs, filled FAQ.

Pure: takes the validated model (and, for checks, the located YAML); no Pelican.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass

from markdown.extensions.toc import slugify
from markupsafe import Markup

from .config import GuideConfig
from .generate import literal
from .markup import MarkdownRenderer, plain_text
from .outline import LEVELS, Bank, BankQuestion
from .problems import OutlineError, Problem
from .validation import validate
from .wording import fill
from .yamlsource import Located, load_yaml

FAQ_PLACEHOLDERS = ("count", "beginner", "intermediate", "senior", "topic")
_MAX_SLUG = 80
# A bank page must stay under 100 KB with the theme's CSS and JS. Each question costs it about
# PER_QUESTION bytes before its answer (number, link, level tag, anchor, ItemList entry), so a
# bank carries its answers inline only while that and the answers fit INLINE_BUDGET; past it the
# page lists the questions and each answer opens in place from the question's own page
# (bank-answers.js), or is one click away there without JavaScript.
INLINE_BUDGET = 60_000
PER_QUESTION = 600


@dataclass(frozen=True)
class Counts:
    total: int
    beginner: int
    intermediate: int
    senior: int

    def of(self, level: str) -> int:
        return getattr(self, level)


@dataclass(frozen=True)
class Entry:
    """A bank question as pages show it; ``number`` is its place in the outline."""

    number: int
    slug: str
    q: str
    level: str
    answer: Markup
    details: Markup
    tags: tuple[str, ...]
    has_page: bool
    url: str | None  # site-relative URL of its own page, when it has one


@dataclass(frozen=True)
class BankDocument:
    intro: Markup
    counts: Counts
    entries: tuple[Entry, ...]
    list_heading: str
    faq_heading: str
    faq: tuple[tuple[str, Markup], ...]
    url: str  # site-relative URL of the bank's own page
    inline_answers: bool = True  # False: answers live on the questions' pages only

    def href(self, entry: Entry, siteurl: str = "") -> str | None:
        """The link from the bank to a question's page: relative when it lies below the bank's
        (``slug/``), as it does by default; 97 absolute URLs cost a big bank 6 KB."""
        if not entry.url:
            return None
        base = self.url.rpartition("/")[0] + "/" if "/" in self.url else ""
        if entry.url.startswith(base) and entry.url != base:
            return entry.url[len(base):]
        return f"{siteurl}/{entry.url}"

    def faq_jsonld(self) -> str | None:
        """FAQPage structured data, safe to place inside a ``<script>`` element."""
        if not self.faq:
            return None
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {"@type": "Question", "name": q,
                 "acceptedAnswer": {"@type": "Answer", "text": plain_text(a)}}
                for q, a in self.faq
            ],
        }
        return _script_safe_json(data)


def question_slug(question: BankQuestion) -> str:
    """The question's URL segment: its ``slug:``, else one made from its text.

    Never its position, so reordering questions never changes a URL.
    """
    if question.slug:
        return question.slug
    slug = slugify(question.q, "-")[:_MAX_SLUG].rstrip("-")
    if len(slug) == _MAX_SLUG:  # cut at a word boundary
        slug = slug.rsplit("-", 1)[0]
    return slug or "q-" + hashlib.sha1(question.q.encode()).hexdigest()[:10]


def count_levels(bank: Bank) -> Counts:
    levels = [q.level for q in bank.questions]
    return Counts(len(levels), *(levels.count(level) for level in LEVELS))


def load_bank(path) -> tuple[Bank, Located]:
    """Read, validate and check one bank outline; the located data serves later checks.

    Raises:
        OutlineError: every problem in the file, each with its line and column.
    """
    located = load_yaml(path)
    bank = validate(Bank, located)
    problems = check_bank(bank, located)
    if problems:
        raise OutlineError(problems)
    return bank, located


def check_bank(bank: Bank, located: Located) -> list[Problem]:
    """What the schema cannot see: clashing question slugs and unknown FAQ placeholders."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for i, question in enumerate(bank.questions):
        slug = question_slug(question)
        line = located.mark(("questions", i))[0]
        if slug in first_line:
            problems.append(located.problem(("questions", i), (
                f"question slug {slug!r} is used twice in this bank, on lines {first_line[slug]} "
                f"and {line}; give one of them its own 'slug:'")))
        else:
            first_line[slug] = line
    allowed = ", ".join("{" + p + "}" for p in FAQ_PLACEHOLDERS)
    for i, item in enumerate(bank.faq):
        for field in ("q", "a"):
            text = getattr(item, field)
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            except ValueError:
                problems.append(located.problem(("faq", i, field), (
                    f"unbalanced brace in FAQ text; write {{{{ or }}}} for a literal brace, "
                    f"or use one of {allowed}")))
                continue
            for name in sorted(names - set(FAQ_PLACEHOLDERS)):
                problems.append(located.problem(("faq", i, field), (
                    f"unknown placeholder {{{name}}} in FAQ text (expected one of {allowed})")))
    return problems


def generate_bank(bank: Bank, bank_slug: str, cfg: GuideConfig, md: MarkdownRenderer) -> BankDocument:
    """Word the bank's page; question page URLs come from ``QUESTION_URL`` and the bank's slug."""
    counts = count_levels(bank)
    plain = {"count": counts.total, "beginner": counts.beginner,
             "intermediate": counts.intermediate, "senior": counts.senior,
             "topic": bank.topic, "year": bank.date.year}
    values = {**plain, "topic": literal(bank.topic)}
    entries = []
    for number, question in enumerate(bank.questions, start=1):
        slug = question_slug(question)
        url = cfg.question_url.format(bank=bank_slug, slug=slug) if question.has_page else None
        entries.append(Entry(number, slug, question.q, question.level, md.block(question.answer),
                             md.block(question.details), tuple(question.tags), question.has_page,
                             url))
    answers = sum(len(e.answer.encode()) for e in entries if e.has_page)
    s = cfg.sentences
    return BankDocument(
        intro=md.block(bank.intro or fill(s["bank_intro"], values)),
        counts=counts,
        entries=tuple(entries),
        list_heading=fill(s["bank_list_heading"], plain),
        faq_heading=s["faq_heading"],
        faq=tuple((fill(f.q, plain), md.block(fill(f.a, values))) for f in bank.faq),
        url=cfg.bank_url.format(slug=bank_slug),
        inline_answers=answers + PER_QUESTION * len(entries) <= INLINE_BUDGET,
    )


def _script_safe_json(data: object) -> str:
    # "</script>" or "<!--" inside a string must not end the element early.
    return (json.dumps(data, ensure_ascii=False, indent=None)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
