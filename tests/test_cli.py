"""The installed ``careerguides`` command, run as a subprocess on temporary sites."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT, Site

from careerguides.check import run_check
from careerguides.cli import parser
from careerguides.schema import outline_schema
from careerguides.siteinfo import load_site

COMMAND = str(Path(sys.executable).with_name("careerguides"))
CLI = FIXTURES / "cli" / "content"
EXPECT = re.compile(r"^# expect: (\d+): (?:(error|warning): )?(.+)$", re.M)
# Our fixtures (exact: nothing but what they expect) and the loader's (each error must show).
OWN = sorted(p.relative_to(CLI) for p in CLI.rglob("*") if p.suffix == ".yaml")
LOADER = [(Path("guides") / f"invalid-{p.name}", p) for p in sorted((FIXTURES / "invalid").glob("*"))] + [
    (Path("questions") / f"invalid-{p.name}", p) for p in sorted((FIXTURES / "invalid-banks").glob("*"))]
ERROR_GROUPS = [("guides/duplicate-slug-a.yaml", "guides/duplicate-slug-b.yaml"),
                ("questions/related-unknown.yaml",), ("questions/related-draft.yaml",),
                ("posts/stray.yaml",)]


def run(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def expectations(path: Path) -> set[tuple[int, str, str]]:
    return {(int(line), severity or "error", text)
            for line, severity, text in EXPECT.findall(path.read_text(errors="replace"))}


def make_site(root: Path, skip: tuple[str, ...] = ()) -> Site:
    """A site holding every fixture of tests/fixtures/cli except those in ``skip``."""
    shutil.copytree(CLI, root / "content", ignore=lambda folder, names: [
        n for n in names if os.path.relpath(os.path.join(folder, n), CLI) in skip])
    site = Site(root)
    site.settings_file()
    return site


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Site, list[dict]]:
    """All fixtures, and the loader's bad outlines, checked in one run of the command."""
    site = make_site(tmp_path_factory.mktemp("checked"))
    for rel, source in LOADER:
        shutil.copy(source, site.content / rel)
    done = run(site.root, "check", "-s", "settings.py", "--format", "json")
    assert done.returncode == 1, done.stderr
    return site, json.loads(done.stdout)


def found_in(problems: list[dict], rel: Path) -> set[tuple[int, str, str]]:
    path = f"content/{rel.as_posix()}"
    return {(p["line"], p["severity"], p["message"]) for p in problems if p["path"] == path}


@pytest.mark.parametrize("rel", OWN, ids=[p.as_posix() for p in OWN])
def test_check_reports_each_fixture_at_its_line(checked, rel: Path):
    _, problems = checked
    expected = expectations(CLI / rel)
    found = found_in(problems, rel)
    assert {(line, severity) for line, severity, _ in found} == {
        (line, severity) for line, severity, _ in expected}, found
    for line, severity, text in expected:
        assert any(ln == line and sev == severity and text in msg for ln, sev, msg in found), (
            line, text, found)


@pytest.mark.parametrize("rel, source", LOADER, ids=[p.name for _, p in LOADER])
def test_check_reports_what_the_loader_refuses(checked, rel: Path, source: Path):
    _, problems = checked
    found = found_in(problems, rel)
    for line, _, text in expectations(source):
        assert any(ln == line and sev == "error" and text in msg for ln, sev, msg in found), (
            line, text, found)


def test_json_problems_have_exactly_the_documented_fields(checked):
    _, problems = checked
    assert problems
    for p in problems:
        assert set(p) == {"path", "line", "column", "severity", "message"}
        assert p["severity"] in ("error", "warning") and p["line"] >= 1 and p["column"] >= 1


def test_text_format_shows_the_line_and_a_caret(checked):
    site, _ = checked
    done = run(site.root, "check", "-s", "settings.py", "content/questions/related-unknown.yaml",
               "content/guides/placeholder.yaml")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    heads = [i for i, line in enumerate(lines) if re.match(r"^content/\S+:\d+:\d+: (error|warning): ", line)]
    assert len(heads) == 2
    for i in heads:
        path, line, column = re.match(r"^(\S+?):(\d+):(\d+):", lines[i]).groups()
        source = (site.root / path).read_text().splitlines()[int(line) - 1]
        assert lines[i + 1] == "    " + source
        assert lines[i + 2] == "    " + " " * (int(column) - 1) + "^"
    assert lines[-1] == "1 error, 1 warning in 2 outlines"
    only_warnings = run(site.root, "check", "-s", "settings.py", "content/guides/placeholder.yaml")
    assert only_warnings.returncode == 0, only_warnings.stdout


