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


class TextDates(yaml.SafeLoader):
    """What an editor's YAML 1.2 parser sees: dates are text."""


TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)


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


@pytest.mark.parametrize("text, found", [
    ("TODO", "TODO"), ("write this TBD.", "TBD"), ("FIXME later", "FIXME"), ("XXX", "XXX"),
    ("Lorem Ipsum dolor", "Lorem Ipsum"), ("Question #3", "Question #3"),
    ("QUESTION\n 4", "QUESTION\n 4"), ("Interview Question 2 (Free)", "Question 2"),
    ("Free course (FREE)", "(FREE)"), ("a todo app", None), ("question 2x", None),
    ("a question about 2 things", None), ("TODOS", None)])
def test_the_cheap_placeholder_test_never_misses_one(text: str, found: str | None):
    """Builds lint every outline: a fast pre-test skips the full pattern on clean text."""
    from careerguides.lint import _NOT_WORD, PLACEHOLDER, _may_hold_placeholder, _normalised

    match = PLACEHOLDER.search(text)
    assert (match.group(0) if match else None) == found
    assert _may_hold_placeholder(text) or match is None
    assert _normalised(text) == _NOT_WORD.sub(" ", text.casefold()).strip()


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


def content_warnings(summary: str) -> int:
    """The count in the build summary's 'N content warnings' (an assertion error if absent)."""
    return int(re.search(r"^  (\d+) content warnings?\b", summary, re.M).group(1))


