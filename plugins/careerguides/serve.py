"""``careerguides serve``: build, serve on 127.0.0.1, rebuild on every change, reload open pages.

* Watching: ``watchfiles`` (Rust ``notify``; Pelican already depends on it) on the content, theme
  and plugin folders; the settings files beside pelicanconf.py are checked by their stat twice a
  second, since watching the site's root folder would also watch .venv/ and output/.
* Building: each build is ``careerguides build`` run in a process forked from a warm builder
  (warmbuild.py) that has imported Pelican and the plugin already, which saves ~0.8 s a build.
  An edit to the settings or under the plugin folders restarts the builder first, so new code
  takes effect (a module imported once would keep its old code); content and theme edits reuse
  it. The build writes aside and syncs into output/ only on success, so a broken outline prints
  its errors and the last good site keeps being served. ``/__careerguides__/status`` names the
  builder's pid, for debugging.
* Reloading: every HTML page is served with a small script that polls ``/__careerguides__/status``
  and reloads when the build number changes; while the last build failed it shows the errors on
  the page. No websocket, no extra package, nothing added to output/.
"""

from __future__ import annotations

import glob
import io
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from .siteinfo import SiteInfo
from .warmbuild import WarmBuilder

STATUS_PATH = "/__careerguides__/status"
SCRIPT_PATH = "/__careerguides__/reload.js"
_ERROR_LINE = re.compile(r"(^|:\d+:\d+: )error: ")

RELOAD_JS = """\
(function () {
  "use strict";
  var me = document.currentScript, seen = me && me.getAttribute("data-version"), box = null;
  function show(state) {
    if (state.ok) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("pre");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1em;right:1em;bottom:1em;z-index:99999;margin:0;" +
        "max-height:50vh;overflow:auto;padding:1em;white-space:pre-wrap;font:13px/1.4 monospace;" +
        "background:#fff4f4;color:#7f1d1d;border:2px solid #b91c1c;border-radius:6px";
      document.body.appendChild(box);
    }
    box.textContent = "The last build failed; you are looking at the last good site.\\n\\n" +
      state.errors.join("\\n");
  }
  function poll() {
    fetch("STATUS_PATH", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (String(s.version) !== seen) { location.reload(); return; }
      show(s);
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
""".replace("STATUS_PATH", STATUS_PATH)


@dataclass(frozen=True)
class Status:
    """The served site's build number, whether the latest build failed (and how), and the pid
    of the warm builder that ran it."""

    version: int = 0
    ok: bool = True
    errors: tuple[str, ...] = field(default_factory=tuple)
    builder: int | None = None


def inject(html: bytes, version: int) -> bytes:
    """The page with the reload script before its last ``</body>`` (or at its end)."""
    tag = f'<script src="{SCRIPT_PATH}" data-version="{version}"></script>'.encode()
    at = html.lower().rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


def handler_class(directory: str, status: Callable[[], Status]) -> type[SimpleHTTPRequestHandler]:
    """A request handler for ``directory`` that injects the reload script into HTML pages."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def do_GET(self):
            body = self._special()
            if body is None:
                return super().do_GET()
            self.wfile.write(body)

        def do_HEAD(self):
            if self._special() is None:
                super().do_HEAD()

        def _special(self) -> bytes | None:
            path = self.path.split("?", 1)[0]
            if path == STATUS_PATH:
                s = status()
                data = json.dumps({"version": s.version, "ok": s.ok, "errors": list(s.errors),
                                   "builder": s.builder})
                return self._reply(data.encode(), "application/json")
            if path == SCRIPT_PATH:
                return self._reply(RELOAD_JS.encode(), "text/javascript; charset=utf-8")
            return None

        def _reply(self, body: bytes, kind: str) -> bytes:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return body

        def send_head(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
                path = os.path.join(path, "index.html")
            if not path.endswith(".html") or not os.path.isfile(path):
                return super().send_head()
            with open(path, "rb") as fh:
                body = inject(fh.read(), status().version)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")  # a preview is never stale
            super().end_headers()

        def log_request(self, code="-", size="-"):
            pass  # one line per poll would bury the build output; errors still print

    return Handler


class DevServer:
    """Builds the site, serves its output folder and rebuilds when a source changes."""

    def __init__(self, site: SiteInfo, output: str | None, port: int, drafts: bool = False):
        self.site = site
        self.output = os.path.abspath(output or site.settings["OUTPUT_PATH"])  # as build_site does
        self.drafts = drafts
        self.status = Status()
        command = ["build", "--no-progress", "-s", site.settings_file or "pelicanconf.py",
                   "-o", self.output]
        self.builder = WarmBuilder([*command, "--drafts"] if drafts else command)
        # Edits here change code the builder has imported: it must start afresh.
        self.code = [os.path.abspath(os.path.join(site.root, folder))
                     for folder in site.settings.get("PLUGIN_PATHS", [])]
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler_class(self.output, self.get))
        self.server.daemon_threads = True
        self.stamps = self._settings_stamps()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def get(self) -> Status:
        return self.status

    def build(self) -> bool:
        """One build by the warm builder; its output goes to the terminal as it comes."""
        errors: list[str] = []

        def echo(line: str) -> None:
            sys.stderr.write(line)
            if _ERROR_LINE.search(line) and len(errors) < 50:
                errors.append(line.rstrip())

        ok = self.builder.build(echo) == 0
        old = self.status
        self.status = Status(old.version + 1, True, builder=self.builder.pid) if ok else Status(
            old.version, False, tuple(errors) or ("the build failed; see the terminal",),
            self.builder.pid)
        return ok

    def _is_code(self, path: str) -> bool:
        return any(path == folder or path.startswith(folder + os.sep) for folder in self.code)

    def _settings_stamps(self) -> dict[str, tuple[int, int]]:
        stamps = {}
        for path in glob.glob(os.path.join(self.site.root, "*.py")):
            try:
                st = os.stat(path)
            except OSError:
                continue
            stamps[path] = (st.st_mtime_ns, st.st_size)
        return stamps

    def _settings_changed(self) -> bool:
        stamps = self._settings_stamps()
        changed, self.stamps = stamps != self.stamps, stamps
        return changed

    def run(self) -> int:
        """Serve until Ctrl-C (or SIGTERM); returns the exit status."""
        import watchfiles

        def stop(signum, frame):
            raise KeyboardInterrupt

        # SIGINT too: a shell starting us in the background sets it to "ignore", and Ctrl-C or a
        # supervisor's interrupt must still stop the server.
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        thread = threading.Thread(target=self.server.serve_forever, name="http", daemon=True)
        thread.start()
        print(f"serving {self.output} on {self.url} (Ctrl-C to stop)", flush=True)
        try:
            self.build()
            for changes in watchfiles.watch(*self.site.watched(), rust_timeout=500,
                                            yield_on_timeout=True):
                paths = {path for _, path in changes}
                # Editors save through short-lived temporary files: name what is still there.
                names = sorted(os.path.relpath(p) for p in ({p for p in paths if os.path.exists(p)}
                                                            or paths))
                settings = self._settings_changed()
                if settings:
                    names.append("settings")
                if not names:
                    continue
                print(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; "
                      "rebuilding", file=sys.stderr, flush=True)
                if settings or any(self._is_code(p) for p in paths):
                    self.builder.stop()  # the next build starts one with the new code
                self.build()
        except KeyboardInterrupt:
            pass
        finally:
            self.builder.stop()
            self.server.shutdown()
            self.server.server_close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        print("stopped", flush=True)
        return 0
