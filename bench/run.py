#!/usr/bin/env python3
"""Build benchmarks, reported as ratios against baselines measured in the same run.

    python bench/run.py [--sizes 1000 3000] [--repeat 2] [--corpus-script PATH]

Pairs (each timed as whole commands in fresh processes, best of --repeat, runs interleaved so
machine noise hits both sides alike):
  1. full build of N generated guides (`careerguides build`) vs plain Pelican building the same
     text as Markdown (`pelican`, default settings and theme); also without the search index
     (PAGEFIND = False), since plain Pelican builds none;
  2. rebuild after editing one outline vs the full build: `careerguides build` run again, and
     `careerguides serve` from the save to the moment it reports the new build to open pages;
  3. peak memory (max RSS of the build process) at the largest size;
  4. scaling: the largest size vs the smallest.
Writes the table to stdout and to bench/results/latest.md. Corpora come from the shared
make_corpus.py (deterministic) and are cached under bench/corpus/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_CORPUS_SCRIPT = ROOT.parent / "shared" / "bench" / "make_corpus.py"
SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
"""


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and the peak RSS (MiB) of the largest process of the build: the main one or
    any worker it forked (Linux's RUSAGE_CHILDREN keeps the maximum over all descendants)."""
    started = time.perf_counter()
    # A wrapper process, so that RUSAGE_CHILDREN of the wrapper sees the build's own workers.
    wrapper = ("import os, resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
               "c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
               "print(c, file=sys.stderr); sys.exit(p.returncode)")
    proc = subprocess.Popen([sys.executable, "-c", wrapper, *cmd], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, _ = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return seconds, int(err.strip().splitlines()[-1]) // 1024


def corpus(n: int, script: Path) -> Path:
    folder = ROOT / "bench" / "corpus" / str(n)
    if not (folder / "manifest.tsv").exists():
        subprocess.run([sys.executable, str(script), str(n), str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def prepare(n: int, script: Path) -> tuple[Path, Path]:
    """A site of ours (outlines) and a plain Pelican site (Markdown), both fresh."""
    source = corpus(n, script)
    work = ROOT / "bench" / "work" / str(n)
    shutil.rmtree(work, ignore_errors=True)
    ours, plain = work / "ours", work / "plain"
    shutil.copytree(source / "outlines", ours / "content" / "guides")
    settings = SETTINGS.format(root=str(ROOT), theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins"))
    (ours / "settings.py").write_text(settings)
    (ours / "nosearch.py").write_text(settings + "PAGEFIND = False\n")
    shutil.copytree(source / "pelican" / "content", plain / "content")
    return ours, plain


def ours_cmd(settings: str = "settings.py") -> list[str]:
    return [str(BIN / "careerguides"), "build", "--no-progress", "-s", settings, "-o", "output"]


def plain_cmd() -> list[str]:
    return [str(BIN / "pelican"), "content", "-o", "output", "-q"]


def clean(site: Path) -> None:
    for name in ("output", "cache"):
        shutil.rmtree(site / name, ignore_errors=True)


def edit_one_outline(site: Path, round_: int) -> None:
    outline = sorted((site / "content" / "guides").glob("*.yaml"))[0]
    text = outline.read_text()
    outline.write_text(text.replace("summary: ", f"summary: Edit {round_}. ", 1))


def serve_rebuild(site: Path, round_: int) -> float:
    """Seconds from saving an edited outline to `careerguides serve` reporting the new build
    (what its reload script polls), after its first build."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(BIN / "careerguides"), "serve", "-s", "settings.py", "-o", "output",
                             "--port", str(port)], cwd=site,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def version() -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__careerguides__/status") as r:
                return json.load(r)["version"]
        except OSError:
            return 0

    try:
        deadline = time.monotonic() + 900
        while version() < 1:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("careerguides serve did not finish its first build")
            time.sleep(0.05)
        edit_one_outline(site, f"serve {round_}")
        started = time.perf_counter()
        while version() < 2:
            if time.monotonic() > deadline:
                raise SystemExit("careerguides serve did not rebuild")
            time.sleep(0.02)
        return time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


def measure(n: int, repeat: int, script: Path) -> dict[str, float]:
    ours, plain = prepare(n, script)
    full, base, rebuild, rss, bare, served = [], [], [], [], [], []
    for r in range(repeat):
        clean(plain)
        base.append(run(plain_cmd(), plain)[0])
        clean(ours)
        bare.append(run(ours_cmd("nosearch.py"), ours)[0])
        clean(ours)
        seconds, peak = run(ours_cmd(), ours)
        full.append(seconds)
        rss.append(peak)
        edit_one_outline(ours, r)
        rebuild.append(run(ours_cmd(), ours)[0])
        served.append(serve_rebuild(ours, r))
    return {"n": n, "plain": min(base), "full": min(full), "rebuild": min(rebuild),
            "rss": max(rss), "bare": min(bare), "served": min(served)}


def report(results: list[dict]) -> str:
    small, large = results[0], results[-1]
    rows = ["| pair | ours | baseline | ratio | target |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        rows.append(f"| full build, {r['n']:,} guides vs plain Pelican (Markdown) | "
                    f"{r['full']:.2f} s | {r['plain']:.2f} s | {r['full'] / r['plain']:.2f}x | "
                    "≤ 0.5x |")
        rows.append(f"| full build without the search index, {r['n']:,} guides vs plain Pelican | "
                    f"{r['bare']:.2f} s | {r['plain']:.2f} s | {r['bare'] / r['plain']:.2f}x | |")
        rows.append(f"| rebuild after one outline edit vs full build, {r['n']:,} guides | "
                    f"{r['rebuild']:.2f} s | {r['full']:.2f} s | "
                    f"{r['rebuild'] / r['full']:.2f}x | ≤ 0.05x |")
        rows.append(f"| rebuild in `careerguides serve` (save to reload), {r['n']:,} guides | "
                    f"{r['served']:.2f} s | {r['full']:.2f} s | "
                    f"{r['served'] / r['full']:.2f}x | ≤ 0.05x |")
    rows.append(f"| peak memory (largest process), {large['n']:,} guides | {large['rss']} MiB | | | "
                "≤ 150 MiB |")
    if large is not small:
        rows.append(f"| scaling {small['n']:,} -> {large['n']:,} guides | {large['full']:.2f} s | "
                    f"{small['full']:.2f} s | {large['full'] / small['full']:.2f}x | ≤ 3.1x |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--corpus-script", type=Path, default=DEFAULT_CORPUS_SCRIPT)
    args = p.parse_args(argv)
    if not args.corpus_script.is_file():
        p.error(f"{args.corpus_script}: no such file (the corpus script is shared/bench/"
                "make_corpus.py beside this project's folder): name it with --corpus-script PATH")
    results = [measure(n, args.repeat, args.corpus_script) for n in sorted(args.sizes)]
    table = report(results)
    header = (f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, "
              f"best of {args.repeat}, command: python bench/run.py "
              f"--sizes {' '.join(map(str, sorted(args.sizes)))} --repeat {args.repeat}\n\n")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(header + table + "\n")
    print(header + table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
