"""``careerguides new``: a commented outline that builds as it is, with TODOs ``check`` points at.

The outline starts as a draft (built into drafts/, in no listing or feed) so an unfinished one is
never published by accident, and names its JSON Schema so editors validate it as the author types.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass

import yaml

from .bank import load_bank
from .outline import Guide
from .problems import OutlineError, display_path
from .schema import SCHEMA_DIR, write_schema
from .siteinfo import SiteInfo
from .validation import load

GUIDE = """\
# yaml-language-server: $schema={schema}
# A career guide outline. Replace every TODO, then run `careerguides check` until it is quiet.
# Preview with `careerguides serve --drafts`; every field is described in README.md.
title: {title}
role: {name}  # as written mid-sentence
date: {date}  # publication date
# modified: {date}  # the date of the last real update
# author: Your Name  # defaults to the site's AUTHOR
summary: "TODO: one or two sentences (at most 160 characters) for search results and feeds."
tags: [{tag}, Interviews]
slug: {slug}
status: draft  # change to 'published' when every TODO is gone
# salary: {{amount: 120000, currency: USD, level: mid-level}}
# process: [recruiter screen, technical interview, system design round, behavioral interview]
# focus: [the three or four skills interviews spend most time on]

# The skill areas interviewers score, one section each. Question categories: technical,
# scenario, tradeoff, trends, debugging; a category left out shows its generated prompt.
competencies:
  - name: "TODO: first competency area"
    # intro: replaces the generated paragraph that opens the section
    questions:
      technical:
        - q: {q_guide}
          level: intermediate  # beginner | intermediate | senior
          answer: "TODO: what a strong answer covers, in Markdown."

# behavioral:  # replaces the default behavioral questions
#   - q: Tell me about a time you ...
#     tip: Use the STAR format ...
# preparation: [replaces the default preparation tips]
"""

BANK = """\
# yaml-language-server: $schema={schema}
# A question bank outline. Replace every TODO, then run `careerguides check` until it is quiet.
# Preview with `careerguides serve --drafts`; every field is described in README.md.
title: {title}
topic: {name}  # as written mid-sentence
date: {date}  # publication date
# modified: {date}  # the date of the last real update
# author: Your Name  # defaults to the site's AUTHOR
summary: "TODO: one or two sentences (at most 160 characters) for search results and feeds."
tags: [{tag}, Interviews]
slug: {slug}
status: draft  # change to 'published' when every TODO is gone
# intro: replaces the generated opening paragraph (Markdown)

# Shown in this order. A question with an answer or details gets a page of its own.
questions:
  - q: {q_beginner}
    level: beginner  # beginner | intermediate | senior
    answer: "TODO: a short answer, in Markdown."
    # details: a longer explanation, an example, common mistakes
    # slug: a stable URL segment for the question's page
  - q: {q_intermediate}
    level: intermediate
    answer: "TODO: a short answer, in Markdown."
  - q: {q_senior}
    level: senior
    answer: "TODO: a short answer, in Markdown."

# {{count}}, {{beginner}}, {{intermediate}}, {{senior}} and {{topic}} are filled in from the data.
faq:
  - q: {faq_q}
    a: "{{count}} questions: {{beginner}} beginner, {{intermediate}} intermediate and {{senior}} senior."
# related: [slugs of guides or banks to show under "Explore more"]
"""


@dataclass(frozen=True)
class Scaffold:
    path: str
    slug: str
    url: str


class ScaffoldError(ValueError):
    """The outline cannot be written (the file exists, the name makes no slug)."""


def new_outline(site: SiteInfo, kind: str, name: str, today: dt.date | None = None) -> Scaffold:
    """Write a new guide or bank outline for ``name`` and refresh its JSON Schema file.

    Raises:
        ScaffoldError: the file already exists (it is never overwritten) or ``name`` is unusable.
    """
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("give the role (for a guide) or the topic (for a bank), e.g. \"Data Engineer\"")
    today = today or site.now().date()
    slug = site.slugify(f"{name} interview questions")
    if not slug or slug == "interview-questions":
        raise ScaffoldError(f"{name!r} makes no usable slug; use letters or digits in the name")
    folder = site.folder(kind)
    path = os.path.join(folder, f"{slug}.yaml")
    schema = write_schema(kind, os.path.join(site.root, SCHEMA_DIR))
    title = f"{name} Interview Questions ({today.year})"
    texts = {
        "title": title, "name": name,
        "q_guide": f"TODO: a question {name} candidates are asked in this area?",
        "q_beginner": f"TODO: a beginner question about {name}?",
        "q_intermediate": f"TODO: an intermediate question about {name}?",
        "q_senior": f"TODO: a senior question about {name}?",
        "faq_q": f"How many {name} questions are on this page?",
    }
    text = (GUIDE if kind == "guide" else BANK).format(
        schema=os.path.relpath(schema, folder).replace(os.sep, "/"), tag=_scalar(name, flow=True),
        date=today.isoformat(), slug=slug, **{k: _scalar(v) for k, v in texts.items()})
    os.makedirs(folder, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite an outline
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists; it was left as it was "
                            "(edit it, or choose another name)") from None
    try:  # the template and the model must agree; a scaffold that fails to load is a bug here
        load_bank(path) if kind == "bank" else load(path, Guide)
    except OutlineError:
        os.remove(path)
        raise
    url = (site.cfg.guide_url if kind == "guide" else site.cfg.bank_url).format(slug=slug)
    return Scaffold(path, slug, url)


def _scalar(text: str, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when it reads back unchanged, else double-quoted."""
    probe = f"k: [{text}]" if flow else f"k: {text}"
    try:
        value = yaml.safe_load(probe)["k"]
        if (value[0] if flow and isinstance(value, list) and len(value) == 1 else value) == text:
            return text
    except (yaml.YAMLError, TypeError, KeyError):
        pass
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
