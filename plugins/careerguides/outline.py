"""The guide outline model: frozen, typed, and the single source of the JSON Schema.

Validation is pydantic's; :mod:`careerguides.validation` turns its errors into ``path:line:col``
problems using the marks from :mod:`careerguides.yamlsource`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

QUESTION_CATEGORIES = ("technical", "scenario", "tradeoff", "trends", "debugging")
LEVELS = ("beginner", "intermediate", "senior")

Level = Literal["beginner", "intermediate", "senior"]
Status = Literal["published", "draft"]
# Plain text is shown exactly as written (escaped); Markdown is rendered and sanitized.
PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A slug is one path segment: it can never climb out of the output folder.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


def _to_date(value: Any) -> dt.date:
    """YAML gives dates (or datetimes) for unquoted ISO dates; quoted ones arrive as text."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                return parse(value.strip())
            except ValueError:
                pass
    raise PydanticCustomError("date", "expected a date like 2026-04-15, got {value!r}",
                              {"value": value})


Date = Annotated[
    dt.date,
    PlainValidator(_to_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-04-15"]}),
]


class Model(BaseModel):
    """Base for outline parts: unknown keys are errors, instances are immutable."""

    # defer_build: a model's validator is made when first used, not at import (~0.1 s), so a
    # rebuild that validates no bank, or a command that validates nothing, never makes it.
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True, strict=False,
                              validate_default=False)


def _shorthand(key: str):
    """Let an item be written as a bare string: ``- text`` means ``- {key: text}``."""

    def expand(cls, value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return model_validator(mode="before")(classmethod(expand))


class Question(Model):
    """A concrete interview question in a guide; a bare string is the question text."""

    q: PlainText = Field(description="The question, plain text.")
    answer: Markdown | None = Field(None, description="A model answer, Markdown.")
    level: Level | None = Field(None, description="beginner, intermediate or senior.")

    expand_shorthand = _shorthand("q")


class CategoryQuestions(Model):
    """Concrete questions by category; a category left out shows its generated prompt."""

    technical: list[Question] = Field(default_factory=list)
    scenario: list[Question] = Field(default_factory=list)
    tradeoff: list[Question] = Field(default_factory=list)
    trends: list[Question] = Field(default_factory=list)
    debugging: list[Question] = Field(default_factory=list)

    def of(self, category: str) -> list[Question]:
        return getattr(self, category)

    @property
    def count(self) -> int:
        return sum(len(self.of(c)) for c in QUESTION_CATEGORIES)


class Competency(Model):
    """A competency area; a bare string is its name."""

    name: PlainText = Field(description="The area's name, e.g. 'Model serving and deployment'.")
    intro: Markdown | None = Field(None, description="Replaces the generated intro paragraph.")
    questions: CategoryQuestions = Field(
        default_factory=CategoryQuestions,
        description="Concrete questions by category: technical, scenario, tradeoff, trends, "
        "debugging.",
    )

    expand_shorthand = _shorthand("name")


class Behavioral(Model):
    """A behavioral question with a tip on how to answer it."""

    q: PlainText = Field(description="The question, plain text.")
    tip: Markdown | None = Field(None, description="How to answer it, Markdown.")

    expand_shorthand = _shorthand("q")


class Salary(Model):
    """A salary figure, shown compactly in its currency ($155K, €118K)."""

    amount: Annotated[int, Field(gt=0)] = Field(description="Yearly amount, a whole number.")
    currency: Currency = Field("USD", description="ISO 4217 code, e.g. USD, EUR, GBP.")
    level: PlainText | None = Field(None, description="Seniority it applies to, e.g. mid-level.")


class Prompts(Model):
    """Per-outline replacements for the generated category prompts."""

    technical: Markdown | None = None
    scenario: Markdown | None = None
    tradeoff: Markdown | None = None
    trends: Markdown | None = None
    debugging: Markdown | None = None


class Article(Model):
    """Fields every generated article has."""

    title: PlainText = Field(description="The page title, plain text.")
    date: Date = Field(description="Publication date, e.g. 2026-04-15.")
    modified: Date | None = Field(None, description="Date of the last real update.")
    author: PlainText | None = Field(None, description="Defaults to the site's AUTHOR.")
    summary: Markdown | None = Field(None, description="One or two sentences, Markdown.")
    category: PlainText | None = Field(None, description="Defaults by kind.")
    tags: list[PlainText] = Field(default_factory=list)
    slug: Slug | None = Field(None, description="URL segment; derived from the title if absent.")
    status: Status = Field("published", description="published or draft.")


class Guide(Article):
    """A career guide outline (content/guides/*.yaml)."""

    role: PlainText = Field(description="The role, as written mid-sentence, e.g. MLOps Engineer.")
    intro: Markdown | None = Field(None, description="Replaces the generated intro paragraph.")
    salary: Salary | None = None
    process: list[PlainText] = Field(default_factory=list, description="Interview stages.")
    focus: list[PlainText] = Field(default_factory=list, description="Main focus areas.")
    competencies: list[Competency] = Field(min_length=1, description="Competency areas.")
    prompts: Prompts = Field(default_factory=Prompts, description="Category prompt overrides.")
    behavioral: list[Behavioral] | None = Field(None, description="Replaces the default set.")
    preparation: list[Markdown] | None = Field(None, description="Replaces the default tips.")


class BankQuestion(Model):
    """A numbered question in a bank; it gets a page of its own when it has an answer or details."""

    q: PlainText = Field(description="The question, plain text.")
    level: Level = Field(description="beginner, intermediate or senior.")
    answer: Markdown | None = Field(None, description="A short answer, Markdown.")
    details: Markdown | None = Field(None, description="A longer explanation, Markdown.")
    slug: Slug | None = Field(None, description="Stable URL segment of the question's page.")
    tags: list[PlainText] = Field(default_factory=list)

    @property
    def has_page(self) -> bool:
        return bool(self.answer or self.details)


class FAQ(Model):
    """A frequently asked question; {count}, {beginner}, {intermediate}, {senior} and {topic} are
    filled from the data."""

    q: PlainText = Field(description="The question.")
    a: Markdown = Field(description="The answer, Markdown.")


class Bank(Article):
    """A question bank outline (content/questions/*.yaml)."""

    topic: PlainText = Field(description="The subject, as written mid-sentence, e.g. LLMOps.")
    intro: Markdown | None = Field(None, description="Opening paragraph, Markdown.")
    questions: list[BankQuestion] = Field(min_length=1, description="The questions, in order.")
    faq: list[FAQ] = Field(default_factory=list, description="Frequently asked questions.")
    related: list[Slug] = Field(default_factory=list,
                                description="Slugs of related banks and guides, for 'explore more'.")
