"""Generated document -> HTML body, through autoescaping Jinja2 templates shipped with the plugin."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .generate import GuideDocument


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