def test_check_and_build_agree(tmp_path: Path):
    """Warnings never stop the build; every error group makes it fail."""
    skip = tuple(rel for group in ERROR_GROUPS for rel in group)
    good = make_site(tmp_path / "good", skip)
    assert run_check(load_site(str(good.root / "settings.py"))).errors == 0
    result, printed = good.build()
    assert result.ok, printed
    for n, group in enumerate(ERROR_GROUPS):
        bad = make_site(tmp_path / f"bad{n}", tuple(r for r in skip if r not in group))
        result, printed = bad.build()
        assert not result.ok, group
        report = run_check(load_site(str(bad.root / "settings.py")))
        assert report.errors >= 1
        for p in report.problems:
            if p.severity == "error" and "is also used by" not in p.message:  # a file clash is
                assert f"{Path(p.path).name}:{p.line}:" in printed, (p, printed)  # named by URL


def test_hostile_files_get_a_clear_error_at_once(site: Site):
    (site.content / "guides").mkdir()
    shutil.copy(FIXTURES / "invalid" / "alias-bomb.yaml", site.content / "guides" / "bomb.yaml")
    shutil.copy(FIXTURES / "invalid" / "not-utf8.yaml", site.content / "guides" / "latin1.yaml")
    (site.content / "guides" / "huge.yaml").write_text("title: x\nsummary: " + "a" * 10_000_000)
    site.settings_file()
    started = time.perf_counter()
    report = run_check(load_site(str(site.root / "settings.py")))
    assert time.perf_counter() - started < 1.0  # in-process: the files themselves, no start-up
    done = run(site.root, "check", "-s", "settings.py", "--format", "json", timeout=30)
    assert done.returncode == 1
    problems = json.loads(done.stdout)
    messages = {name: " ".join(p["message"] for p in problems if p["path"].endswith(name))
                for name in ("bomb.yaml", "latin1.yaml", "huge.yaml")}
    assert "YAML aliases (*name) are not supported" in messages["bomb.yaml"]
    assert "byte 0xff is not valid UTF-8" in messages["latin1.yaml"]
    assert "an outline may be at most 1 MB" in messages["huge.yaml"]
    assert len(report.problems) == len(problems)


def test_new_writes_outlines_that_build_and_never_overwrites(site: Site):
    site.settings_file()
    today = dt.date.today().isoformat()
    for kind, name, rel in (("guide", "Data Engineer", "guides/data-engineer-interview-questions.yaml"),
                            ("bank", "Kubernetes", "questions/kubernetes-interview-questions.yaml")):
        done = run(site.root, "new", kind, name, "-s", "settings.py")
        assert done.returncode == 0, done.stderr
        text = (site.content / rel).read_text()
        first = text.splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.json"
        schema = json.loads((site.content / rel).parent.joinpath("../../schemas", f"{kind}.json").read_text())
        assert schema == outline_schema(kind)
        assert f"date: {today}" in text and f"slug: {Path(rel).stem}" in text
    before = (site.content / "guides/data-engineer-interview-questions.yaml").read_bytes()
    again = run(site.root, "new", "guide", "Data Engineer", "-s", "settings.py")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (site.content / "guides/data-engineer-interview-questions.yaml").read_bytes() == before

    checked = run(site.root, "check", "-s", "settings.py", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    problems = json.loads(checked.stdout)
    assert problems and all(p["severity"] == "warning" and "TODO" in p["message"] for p in problems)

    result, printed = site.build()  # drafts until published: built aside, listed nowhere
    assert result.ok, printed
    assert (site.output / "drafts/data-engineer-interview-questions/index.html").exists()
    (site.root / "schemas" / "guide.json").write_text("{}")  # stale: every build refreshes it
    built = run(site.root, "build", "-s", "settings.py", "--drafts")
    assert built.returncode == 0, built.stderr
    assert json.loads((site.root / "schemas" / "guide.json").read_text()) == outline_schema("guide")
    assert "\x1b[" not in built.stdout + built.stderr  # not a terminal: plain text
    assert re.search(r"^built output in [\d.]+ s: 1 guide, 1 question bank, 3 question pages; "
                     r"drafts included", built.stdout, re.M), built.stdout
    assert re.search(r"^  [\d,]+ words, read times? [\d-]+ min, 0 warnings, ", built.stdout, re.M)
    page = site.page("guides/data-engineer-interview-questions/")
    assert page.select_one(".cg-draft-note").get_text().startswith("Draft")
    assert "Data Engineer Interview Questions" in (site.output / "index.html").read_text()


def test_schema_accepts_every_sample_outline_and_rejects_a_misspelt_key(tmp_path: Path):
    class TextDates(yaml.SafeLoader):
        """What an editor's YAML 1.2 parser sees: dates are text."""

    TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)
    for kind, folder in (("guide", "guides"), ("bank", "questions")):
        done = run(tmp_path, "schema", kind)
        assert done.returncode == 0, done.stderr
        schema = json.loads(done.stdout)
        assert schema == outline_schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        samples = sorted((ROOT / "content" / folder).glob("*.yaml"))
        assert samples
        for sample in samples:
            data = yaml.load(sample.read_text(), TextDates)  # a SafeLoader subclass
            assert not list(validator.iter_errors(data)), sample.name
        misspelt = dict(data, sumary=data.get("summary", "x"))
        assert any("sumary" in e.message for e in validator.iter_errors(misspelt))
    nested = dict(data, questions=[{"q": "Why?", "level": "senior", "anwser": "Because."}])
    assert not validator.is_valid(nested)


