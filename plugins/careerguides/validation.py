"""Validate located YAML data against an outline model; pydantic's errors become located problems."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError

from .outline import QUESTION_CATEGORIES
from .problems import OutlineError, Problem
from .yamlsource import Located, Path, load_yaml

_CATEGORY_MODELS = ("CategoryQuestions", "Prompts")


def validate(model: type[BaseModel], located: Located) -> BaseModel:
    """Build ``model`` from the file's data.

    Raises:
        OutlineError: with one problem per invalid field, each at its line and column.
    """
    problems = list(located.problems)
    if not isinstance(located.data, dict):
        problems.append(located.problem((), (
            f"expected a mapping of fields (like 'title: ...') at the top level, "
            f"got {_kind(located.data)}")))
        raise OutlineError(problems)
    try:
        result = model.model_validate(located.data)
    except ValidationError as err:
        problems += [
            _problem(model, located, e)
            for e in err.errors(include_url=False)
            if not _under_bad(tuple(e["loc"]), located.bad)
        ]
        raise OutlineError(problems) from None
    if problems:
        raise OutlineError(problems)
    return result


def _under_bad(loc: Path, bad: set[Path]) -> bool:
    """An error at a value the reader already rejected (or inside it) would only repeat it."""
    return any(loc[: len(b)] == b for b in bad)


def _problem(model: type[BaseModel], located: Located, error: dict) -> Problem:
    loc: Path = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = _describe(loc)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        key = loc[-1]
        if parent is not None and parent.__name__ in _CATEGORY_MODELS:
            what = f"unknown question category {key!r} (expected one of {', '.join(QUESTION_CATEGORIES)})"
        else:
            where = f" in {_describe(loc[:-1])}" if loc[:-1] else ""
            what = f"unknown key {key!r}{where} (expected one of {', '.join(allowed)})"
        return located.problem(loc, what + _did_you_mean(str(key), allowed), key=True)
    if kind == "missing":
        parent = _model_at(model, loc[:-1])
        field = parent.model_fields.get(loc[-1]) if parent else None
        hint = f" ({field.description.rstrip('.')})" if field and field.description else ""
        where = f" in {_describe(loc[:-1])}" if loc[:-1] else ""
        return located.problem(loc[:-1], (f"missing required field {loc[-1]!r}{where}; add "
                                          f"'{loc[-1]}: ...'{hint}"), key=True)
    got = _kind(_value_at(located.data, loc))
    messages = {
        "string_type": f"{name} should be text, got {got}" + (
            "; put it in quotes" if got.startswith(("the number", "the date"))
            else ""),
        "list_type": f"{name} should be a list (one '- item' per line), got {got}",
        "model_type": f"{name} should be a mapping of fields, got {got}",
        "model_attributes_type": f"{name} should be a mapping of fields, got {got}",
        "dict_type": f"{name} should be a mapping of fields, got {got}",
        "literal_error": f"{name} must be one of {ctx.get('expected')}, got {got}",
        "string_too_short": f"{name} must not be empty; write the text",
        "too_short": f"{name} needs at least {ctx.get('min_length', 1)} item(s); add one "
                     "('- ...' on the next line)",
        "int_parsing": f"{name} should be a whole number, got {got}",
        "int_type": f"{name} should be a whole number, got {got}",
        "int_from_float": f"{name} should be a whole number, got {got}",
        "greater_than": f"{name} must be greater than {ctx.get('gt')}, got {got}",
        "string_too_long": f"{name} is too long (at most {ctx.get('max_length')} characters); "
                           "shorten it",
        "date": f"{name}: {error['msg']}",
    }
    if kind == "string_pattern_mismatch":
        if loc[-1] == "slug":
            messages[kind] = (f"{name} must be lowercase letters, digits and single hyphens "
                              f"(one URL segment, e.g. 'data-engineer-interview-questions'), "
                              f"got {got}")
        elif loc[-1] == "currency":
            messages[kind] = f"{name} must be a three-letter ISO code such as USD or EUR, got {got}"
    message = messages.get(kind, f"{name}: {error['msg']}")
    return located.problem(loc, message)


def _describe(loc: Path) -> str:
    """A field's name as an author would say it: 'level' or 'item 3 of tags'."""
    if not loc:
        return "the outline"
    if isinstance(loc[-1], int):
        parent = next((p for p in reversed(loc) if isinstance(p, str)), "list")
        return f"item {loc[-1] + 1} of {parent!r}"
    return repr(loc[-1])


def _did_you_mean(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _model_at(model: type[BaseModel], loc: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _inner_model(field.annotation) if field else None
    return current


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def _value_at(data: object, loc: Path) -> object:
    for part in loc:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


_MISSING = object()


def _kind(value: object) -> str:
    if value is _MISSING:
        return "something else"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value; quote it if you mean text)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def load(path, model: type[BaseModel]) -> BaseModel:
    """Read, parse and validate one outline file.

    Raises:
        OutlineError: every problem in the file, each with its line and column.
    """
    return validate(model, load_yaml(path))
