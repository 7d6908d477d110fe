"""Generated document -> HTML body, through autoescaping Jinja2 templates shipped with the plugin."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .bank import BankDocument
from .generate import GuideDocument
from .outline import LEVELS


@cache
def _environment() -> Environment:
    # Immutable once built, so one per process is safe (no per-run state lives here).
    return Environment(
        loader=PackageLoader("careerguides", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_guide(doc: GuideDocument) -> str:
    """The guide's body HTML: intro, one section per area, behavioral, preparation."""
    return _environment().get_template("guide_body.html").render(doc=doc)


def render_bank(doc: BankDocument, siteurl: str = "") -> str:
    """The bank's body HTML: intro, counts line, numbered questions, FAQ."""
    return _environment().get_template("bank_body.html").render(
        doc=doc, levels=LEVELS, siteurl=siteurl)
