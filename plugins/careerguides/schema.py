"""JSON Schema of the outline format, generated from the loader's own pydantic models.

Editors that speak yaml-language-server validate and complete outlines as the author types, using
the ``# yaml-language-server: $schema=...`` line that ``careerguides new`` writes. The schema is
never kept by hand: it is ``model_json_schema()`` of :class:`~careerguides.outline.Guide` or
:class:`~careerguides.outline.Bank`, with one addition pydantic cannot see by itself (below).
"""

from __future__ import annotations

import json
import os
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .outline import Bank, Guide

MODELS: dict[str, type[BaseModel]] = {"guide": Guide, "bank": Bank}
# Draft-07, not pydantic's 2020-12: the YAML language server (VS Code's YAML extension, Neovim,
# Helix, ...) supports draft-07 and below, and flags every file whose schema declares 2020-12.
DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "schemas"  # beside the settings file; scaffolds point here
_PROBE = "\x00shorthand-probe"


def shorthand_field(model: type[BaseModel]) -> str | None:
    """The field a bare string stands for (``- How ...?`` means ``- q: How ...?``), if any.

    Found by asking the model's own "before" validators what they make of a string, so a new
    shorthand in outline.py shows up in the schema without a change here.
    """
    for name, decorator in model.__pydantic_decorators__.model_validators.items():
        if decorator.info.mode != "before":
            continue
        try:
            expanded = getattr(model, name)(_PROBE)
        except Exception:  # a validator that rejects strings has no shorthand
            continue
        if isinstance(expanded, dict):
            for key, value in expanded.items():
                if value == _PROBE:
                    return key
    return None


class _OutlineSchema(GenerateJsonSchema):
    """pydantic's generator, plus ``anyOf: [string, object]`` for models with a shorthand."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        key = shorthand_field(schema["cls"])
        if key is None or key not in json_schema.get("properties", {}):
            return json_schema
        short = {k: v for k, v in json_schema["properties"][key].items() if k != "title"}
        short["description"] = f"Short form: the {key!r} alone, as text."
        outer = {k: json_schema.pop(k) for k in ("title", "description") if k in json_schema}
        return {**outer, "anyOf": [short, json_schema]}


def outline_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a ``guide`` or ``bank`` outline."""
    model = MODELS[kind]
    body = model.model_json_schema(schema_generator=_OutlineSchema,
                                   ref_template="#/definitions/{model}")
    body["definitions"] = body.pop("$defs", {})
    return {"$schema": DIALECT, **_draft7(body)}


def _draft7(node: Any) -> Any:
    """Draft-07 ignores keywords beside ``$ref``: move the ref into ``allOf`` to keep them."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _draft7(value) for key, value in node.items()}
    if "$ref" in node and len(node) > 1:
        node["allOf"] = [{"$ref": node.pop("$ref")}]
    return node


def schema_text(kind: str) -> str:
    return json.dumps(outline_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schema(kind: str, folder: str) -> str:
    """Write ``<folder>/<kind>.json`` when its bytes differ; returns its path."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{kind}.json")
    text = schema_text(kind)
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return path
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path