def test_help_explains_every_command_with_an_example(capsys):
    done = run(ROOT, "--help")
    assert done.returncode == 0 and "careerguides new guide" in done.stdout
    for command in ("new", "check", "build", "serve", "schema"):
        with pytest.raises(SystemExit) as info:
            parser().parse_args([command, "--help"])
        assert info.value.code == 0
        assert f"careerguides {command}" in capsys.readouterr().out.split("example")[1]


def test_progress_bar_on_a_terminal(site: Site):
    source = (CLI / "guides" / "ok-guide.yaml").read_text()
    (site.content / "guides").mkdir()
    for i in range(50):
        (site.content / "guides" / f"g{i}.yaml").write_text(source.replace("ok-guide", f"g-{i}"))
    site.settings_file()
    main, terminal = pty.openpty()
    proc = subprocess.Popen([COMMAND, "build", "-s", "settings.py"], cwd=site.root,
                            stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0
    assert b"Reading content" in shown or b"Writing pages" in shown, shown[-500:]
    assert b"50 guides" in proc.stdout.read()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return 0, ""


def _wait(condition, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_serve_builds_reloads_keeps_the_last_good_site_and_stops(site: Site):
    outline = site.write("guides/ok-guide.yaml", (CLI / "guides" / "ok-guide.yaml").read_text())
    site.settings_file()
    proc = subprocess.Popen([COMMAND, "serve", "-s", "settings.py", "--port", "0"], cwd=site.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    try:
        assert select.select([proc.stdout], [], [], 30)[0], "serve printed nothing"
        url = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline()).group(0)
        page, status = url + "guides/ok-guide/", url + "__careerguides__/status"
        _wait(lambda: _get(status)[0] == 200 and json.loads(_get(status)[1])["version"] == 1)
        assert json.loads(_get(status)[1]) == {"version": 1, "ok": True, "errors": []}
        code, html = _get(page)
        assert code == 200 and 'src="/__careerguides__/reload.js" data-version="1"' in html
        assert "location.reload()" in _get(url + "__careerguides__/reload.js")[1]

        outline.write_text(outline.read_text().replace("(2026)", "(2026) Edited"))
        _wait(lambda: json.loads(_get(status)[1])["version"] == 2)  # bumped once synced
        assert "Edited" in _get(page)[1]

        outline.write_text(outline.read_text() + "role: [broken\n")
        state = _wait(lambda: (s := json.loads(_get(status)[1]))["ok"] is False and s)
        assert state["version"] == 2 and "ok-guide.yaml:" in state["errors"][0]
        assert "Edited" in _get(page)[1]  # the last good site is still served
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert _get(url)[0] == 0  # the port is closed
