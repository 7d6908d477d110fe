"""Every bad-input fixture fails with its file, line and message, and nothing is executed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from careerguides.bank import load_bank
from careerguides.outline import Guide
from careerguides.problems import OutlineError
from careerguides.validation import load
from careerguides.yamlsource import MAX_BYTES

INVALID = Path(__file__).parent / "fixtures" / "invalid"
INVALID_BANKS = Path(__file__).parent / "fixtures" / "invalid-banks"
CASES = [(p, lambda path: load(path, Guide)) for p in sorted(INVALID.glob("*.yaml"))] + [
    (p, load_bank) for p in sorted(INVALID_BANKS.glob("*.yaml"))]
EXPECT = re.compile(rb"^# expect: (\d+): (.+)$", re.M)


def expectations(path: Path) -> list[tuple[int, str]]:
    return [(int(line), text.decode()) for line, text in EXPECT.findall(path.read_bytes())]


@pytest.mark.parametrize("path, loader", CASES, ids=[f"{p.parent.name}/{p.stem}" for p, _ in CASES])
def test_invalid_outline_names_file_line_and_problem(path: Path, loader):
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    with pytest.raises(OutlineError) as info:
        loader(path)
    err = info.value
    found = [(p.line, p.message) for p in err.problems]
    for line, text in expected:
        assert any(ln == line and text in msg for ln, msg in found), (line, text, found)
    # Each line of the error reads path:line:col: error: message.
    for line in str(err).splitlines():
        assert re.match(rf"^.*{re.escape(path.name)}:\d+:\d+: error: \S", line), line


def test_unsafe_tag_is_never_executed(tmp_path: Path):
    marker = Path("/tmp/careerguides-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(OutlineError):
        load(INVALID / "unsafe-tag.yaml", Guide)
    assert not marker.exists()


def test_unknown_key_suggests_the_close_match():
    with pytest.raises(OutlineError) as info:
        load(INVALID / "unknown-key.yaml", Guide)
    assert "did you mean 'summary'?" in str(info.value)


def test_several_problems_are_reported_together():
    with pytest.raises(OutlineError) as info:
        load(INVALID / "several-problems.yaml", Guide)
    assert len(info.value.problems) == 3


def test_oversized_file_is_refused_without_parsing(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_text("title: x\nsummary: " + "a" * (MAX_BYTES + 10) + "\n")
    started = time.perf_counter()
    with pytest.raises(OutlineError) as info:
        load(big, Guide)
    assert "at most 1 MB" in str(info.value)
    assert info.value.line == 1
    # Not a timing test: just proof that the refusal did not parse ten million characters.
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("text, message", [
    ("", "file is empty"),
    ("- just\n- a list\n", "expected a mapping of fields"),
])
def test_wrong_shape_of_document(tmp_path: Path, text: str, message: str):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    with pytest.raises(OutlineError, match=message):
        load(path, Guide)
