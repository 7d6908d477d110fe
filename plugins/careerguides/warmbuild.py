"""A warm builder for ``careerguides serve``: ``careerguides build`` without a second of imports.

    python -m careerguides.warmbuild build --no-progress -s pelicanconf.py -o output [--drafts]

It imports Pelican and the plugin once, then, for each line serve writes on its stdin, forks a
child that runs the ``careerguides`` command with the arguments above, exactly as a fresh
``careerguides build`` would. The child's output goes to stderr (serve reads and shows it) and its
summary to stdout (serve's own); once the child is gone the builder writes ``MARKER`` and the
child's exit status on stderr, so serve knows where a build's output ends without waiting for
every process that inherited the pipe (a crashed build's workers) to close it.

Why a process of its own, started by exec and forking once per build:

* A fork starts each build from the state right after the imports: Pelican and the plugin keep
  module-level state (signal receivers, caches, the sitemap's notes) that no build must inherit
  from an earlier one. The builder imports the plugin but never registers it, so each build's
  ``Pelican(settings)`` connects its receivers once, as in a fresh process.
* Only a new interpreter runs edited plugin code, so serve restarts the builder when the plugin
  or the settings change, and reuses it for content and theme edits.
* serve runs HTTP threads, and forking a threaded process is unsafe: this process has no threads.
  multiprocessing (even its fork context) would fork serve itself, and its pools return values,
  not a build's output as it is printed.

Stopping: SIGINT or SIGTERM stops the builder, and EOF on stdin (serve is gone). A build under
way gets SIGINT (it removes its staging folder) and 5 seconds before SIGKILL, as serve gave the
build processes it ran itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from typing import NoReturn

MARKER = "\x1ecareerguides-warmbuild exit "  # a record separator no build prints
GRACE = 5  # seconds a stopped build has to clean up before SIGKILL
_STOPS = (signal.SIGINT, signal.SIGTERM)
_HANDLED = (*_STOPS, signal.SIGALRM)


def _preload() -> None:
    # The plugin (its __init__ imports every module register() connects) and what the build
    # command imports as it runs: ~0.8 s that each build no longer pays. A plain build defers
    # what an edit needs (bs4, Pagefind, the outline validators: ~0.1 s); made here, each
    # forked build finds them ready.
    import bs4  # noqa: F401
    from pagefind.service import get_executable  # noqa: F401

    import careerguides  # noqa: F401
    from careerguides import build, cli, drafts, progress  # noqa: F401
    from careerguides.schema import MODELS

    for model in MODELS.values():
        model.model_rebuild(force=True)


def _interrupt_once(signum, frame) -> NoReturn:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _run_child(argv: list[str]) -> NoReturn:
    """In the forked child: the ``careerguides`` command, then exit."""
    # A Ctrl-C reaches this process twice: from the terminal and passed on by the builder. As
    # in a fresh process it is one KeyboardInterrupt; the second must not cut short the cleanup
    # the first started (the staging folder's removal). The builder's SIGKILL bounds it.
    signal.signal(signal.SIGINT, _interrupt_once)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HANDLED)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # the requests on stdin are the builder's
    os.close(null)
    from careerguides.cli import main

    try:
        code = main(argv)
    except KeyboardInterrupt:
        code = 128 + signal.SIGINT
    except Exception:
        traceback.print_exc()
        code = 1
    else:
        # A build that returned has shut its worker pools: skip the interpreter's teardown
        # (~0.2 s after a large build) unless something is still running.
        if threading.active_count() == 1 and not multiprocessing.active_children():
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(code)
        raise SystemExit(code)
    # Interrupted or crashed: stop the pools' workers now (as a Ctrl-C in a terminal does), or
    # the teardown would wait for every job still queued. The teardown then runs as in a fresh
    # process (SystemExit unwinds the builder's loop untouched), and reaps them.
    for worker in multiprocessing.active_children():
        worker.terminate()
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    """Serve build requests (one a line on stdin) until EOF, SIGINT or SIGTERM."""
    argv = sys.argv[1:] if argv is None else argv
    child = 0
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        if not child:
            raise KeyboardInterrupt
        if not stopping:  # once: a Ctrl-C reaches serve and this process, each passing it on
            stopping = True
            os.kill(child, signal.SIGINT)  # waitpid below returns once it has cleaned up
            signal.alarm(GRACE)

    def insist(signum, frame):
        if child:
            os.kill(child, signal.SIGKILL)

    for sig in _STOPS:
        signal.signal(sig, stop)
    signal.signal(signal.SIGALRM, insist)
    try:
        _preload()
        for _request in sys.stdin:
            sys.stdout.flush()  # nothing buffered here may be written twice by the child
            sys.stderr.flush()
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)  # `child` is set before any stop
            pid = os.fork()
            if pid == 0:  # exits, or raises SystemExit through here to exit as a process does
                _run_child(argv)
            child = pid
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
            # Wait without reaping: until `child` is cleared below, a stop or SIGALRM that kills
            # it finds a zombie, not a pid that is gone (ProcessLookupError) or reused.
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
            signal.pthread_sigmask(signal.SIG_BLOCK, _HANDLED)
            signal.alarm(0)
            child = 0
            _, status = os.waitpid(pid, 0)
            os.write(2, f"{MARKER}{os.waitstatus_to_exitcode(status)}\n".encode())
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _HANDLED)
            if stopping:
                break
    except (KeyboardInterrupt, BrokenPipeError):  # stopped while idle, or serve is gone
        pass
    return 0


class WarmBuilder:
    """serve's side: a warm builder started on first use and again after :meth:`stop`.

    A thread reads what the builder prints for as long as it runs, never serve's main thread: a
    Ctrl-C there would interrupt a read halfway and lose what it had buffered, and a stopping
    build that prints more than a pipe holds must not block until the SIGKILL.
    """

    def __init__(self, argv: list[str]):
        self.argv = argv
        self.proc: subprocess.Popen | None = None
        self.echo: Callable[[str], None] = sys.stderr.write  # the current build's
        self._reader: threading.Thread | None = None
        self._statuses: queue.Queue[int | None] = queue.Queue()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def build(self, echo: Callable[[str], None]) -> int:
        """One build; ``echo`` gets each line of its output. Returns its exit status."""
        if self.proc is None or self.proc.poll() is not None:
            self.stop()
            self._start()
        self.echo = echo
        try:
            self.proc.stdin.write("build\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # it died starting (a plugin that fails to import): its output says why
        status = self._statuses.get()
        if status is None:
            self.stop()  # it died: the next build starts a new one
            return 1
        return status

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "careerguides.warmbuild", *self.argv],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
            cwd=os.getcwd())
        self._statuses = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(self.proc.stderr, self._statuses),
                                        name="warmbuild-output", daemon=True)
        self._reader.start()

    def _read(self, stream, statuses: queue.Queue[int | None]) -> None:
        """Show each line as it comes; each build's exit status goes to ``statuses``, then None
        once the builder is gone."""
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                text, marker, status = line.partition(MARKER)
                if text:
                    self.echo(text if text.endswith("\n") else text + "\n")
                if marker:
                    statuses.put(int(status))
        statuses.put(None)

    def stop(self) -> None:
        """Stop the builder and any build under way (it cleans up first, its output shown)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=GRACE * 2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        with contextlib.suppress(OSError):
            proc.stdin.close()
        self._reader.join(timeout=1)  # the last of its output; an orphan may hold the pipe open
        if not self._reader.is_alive():
            with contextlib.suppress(OSError):
                proc.stderr.close()


if __name__ == "__main__":
    sys.exit(main())
