"""Runners for the third-party checkers the quality tests use, all installed by ``make test``:
the Nu Html Checker (npm vnu-jar, on Java), axe-core (npm, injected into Debian's Chromium) and
Lighthouse (npm, driving Debian's Chromium). None of them reaches the network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from browser import CHROMIUM
from conftest import ROOT

NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
MISSING = "is missing: run `make test`, which installs the npm tools and Java"
# What Lighthouse's Chromium must not do here: reach Google's hosts, sandbox as root, use a GPU.
LIGHTHOUSE_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                    "--disable-component-update --disable-sync --no-first-run --disable-quic")


def vnu(files: list[Path]) -> list[dict]:
    """The Nu Html Checker's errors for HTML and CSS files (warnings and info are left out)."""
    java = shutil.which("java")
    assert java, f"java {MISSING}"
    assert VNU_JAR.is_file(), f"{VNU_JAR} {MISSING}"
    proc = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                           "--also-check-css", *map(str, files)],
                          capture_output=True, text=True, timeout=300, check=False)
    return json.loads(proc.stderr or '{"messages": []}')["messages"]


def axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.2 A/AA and best practices)."""
    assert AXE.is_file(), f"{AXE} {MISSING}"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
        resultTypes: ['violations']})""")
    return result["violations"]


def by_impact(violations: list[dict]) -> Counter:
    return Counter(v["impact"] for v in violations)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. "
                     f"{v['nodes'][0]['target']})" for v in violations)


def lighthouse(url: str, categories: tuple[str, ...], timeout: int = 240) -> dict:
    """A Lighthouse report (mobile, simulated throttling) as a dict."""
    node = shutil.which("node")
    assert node, f"node {MISSING}"
    assert LIGHTHOUSE.is_file(), f"{LIGHTHOUSE} {MISSING}"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        proc = subprocess.run(
            [node, str(LIGHTHOUSE), url, f"--only-categories={','.join(categories)}",
             "--output=json", f"--output-path={report}", "--quiet",
             f"--chrome-flags={LIGHTHOUSE_FLAGS} --user-data-dir={tmp}/profile"],
            capture_output=True, text=True, timeout=timeout, env=env, check=False)
        assert proc.returncode == 0 and report.is_file(), proc.stderr[-2000:]
        return json.loads(report.read_text())


def failing_audits(report: dict) -> list[str]:
    """Scored audits below full marks, for the assertion message."""
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"{category['id']}: {ref['id']} = {audit['score']} "
                             f"{audit.get('displayValue', '')}")
    return lines


def report() -> None:
    """Print the figures the quality tests assert on, for the sample site as published: Nu Html
    Checker errors, Lighthouse on a guide (one run), axe findings per page and scheme, page weights.
    ``.venv/bin/python tests/audits.py``."""
    import sys

    from browser import ARGS, serve
    from conftest import Site
    from playwright.sync_api import sync_playwright
    from published import Published
    from sample_pages import BANK, GUIDE
    from test_quality import AXE_PAGES, page_weight

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "content", Path(tmp) / "content")
        site = Site(Path(tmp))
        with serve(site.output) as base:
            result, printed = site.build(base="publishconf", SITEURL=base)
            if not result.ok:
                sys.exit(printed)
            published = Published(site, base)
            files = [*published.html_files(), published.output / "theme" / "css" / "main.css"]
            print(f"Nu Html Checker: {len(vnu(files))} errors in {len(files)} files")
            categories = ("performance", "accessibility", "best-practices", "seo")
            scores = lighthouse(published.url(GUIDE), categories)["categories"]
            print("Lighthouse /" + GUIDE, {c: round(scores[c]["score"] * 100) for c in categories})
            with sync_playwright() as p:
                chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for scheme in ("light", "dark"):
                    context = chromium.new_context(color_scheme=scheme)
                    for path in AXE_PAGES:
                        page = context.new_page()
                        page.goto(published.url(path))
                        if path.startswith("search/"):
                            page.wait_for_selector(".cg-result")
                        if path in (GUIDE, BANK):  # as the test does: with practice mode's controls
                            page.get_by_role("button", name="Practice mode").click()
                        print(f"axe {scheme} /{path}: {dict(by_impact(axe(page))) or 'no violations'}")
                        page.close()
                    context.close()
                chromium.close()
            weights = {published.path_of(f): page_weight(published, f) for f in published.html_files()}
            heaviest = sorted(weights.items(), key=lambda item: -item[1][0])
            print(f"{len(weights)} pages; heaviest HTML+CSS+JS (raw / gzip bytes):")
            shown = [path for path, _ in heaviest[:3]]
            for path in shown + [extra for extra in (GUIDE, "search/") if extra not in shown]:
                print(f"  /{path}: {weights[path][0]:,} / {weights[path][1]:,}")


if __name__ == "__main__":
    report()
