"""Problems found in an outline, located by file, line and column, and the error that carries them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an outline, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class OutlineError(ValueError):
    """An outline the build refuses; holds every problem found in the file, not just the first."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("OutlineError needs at least one problem")
        self.problems = sorted(problems)
        first = self.problems[0]
        self.path, self.line, self.column = first.path, first.line, first.column
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self):  # crosses process boundaries intact (see parallel.py)
        return (type(self), (self.problems,))


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as the author typed it: relative to the working directory when inside it."""
    path = os.fspath(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel
