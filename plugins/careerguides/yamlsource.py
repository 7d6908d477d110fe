"""Safe YAML loading that remembers where every value came from.

LibYAML (``yaml.CSafeLoader``) composes the node tree, which carries line marks; we build the plain
Python data ourselves while walking it, so that each value's position is recorded under its path
(``("competencies", 1, "questions", "technical", 0)``) for error messages. The walk also refuses what
a safe loader would let through quietly or slowly: duplicate keys, aliases (the "billion laughs"
bomb), tags other than YAML's plain types, oversized files and bytes that are not UTF-8.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from .problems import OutlineError, Problem, display_path

try:  # LibYAML ships in PyYAML's wheels; the pure-Python loader is ~13x slower but equally safe.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_BYTES = 1_000_000
# A bank of 97 questions holds ~500 values. Composing costs ~5 us a value, so a 1 MB list of
# 500,000 one-letter items would take seconds: such files are refused before LibYAML composes them.
MAX_NODES = 20_000
# Outlines nest about 6 deep. LibYAML's composer recurses in C and crashes the process on flow
# collections nested ~50,000 deep (a 100 KB file of '['), so deep files are refused before it runs.
MAX_DEPTH = 32
_FLOW_OPENERS_SAFE = 1_000  # fewer '[' and '{' than this cannot nest deep enough to crash it
# Every value after the first follows one of these (a line break, ', ', ': ', '- ', '? ', an
# opening bracket), and each gives at most two values: counting them bounds the values at once.
_SEPARATORS = ("\n", ",", ":", "-", "?", "[", "{")
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_STR_TAG = "tag:yaml.org,2002:str"

Path = tuple[str | int, ...]
Mark = tuple[int, int]


@dataclass
class Located:
    """Plain data from a YAML file, with the 1-based (line, column) of each value and mapping key."""

    path: str
    data: object
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    # Problems found while reading (bad tags, aliases, duplicate keys, invalid dates): the
    # validator reports them together with the schema's, skipping follow-on errors under ``bad``.
    problems: list[Problem] = field(default_factory=list)
    bad: set[Path] = field(default_factory=set)

    def mark(self, loc: Path, *, key: bool = False) -> Mark:
        """Where ``loc`` is written; falls back to its nearest written ancestor."""
        loc = tuple(loc)
        while loc:
            found = (self.keys.get(loc) if key else None) or self.values.get(loc)
            if found:
                return found
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Path, message: str, *, key: bool = False, severity="error") -> Problem:
        line, column = self.mark(loc, key=key)
        return Problem(self.path, line, column, message, severity)


def load_yaml(path: str | os.PathLike[str]) -> Located:
    """Read and parse one outline file.

    Raises:
        OutlineError: the file is too large, not UTF-8, not valid YAML or uses unsafe constructs.
    """
    shown = display_path(path)
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        size = os.path.getsize(path)
        raise OutlineError([Problem(shown, 1, 1, (
            f"file is {size / 1_000_000:.1f} MB; an outline may be at most "
            f"{MAX_BYTES // 1_000_000} MB (split it into several outlines)"))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise OutlineError([Problem(shown, line, column, (
            f"byte 0x{raw[err.start]:02x} is not valid UTF-8; save the file as UTF-8"))]) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, path: str) -> Located:
    """Parse YAML text (see :func:`load_yaml`); ``path`` is only used in messages.

    Syntax errors raise at once; problems with individual values are kept on the result.
    """
    located = Located(path, None)
    loader = _Loader(text)
    try:
        try:
            _refuse_hostile_structure(text, path)
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = " ".join(str(s) for s in (err.context, err.problem) if s)
            raise OutlineError([Problem(path, *where, (
                f"YAML syntax error: {what} (check indentation, and quote text that contains ': ' "
                "or starts with a special character)"))]) from None
        except yaml.YAMLError as err:  # e.g. a control character in the stream
            raise OutlineError([Problem(path, 1, 1, f"YAML error: {err}")]) from None
        if node is None:
            raise OutlineError([Problem(path, 1, 1, "file is empty; expected a mapping of fields")])
        located.data = _Walker(loader, located).build(node, ())
    finally:
        loader.dispose()
    return located


def _refuse_hostile_structure(text: str, path: str) -> None:
    """Raise OutlineError if values nest deeper than MAX_DEPTH or number more than MAX_NODES.

    Counting characters settles almost every file at once; only the others are parsed into
    events (LibYAML's parser keeps a stack, it does not recurse, and stops at the first excess).
    Block collections need an indentation per level, so a 1 MB file cannot nest them deep enough
    to crash the composer; the walker refuses what is over MAX_DEPTH.
    """
    if (text.count("[") + text.count("{") < _FLOW_OPENERS_SAFE
            and 2 * sum(text.count(s) for s in _SEPARATORS) + 2 <= MAX_NODES):
        return
    depth = values = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):  # a scalar, an alias or a collection's start
            values += 1
            if values > MAX_NODES:
                raise OutlineError([_too_many(path, event.start_mark)])
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise OutlineError([_too_deep(path, event.start_mark)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _too_many(path: str, mark) -> Problem:
    return Problem(path, mark.line + 1, mark.column + 1,
                   f"outline has more than {MAX_NODES} values; split it into several files")


def _too_deep(path: str, mark) -> Problem:
    return Problem(path, mark.line + 1, mark.column + 1, (
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; outlines need "
        "at most 6: flatten this value"))


class _Walker:
    """Builds plain data from a node tree, recording marks and collecting problems."""

    def __init__(self, loader, located: Located):
        self.loader = loader
        self.located = located
        self.seen: set[int] = set()

    def fail(self, node, message: str, loc: Path = ()) -> None:
        mark = node.start_mark
        self.located.problems.append(
            Problem(self.located.path, mark.line + 1, mark.column + 1, message))
        self.located.bad.add(loc)

    def build(self, node, loc: Path) -> object:
        mark = node.start_mark
        self.located.values[loc] = (mark.line + 1, mark.column + 1)
        if len(loc) > MAX_DEPTH:  # deep block nesting, within what the composer survives
            raise OutlineError([*self.located.problems, _too_deep(self.located.path, mark)])
        if id(node) in self.seen:
            self.fail(node, "YAML aliases (*name) are not supported in outlines; write the value out",
                      loc)
            return None
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:  # a backstop: _refuse_hostile_structure stops most
            raise OutlineError([*self.located.problems, _too_many(self.located.path, mark)])
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, f"YAML tag {tag!r} is not allowed; outlines hold plain text, "
                            "numbers, dates, lists and mappings only", loc)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value
        try:
            return self.loader.construct_object(node)
        except (ValueError, yaml.YAMLError) as err:  # e.g. a date like 2026-13-40
            name = next((repr(p) for p in reversed(loc) if isinstance(p, str)), "value")
            hint = "; expected a date like 2026-04-15" if node.tag.endswith("timestamp") else ""
            self.fail(node, f"{name} has an invalid value {node.value!r} ({err}){hint}", loc)
            return None

    def _mapping(self, node, loc: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "YAML merge keys (<<) are not supported in outlines", loc)
                continue
            key = self.build(key_node, (*loc, "<key>"))
            if not isinstance(key, str | int | float | bool) or key is None:
                self.fail(key_node, "mapping keys must be plain text", loc)
                continue
            if key in result:
                first = self.located.keys[(*loc, key)]
                self.fail(key_node, f"duplicate key {key!r} (first given on line {first[0]})", loc)
                continue
            mark = key_node.start_mark
            self.located.keys[(*loc, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*loc, key))
        self.located.values.pop((*loc, "<key>"), None)
        return result
