"""The ``CAREER_GUIDES`` settings dict, merged over the defaults and frozen into a GuideConfig.

Every generated sentence lives here, so a site can reword any of it in ``pelicanconf.py`` and an
outline can override it again (``intro``, per-area ``intro``, ``prompts``, ``behavioral``,
``preparation``). Placeholders in braces are filled from the outline: ``{role}``, ``{a_role}`` ("an MLOps
Engineer"), ``{year}``,
``{area}`` (the area name as it reads mid-sentence), ``{focus}`` and so on.
"""

from __future__ import annotations

import copy
import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .outline import QUESTION_CATEGORIES

# Brysbaert (2019), "How many words do we read per minute? A review and meta-analysis of reading
# rate", J. Memory and Language 109: silent reading of English non-fiction averages 238 wpm.
DEFAULT_WPM = 238

DEFAULTS: dict[str, Any] = {
    "WPM": DEFAULT_WPM,
    # Processes that render outlines: None = one per core on sites of 48+ outlines, 1 = never
    # fork, N = always use N.
    "WORKERS": None,
    "GUIDE_DIR": "guides",
    "BANK_DIR": "questions",
    "GUIDE_URL": "guides/{slug}/",
    "BANK_URL": "questions/{slug}/",
    "QUESTION_URL": "questions/{bank}/{slug}/",
    "BANKS_INDEX_URL": "questions/",
    # Feeds by scope and format; {slug} is the category's, kind's or author's slug. A scope or a
    # format set to None is not written.
    "FEEDS": {
        "all": {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml", "json": "feed.json"},
        "category": {"atom": "feeds/{slug}.atom.xml", "rss": "feeds/{slug}.rss.xml"},
        "kind": {"atom": "feeds/kind/{slug}.atom.xml", "rss": "feeds/kind/{slug}.rss.xml"},
        "author": {"atom": "feeds/author/{slug}.atom.xml", "rss": "feeds/author/{slug}.rss.xml"},
    },
    "FEED_MAX_ITEMS": 50,
    "FEED_STYLESHEET": "feeds/feed.xsl",
    "FEEDS_PAGE_URL": "feeds/",
    # RFC 4151 tag URIs name a date on which the site owned its domain; items use their own date.
    "FEED_ID_DATE": "2026-01-01",
    "GUIDE_CATEGORY": "Career Guides",
    "BANK_CATEGORY": "Interview Questions",
    # Words kept capitalised mid-sentence even though they look like ordinary capitalised words
    # (acronyms and mixed case such as MLOps or GenAI are always kept as written).
    "PROPER_NAMES": [
        "Kubernetes", "Python", "Java", "JavaScript", "TypeScript", "Linux", "Spark", "Kafka",
        "Airflow", "Terraform", "Docker", "Google", "Amazon", "Azure", "Snowflake", "Postgres",
        "PostgreSQL", "Redis", "React", "Rust", "Go", "Prometheus", "Grafana", "English",
    ],
    "SENTENCES": {
        "intro": "This guide gathers the questions {role} candidates face in {year}, grouped by "
                 "the skills interviewers score and paired with what a strong answer covers.",
        "process": "A typical hiring loop has {process_count} stages: {process}.",
        "focus": "Expect most of the time to go on {focus}.",
        "salary": "Reported pay for {salary_level} {role} roles is around {salary} a year, so "
                  "the hours you put into preparation pay back quickly.",
        "salary_no_level": "Reported pay for {role} roles is around {salary} a year, so the "
                           "hours you put into preparation pay back quickly.",
        "area_heading": "{area_title} questions",
        "area_intro": "Interviewers use {area} questions to tell candidates who have run this "
                      "work in production from those who have only read about it. Back each "
                      "answer with a system you know, say what you measured, and name what you "
                      "would do differently next time.",
        "behavioral_heading": "Behavioral questions",
        "prepare_heading": "How to prepare",
        "bank_intro": "{count} {topic} interview questions, each marked beginner, intermediate or "
                      "senior so you can practise at the level you are hiring for.",
        "bank_list_heading": "{count} {topic} questions",
        "faq_heading": "Frequently asked questions",
    },
    "CATEGORY_LABELS": {
        "technical": "Technical",
        "scenario": "Scenario",
        "tradeoff": "Tradeoff",
        "trends": "Trends",
        "debugging": "Debugging",
    },
    "PROMPTS": {
        "technical": "Explain a core idea of {area} in depth, using a system you have built or "
                     "operated as the running example.",
        "scenario": "Given a realistic {area} problem, talk through your plan one step at a "
                    "time and say why each step comes where it does.",
        "tradeoff": "Choose between two reasonable {area} approaches and defend the choice: what "
                    "it buys, what it costs, and what would make you switch.",
        "trends": "Describe how {area} practice has moved by {year}, and which new tools or "
                  "techniques you would adopt, trial or avoid.",
        "debugging": "Something in your {area} setup fails in production: show how you narrow "
                     "down the cause, confirm the fix and keep the people affected informed.",
    },
    "BEHAVIORAL": [
        {"q": "Walk me through the hardest production incident you have been part of.",
         "tip": "Use STAR (situation, task, action, result) and spend most of the answer on the "
                "actions you took yourself and on what changed afterwards."},
        {"q": "Tell me about a technical decision you disagreed with.",
         "tip": "Show how you made your case with evidence, and how you committed once the "
                "decision went the other way."},
        {"q": "How do you keep your skills as {a_role} current?",
         "tip": "Name sources you really use (papers, newsletters, projects, meetups) and one "
                "change you made at work because of them."},
        {"q": "What is the most costly technical mistake you have made?",
         "tip": "Be plain about the cause, then spend the time on the safeguard you added so it "
                "could not happen twice."},
        {"q": "Why this team, and why now?",
         "tip": "Tie the answer to a real problem the company has: its product, its stack or "
                "something its engineers have written about."},
    ],
    "PREPARATION": [
        "Go deeper than definitions on {focus}: interviewers follow up two or three levels down.",
        "Write five to seven short stories from your own work that show judgement, teamwork and "
        "recovery from failure, and rehearse them aloud.",
        "Practise explaining one of your technical decisions to a non-engineer in two minutes.",
        "Read the job description and the company's engineering blog, and map each requirement "
        "to an example you can talk about.",
        "Book at least two timed mock interviews with a peer and ask for blunt feedback on the "
        "structure of your answers.",
    ],
}

_NESTED = ("SENTENCES", "CATEGORY_LABELS", "PROMPTS", "FEEDS")
_FEED_FORMATS = ("atom", "rss", "json")
# Placeholders each kind of text may use; anything else is a configuration error.
_GUIDE_FIELDS = {"role", "a_role", "year", "title", "topic"}
_ALLOWED = {
    "SENTENCES": _GUIDE_FIELDS | {"process", "process_count", "focus", "salary", "salary_level",
                                  "area", "area_title", "count", "beginner", "intermediate",
                                  "senior"},
    "PROMPTS": _GUIDE_FIELDS | {"area", "area_title"},
    "BEHAVIORAL": _GUIDE_FIELDS,
    "PREPARATION": _GUIDE_FIELDS | {"focus"},
}


@dataclass(frozen=True)
class GuideConfig:
    """Parsed, validated and frozen ``CAREER_GUIDES`` settings for one run."""

    wpm: int
    workers: int | None
    guide_dir: str
    bank_dir: str
    guide_url: str
    bank_url: str
    question_url: str
    banks_index_url: str
    guide_category: str
    bank_category: str
    proper_names: frozenset[str]
    sentences: Mapping[str, str]
    category_labels: Mapping[str, str]
    prompts: Mapping[str, str]
    behavioral: tuple[tuple[str, str], ...]
    preparation: tuple[str, ...]
    feeds: Mapping[str, Mapping[str, str | None] | None]
    feed_max_items: int | None
    feed_stylesheet: str | None
    feeds_page_url: str | None
    feed_id_date: str
    locale: str = "en"

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> GuideConfig:
        """Merge ``settings["CAREER_GUIDES"]`` over :data:`DEFAULTS`.

        Raises:
            ValueError: an unknown key, a wrong type or an unknown placeholder, naming the key.
        """
        user = settings.get("CAREER_GUIDES") or {}
        if not isinstance(user, Mapping):
            raise ValueError("CAREER_GUIDES must be a dict")
        merged = copy.deepcopy(DEFAULTS)  # never mutate the user's dict or the defaults
        for key, value in user.items():
            if key not in DEFAULTS:
                raise ValueError(
                    f"CAREER_GUIDES: unknown key {key!r} (expected one of {', '.join(DEFAULTS)})")
            if key in _NESTED:
                if not isinstance(value, Mapping):
                    raise ValueError(f"CAREER_GUIDES[{key!r}] must be a dict")
                unknown = set(value) - set(DEFAULTS[key])
                if unknown:
                    raise ValueError(f"CAREER_GUIDES[{key!r}]: unknown key(s) "
                                     f"{', '.join(sorted(unknown))} (expected one of "
                                     f"{', '.join(DEFAULTS[key])})")
                merged[key].update(value)
            else:
                merged[key] = copy.deepcopy(value)
        _check_placeholders(merged)
        _check_feeds(merged["FEEDS"])
        if not isinstance(merged["WPM"], int) or merged["WPM"] <= 0:
            raise ValueError("CAREER_GUIDES['WPM'] must be a positive whole number")
        lang = str(settings.get("DEFAULT_LANG") or "en")
        return cls(
            wpm=merged["WPM"],
            workers=merged["WORKERS"],
            guide_dir=merged["GUIDE_DIR"],
            bank_dir=merged["BANK_DIR"],
            guide_url=merged["GUIDE_URL"],
            bank_url=merged["BANK_URL"],
            question_url=merged["QUESTION_URL"],
            banks_index_url=merged["BANKS_INDEX_URL"],
            guide_category=merged["GUIDE_CATEGORY"],
            bank_category=merged["BANK_CATEGORY"],
            proper_names=frozenset(merged["PROPER_NAMES"]),
            sentences=MappingProxyType(merged["SENTENCES"]),
            category_labels=MappingProxyType(merged["CATEGORY_LABELS"]),
            prompts=MappingProxyType(merged["PROMPTS"]),
            behavioral=tuple((b["q"], b.get("tip", "")) for b in merged["BEHAVIORAL"]),
            preparation=tuple(merged["PREPARATION"]),
            feeds=MappingProxyType({k: MappingProxyType(v) if v else None
                                    for k, v in merged["FEEDS"].items()}),
            feed_max_items=merged["FEED_MAX_ITEMS"],
            feed_stylesheet=merged["FEED_STYLESHEET"],
            feeds_page_url=merged["FEEDS_PAGE_URL"],
            feed_id_date=str(merged["FEED_ID_DATE"]),
            locale=lang,
        )


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a template string uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _check_placeholders(merged: dict[str, Any]) -> None:
    for key, allowed in _ALLOWED.items():
        value = merged[key]
        texts = value.values() if isinstance(value, Mapping) else value
        for text in texts:
            parts = [text["q"], text.get("tip", "")] if isinstance(text, Mapping) else [text]
            for part in parts:
                unknown = placeholders(part) - allowed
                if unknown:
                    raise ValueError(
                        f"CAREER_GUIDES[{key!r}]: unknown placeholder(s) "
                        f"{', '.join('{' + u + '}' for u in sorted(unknown))} in {part!r} "
                        f"(allowed: {', '.join(sorted(allowed))})")
    missing = set(QUESTION_CATEGORIES) - set(merged["PROMPTS"])
    if missing:  # pragma: no cover - defaults define them all
        raise ValueError(f"CAREER_GUIDES['PROMPTS'] lacks {', '.join(sorted(missing))}")


def _check_feeds(feeds: Mapping[str, Any]) -> None:
    for scope, formats in feeds.items():
        if formats is None:
            continue
        if not isinstance(formats, Mapping):
            raise ValueError(f"CAREER_GUIDES['FEEDS'][{scope!r}] must be a dict of format -> path")
        for fmt, path in formats.items():
            if fmt not in _FEED_FORMATS:
                raise ValueError(f"CAREER_GUIDES['FEEDS'][{scope!r}]: unknown format {fmt!r} "
                                 f"(expected one of {', '.join(_FEED_FORMATS)})")
            if path is not None and (scope != "all") != ("{slug}" in path):
                need = "needs" if scope != "all" else "must not use"
                raise ValueError(f"CAREER_GUIDES['FEEDS'][{scope!r}][{fmt!r}] {need} {{slug}}")