def test_check_and_build_agree(tmp_path: Path):
    """Warnings never stop the build (which counts them); every error group makes it fail."""
    skip = tuple(rel for group in ERROR_GROUPS for rel in group)
    good = make_site(tmp_path / "good", skip)
    checked = run(good.root, "check", "-s", "settings.py", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    built = run(good.root, "build", "-s", "settings.py")
    assert built.returncode == 0, built.stderr
    # The build lints each outline it renders; what only `check` sees is across files (slugs)
    # and outlines the build never reads.
    linted = [p for p in json.loads(checked.stdout)
              if p["path"].startswith(("content/guides/", "content/questions/"))
              and "is also used by" not in p["message"]]
    assert len(linted) == sum(  # every lint fixture's warning, so the count below means something
        severity == "warning" and "is also used by" not in text
        for rel in OWN if rel.parts[0] in ("guides", "questions") and rel.as_posix() not in skip
        for _, severity, text in expectations(CLI / rel))
    assert content_warnings(built.stdout) == len(linted), built.stdout
    for n, group in enumerate(ERROR_GROUPS):
        bad = make_site(tmp_path / f"bad{n}", tuple(r for r in skip if r not in group))
        result, printed = bad.build()
        assert not result.ok, group
        report = run_check(load_site(str(bad.root / "settings.py")))
        assert report.errors >= 1
        for p in report.problems:
            if p.severity == "error" and "is also used by" not in p.message:  # a file clash is
                assert f"{Path(p.path).name}:{p.line}:" in printed, (p, printed)  # named by URL


HOSTILE = {  # name: (content, what its one error says)
    "huge.yaml": ("title: x\nsummary: " + "a" * 10_000_000, "an outline may be at most 1 MB"),
    "deep.yaml": ("title: " + "[" * 60_000 + "]" * 60_000, "nested more than 32 levels deep"),
    "deep-dashes.yaml": ("- " * 400_000 + "x", "nested more than 32 levels deep"),
    "deep-block.yaml": ("".join(" " * i + f"k{i}:\n" for i in range(1_000)),
                        "nested more than 32 levels deep"),
    "wide.yaml": ("title: [" + ",".join("x" * 200_000) + "]", "more than 20000 values"),
}


def test_hostile_files_get_a_clear_error_at_once(site: Site):
    """Refused from their first bytes or structure, never expanded, composed or echoed whole.

    LibYAML crashes the process on the deep files if it ever composes them, and would spend
    seconds composing the wide one; the timeout is a hang guard, not a measure.
    """
    (site.content / "guides").mkdir()
    shutil.copy(FIXTURES / "invalid" / "alias-bomb.yaml", site.content / "guides" / "bomb.yaml")
    shutil.copy(FIXTURES / "invalid" / "not-utf8.yaml", site.content / "guides" / "latin1.yaml")
    for name, (text, _) in HOSTILE.items():
        (site.content / "guides" / name).write_text(text)
    site.settings_file()
    done = run(site.root, "check", "-s", "settings.py", "--format", "json", timeout=30)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    problems = json.loads(done.stdout)
    by_file = {name: [p for p in problems if p["path"] == f"content/guides/{name}"]
               for name in ("bomb.yaml", "latin1.yaml", *HOSTILE)}
    bomb_lines = (FIXTURES / "invalid" / "alias-bomb.yaml").read_text().count("\n")
    aliases = [p for p in by_file["bomb.yaml"] if "YAML aliases (*name) are not supported" in p["message"]]
    assert aliases and all(p["line"] <= bomb_lines for p in by_file["bomb.yaml"])  # never expanded
    assert [p["message"] for p in by_file["latin1.yaml"]] == [
        "byte 0xff is not valid UTF-8; save the file as UTF-8"]
    for name, (_, message) in HOSTILE.items():
        assert len(by_file[name]) == 1 and message in by_file[name][0]["message"], by_file[name]

    text = run(site.root, "check", "-s", "settings.py", "content/guides/huge.yaml", timeout=30)
    assert text.returncode == 1 and max(map(len, text.stdout.splitlines())) < 200  # a window


@pytest.mark.parametrize("command", ["build", "serve"])
def test_build_and_serve_without_a_settings_file_say_how_to_name_one(tmp_path: Path, command: str):
    (tmp_path / "content").mkdir()
    for settings in ("pelicanconf.py", "missing.py"):
        done = run(tmp_path, command, "-s", settings, timeout=20)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (f"error: {settings}: no such settings file: run the command in "
                               "the site's folder, or name the settings file with -s\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # nothing written


def test_build_counts_the_warnings_check_finds_also_from_its_cache(tmp_path: Path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    Site(tmp_path).settings_file()

    def warnings() -> int:
        done = run(tmp_path, "check", "-s", "settings.py", "--format", "json")
        assert done.returncode == 0, done.stdout
        return sum(p["severity"] == "warning" for p in json.loads(done.stdout))

    sample = warnings()
    assert sample > 0  # the sample keeps unanswered questions on purpose
    first = run(tmp_path, "build", "-s", "settings.py")
    again = run(tmp_path, "build", "-s", "settings.py")  # every outline from the content cache
    assert "0 file(s) written" in again.stdout, again.stdout
    assert content_warnings(first.stdout) == content_warnings(again.stdout) == sample, first.stdout
    outline = tmp_path / "content/guides/mlops-engineer-interview-questions.yaml"
    outline.write_text(outline.read_text().replace("role: MLOps Engineer", "role: MLOps Engineer TODO"))
    edited = run(tmp_path, "build", "-s", "settings.py")
    assert content_warnings(edited.stdout) == warnings() == sample + 1, edited.stdout


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
        # The editor resolves the path from the outline's folder, and reads dates as text.
        schema = json.loads(((site.content / rel).parent / first.split("$schema=")[1]).read_text())
        assert schema == outline_schema(kind)
        scaffold = yaml.load(text, TextDates)
        assert not list(jsonschema.Draft7Validator(schema).iter_errors(scaffold))
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
    assert re.search(r"^  [\d,]+ words, read times? [\d-]+ min, \d+ file\(s\) written, ", built.stdout,
                     re.M), built.stdout
    assert content_warnings(built.stdout) == len(problems)  # the TODOs
    page = site.page("guides/data-engineer-interview-questions/")
    assert page.select_one(".cg-draft-note").get_text().startswith("Draft")
    assert "Data Engineer Interview Questions" in (site.output / "index.html").read_text()


def test_schema_accepts_every_sample_outline_and_rejects_a_misspelt_key(tmp_path: Path):
    for kind, folder in (("guide", "guides"), ("bank", "questions")):
        done = run(tmp_path, "schema", kind)
        assert done.returncode == 0, done.stderr
        schema = json.loads(done.stdout)
        assert schema == outline_schema(kind)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"  # what editors speak
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
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
        first = json.loads(_get(status)[1])
        assert first == {"version": 1, "ok": True, "errors": [], "builder": first["builder"]}
        assert isinstance(first["builder"], int)
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


def test_serve_reloads_an_open_page_in_chromium(site: Site, browser):
    """What an author sees: the open page reloads after a save, shows a failed build's errors
    over the last good page, and reloads again once the outline is fixed."""
    outline = site.write("guides/ok-guide.yaml", (CLI / "guides" / "ok-guide.yaml").read_text())
    site.settings_file()
    proc = subprocess.Popen([COMMAND, "serve", "-s", "settings.py", "--port", "0"], cwd=site.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    page = browser.new_page()
    try:
        assert select.select([proc.stdout], [], [], 30)[0], "serve printed nothing"
        url = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline()).group(0)
        status = url + "__careerguides__/status"
        _wait(lambda: json.loads(_get(status)[1] or "{}").get("version") == 1)
        page.goto(url + "guides/ok-guide/")
        heading = page.locator("h1")
        assert "Backend Engineer Interview Questions" in heading.text_content()
        page.evaluate("window.notReloaded = true")  # gone once the page really reloads

        outline.write_text(outline.read_text().replace("(2026)", "(2026) Edited"))
        page.wait_for_function("!window.notReloaded", timeout=60_000)
        page.wait_for_load_state()
        assert "Edited" in heading.text_content()

        page.evaluate("window.notReloaded = true")
        good = outline.read_text()
        outline.write_text(good + "role: [broken\n")
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=60_000)
        assert "The last build failed" in alert.text_content()
        assert "ok-guide.yaml:" in alert.text_content()
        assert page.evaluate("window.notReloaded") is True  # the last good page stays open
        assert "Edited" in heading.text_content()

        outline.write_text(good.replace("Edited", "Fixed"))
        page.wait_for_function("!window.notReloaded", timeout=60_000)
        page.wait_for_load_state()
        assert "Fixed" in heading.text_content() and page.get_by_role("alert").count() == 0
    finally:
        page.close()
        proc.send_signal(signal.SIGTERM)  # the other serve test stops it with SIGINT
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out.rstrip().endswith("stopped") and "Traceback" not in err


def _serve(site: Site, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """``careerguides serve`` on a free port and the status URL, once its first build is done."""
    proc = subprocess.Popen([COMMAND, "serve", "-s", "settings.py", "--port", "0"], cwd=site.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, env=env)
    try:
        assert select.select([proc.stdout], [], [], 30)[0], "serve printed nothing"
        status = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline()).group(0) + (
            "__careerguides__/status")
        state = _wait(lambda: (s := _state(status)) and (s["version"] == 1 or not s["ok"]) and s, 60)
        assert state["ok"], "the first build failed"
    except AssertionError:
        proc.kill()
        raise AssertionError(proc.communicate()[1]) from None
    return proc, status


def _state(status: str) -> dict:
    return json.loads(_get(status)[1] or "{}")


def _rebuilt(status: str, version: int) -> dict:
    """The status once the build after ``version`` is reported (a timeout if it fails)."""
    return _wait(lambda: (s := _state(status)).get("version") == version + 1 and s, 60)


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and out.rstrip().endswith("stopped"), err
    assert "Traceback" not in err, err
    return err


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has exited and been reaped."""
    return not Path(f"/proc/{pid}").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# A plugin that writes how many receivers each Pelican signal has as the build ends: a served
# build compares it with a fresh one's, so a receiver connected twice (the builder imported the
# plugin, and Pelican registers it again in each forked build) shows.
PROBE = """\
import json
import os

from pelican import signals


def dump(pelican):
    counts = {name: len(s.receivers) for name, s in sorted(vars(signals).items())
              if hasattr(s, "receivers")}
    with open(os.path.join(pelican.output_path, "receivers.json"), "w") as fh:
        json.dump(counts, fh, indent=1)


def register():
    signals.finalized.connect(dump)
"""


def test_serve_rebuilds_in_a_warm_builder_restarted_when_code_or_settings_change(site: Site):
    """Content edits reuse the warm builder (same pid) and write what `careerguides build`
    writes, byte for byte; an edit to the plugin's code or to the settings restarts it, and
    the new code runs. The plugin is a copy in the site, imported through PYTHONPATH, so that
    editing it leaves the project's own alone."""
    plugins = site.root / "plugins"
    shutil.copytree(ROOT / "plugins" / "careerguides", plugins / "careerguides",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (plugins / "receivers.py").write_text(PROBE)
    env = dict(os.environ, PYTHONPATH=str(plugins))
    outline = site.write("guides/ok-guide.yaml", (CLI / "guides" / "ok-guide.yaml").read_text())
    site.write("questions/ok-bank.yaml", (CLI / "questions" / "ok-bank.yaml").read_text())
    site.write("posts/hello.md", (CLI / "posts" / "hello.md").read_text())  # the bank links it
    settings = site.settings_file(f"PLUGIN_PATHS = [{str(plugins)!r}]\n"
                                  'PLUGINS = ["careerguides", "receivers"]')
    proc, status = _serve(site, env)
    try:
        builder = _state(status)["builder"]
        assert builder and builder != proc.pid and not _gone(builder)
        for n in (1, 2):  # two rebuilds, both by the builder of the first build
            outline.write_text(outline.read_text().replace("(2026)", f"(2026) Edit {n}", 1))
            state = _rebuilt(status, n)
            assert state["ok"] and state["builder"] == builder, state
            assert f"Edit {n}" in site.page("guides/ok-guide/").get_text()

        fresh = run(site.root, "build", "-s", "settings.py", "-o", "fresh", "--no-cache")
        assert fresh.returncode == 0, fresh.stderr
        served, built = _tree(site.output), _tree(site.root / "fresh")
        assert served.keys() == built.keys() and "receivers.json" in served
        assert [name for name in served if served[name] != built[name]] == []

        init = plugins / "careerguides" / "__init__.py"
        init.write_text(init.read_text() + (
            "\n\ndef _stamp(pelican):\n"
            "    with open(pelican.output_path + '/stamp.txt', 'w') as fh:\n"
            "        fh.write('new code')\n\n\n"
            "_register = register\n\n\n"
            "def register():\n"
            "    _register()\n"
            "    signals.finalized.connect(_stamp)\n"))
        state = _rebuilt(status, 3)
        assert state["ok"] and state["builder"] not in (None, builder), state
        assert (site.output / "stamp.txt").read_text() == "new code"  # not the preloaded module's
        assert _gone(builder)  # stopped, not left behind
        restarted = state["builder"]

        settings.write_text(settings.read_text() + 'SITENAME = "Renamed Site"\n')
        state = _rebuilt(status, 4)
        assert state["ok"] and state["builder"] not in (None, restarted), state
        assert "Renamed Site" in (site.output / "index.html").read_text()
        assert _gone(restarted)
        last = state["builder"]
    finally:
        err = _stop(proc)
    assert "changed: settings; rebuilding" in err
    _wait(lambda: _gone(last), 10)


def test_serve_survives_a_crashing_build_and_a_dead_builder(site: Site):
    """A build killed outright is a failed build (the last good site stays); the builder that
    forked it goes on. A builder that dies is replaced at the next build."""
    plugins = site.root / "plugins"
    plugins.mkdir()
    (plugins / "crash.py").write_text(
        "import os\nimport signal\n\nfrom pelican import signals\n\n\n"
        "def crash(pelican):\n"
        "    if os.path.exists(os.path.join(pelican.settings['PATH'], 'CRASH')):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would\n\n\n"
        "def register():\n"
        "    signals.finalized.connect(crash)\n")
    outline = site.write("guides/ok-guide.yaml", (CLI / "guides" / "ok-guide.yaml").read_text())
    site.settings_file(f'PLUGIN_PATHS = [{str(ROOT / "plugins")!r}, {str(plugins)!r}]\n'
                       'PLUGINS = ["careerguides", "crash"]')
    proc, status = _serve(site)
    try:
        builder = _state(status)["builder"]
        outline.write_text(outline.read_text().replace("(2026)", "(2026) Good"))
        assert _rebuilt(status, 1)["builder"] == builder

        (site.content / "CRASH").write_text("")
        state = _wait(lambda: (s := _state(status))["ok"] is False and s, 60)
        assert state == {"version": 2, "ok": False, "builder": builder,
                         "errors": ["the build failed; see the terminal"]}
        assert "Good" in site.page("guides/ok-guide/").get_text()
        (site.content / "CRASH").unlink()
        outline.write_text(outline.read_text().replace("Good", "Better"))
        state = _wait(lambda: (s := _state(status))["ok"] and s["version"] == 3 and s, 60)
        assert state["builder"] == builder and "Better" in site.page("guides/ok-guide/").get_text()

        os.kill(builder, signal.SIGKILL)
        time.sleep(0.5)
        outline.write_text(outline.read_text().replace("Better", "Best"))
        state = _rebuilt(status, 3)
        assert state["ok"] and state["builder"] not in (None, builder), state
        assert "Best" in site.page("guides/ok-guide/").get_text()
    finally:
        _stop(proc)


# A build that, while a SLOW file sits beside the settings, waits at its end and, interrupted,
# prints far more than a pipe holds as it cleans up.
SLOW = """\
import os
import sys
import time

from pelican import signals


def slow(pelican):
    root = os.path.dirname(pelican.settings["PATH"])
    if not os.path.exists(os.path.join(root, "SLOW")):
        return
    open(os.path.join(root, "STARTED"), "w").close()
    try:
        time.sleep(60)
    except KeyboardInterrupt:
        for n in range(3000):
            print(f"cleaning up, line {n:04d}" + "." * 80, file=sys.stderr)
        raise


def register():
    signals.finalized.connect(slow)
"""


def test_ctrl_c_on_serve_during_a_build_leaves_nothing_behind(site: Site):
    """Ctrl-C reaches serve, its builder and the build at once (one process group, as in a
    terminal). The build cleans up once, however long it prints, and removes its staging folder;
    serve stops cleanly."""
    plugins = site.root / "plugins"
    plugins.mkdir()
    (plugins / "slow.py").write_text(SLOW)
    outline = site.write("guides/ok-guide.yaml", (CLI / "guides" / "ok-guide.yaml").read_text())
    site.settings_file(f'PLUGIN_PATHS = [{str(ROOT / "plugins")!r}, {str(plugins)!r}]\n'
                       'PLUGINS = ["careerguides", "slow"]')
    proc = subprocess.Popen([COMMAND, "serve", "-s", "settings.py", "--port", "0"], cwd=site.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        status = re.search(r"http://127\.0\.0\.1:\d+/", proc.stdout.readline()).group(0) + (
            "__careerguides__/status")
        _wait(lambda: _state(status).get("version") == 1, 60)
        (site.root / "SLOW").touch()
        outline.write_text(outline.read_text().replace("(2026)", "(2026) Edited"))
        _wait(lambda: (site.root / "STARTED").exists(), 60)
        assert list(site.root.glob(".output.*"))  # the build is under way
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0 and out.rstrip().endswith("stopped"), err[-2000:]
    assert err.count("cleaning up, line") == 3000  # all shown; nothing blocked on the pipe
    assert "Traceback" not in err
    assert not list(site.root.glob(".output.*"))
    assert "Edited" not in site.page("guides/ok-guide/").get_text()  # the last good site
