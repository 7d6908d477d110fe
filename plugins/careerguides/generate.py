"""Guide outline -> guide document: every sentence chosen and worded, nothing yet in HTML layout.

Pure: takes the validated model, the frozen config and a Markdown renderer; no Pelican.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify_unicode, unique
from markupsafe import Markup

from .config import GuideConfig
from .markup import MarkdownRenderer
from .outline import QUESTION_CATEGORIES, Competency, Guide
from .wording import fill, join_words, mid_sentence, money, number_words, sentence_start, with_article


@dataclass(frozen=True)
class Item:
    """One entry of an area's list: a concrete question, or the category's prompt."""

    category: str
    label: str
    text: str | Markup  # plain question text (escaped by the template) or a rendered prompt
    is_prompt: bool
    level: str | None = None
    answer: Markup | None = None


@dataclass(frozen=True)
class Section:
    id: str
    heading: str


@dataclass(frozen=True)
class Area(Section):
    intro: Markup
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Tip:
    q: str
    tip: Markup


@dataclass(frozen=True)
class GuideDocument:
    """What a guide says, section by section, ready for a template."""

    intro: Markup
    areas: tuple[Area, ...]
    behavioral: Section
    behavioral_items: tuple[Tip, ...]
    prepare: Section
    prepare_items: tuple[Markup, ...]

    @property
    def toc(self) -> list[dict[str, str]]:
        sections = (*self.areas, self.behavioral, self.prepare)
        return [{"id": s.id, "title": s.heading} for s in sections]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def literal(value: str) -> str:
    """Plain text made safe to splice into a Markdown sentence: it shows exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


def generate_guide(guide: Guide, cfg: GuideConfig, md: MarkdownRenderer) -> GuideDocument:
    """Word every generated part of ``guide``; outline overrides win over config defaults."""
    names = cfg.proper_names
    focus_list = guide.focus or [mid_sentence(c.name, names) for c in guide.competencies]
    plain = {
        "role": guide.role,
        "a_role": with_article(guide.role),
        "year": guide.date.year,
        "title": guide.title,
        "topic": guide.role,
        "focus": join_words(focus_list),
        "process": join_words(guide.process),
        "process_count": number_words(len(guide.process)),
    }
    values = _as_markdown(plain)
    ids: set[str] = set()
    areas = tuple(_area(c, guide, cfg, md, plain, ids) for c in guide.competencies)
    tips = (
        tuple(Tip(b.q, md.block(b.tip)) for b in guide.behavioral)
        if guide.behavioral
        else tuple(Tip(fill(q, plain), md.block(fill(t, values))) for q, t in cfg.behavioral)
    )
    prep = guide.preparation or [fill(t, values) for t in cfg.preparation]
    s = cfg.sentences
    return GuideDocument(
        intro=md.block(guide.intro) if guide.intro else md.block(_intro(guide, cfg, values)),
        areas=areas,
        behavioral=Section(_unique_id(s["behavioral_heading"], ids), s["behavioral_heading"]),
        behavioral_items=tips,
        prepare=Section(_unique_id(s["prepare_heading"], ids), s["prepare_heading"]),
        prepare_items=tuple(md.inline(t) for t in prep),
    )


def _intro(guide: Guide, cfg: GuideConfig, values: dict) -> str:
    """The opening paragraph, one sentence per fact the outline gives."""
    s = cfg.sentences
    parts = [fill(s["intro"], values)]
    if guide.process:
        parts.append(fill(s["process"], values))
    if guide.focus:
        parts.append(fill(s["focus"], values))
    if guide.salary:
        pay = money(guide.salary.amount, guide.salary.currency, cfg.locale)
        level = guide.salary.level
        key = "salary" if level else "salary_no_level"
        parts.append(fill(s[key], {**values, "salary": pay, "salary_level": literal(level or "")}))
    return " ".join(sentence_start(p) for p in parts)


def _area(c: Competency, guide: Guide, cfg: GuideConfig, md: MarkdownRenderer, plain: dict,
          ids: set[str]) -> Area:
    plain = {**plain, "area": mid_sentence(c.name, cfg.proper_names), "area_title": c.name}
    area_values = _as_markdown(plain)
    heading = fill(cfg.sentences["area_heading"], plain)
    items: list[Item] = []
    for category in QUESTION_CATEGORIES:
        label = cfg.category_labels[category]
        questions = c.questions.of(category)
        if questions:
            items += [Item(category, label, q.q, False, q.level, md.block(q.answer))
                      for q in questions]
        else:
            prompt = getattr(guide.prompts, category) or fill(cfg.prompts[category], area_values)
            items.append(Item(category, label, md.inline(prompt), True))
    intro = c.intro or fill(cfg.sentences["area_intro"], area_values)
    return Area(_unique_id(c.name, ids), heading, md.block(intro), tuple(items))


def _as_markdown(plain: dict) -> dict:
    """Values for sentences that are rendered as Markdown: author text stays literal."""
    return {k: literal(v) if isinstance(v, str) else v for k, v in plain.items()}


def _unique_id(text: str, ids: set[str]) -> str:
    return unique(slugify_unicode(text, "-") or "section", ids)
