"""The ``careerguides`` command: new, check, build, serve and schema.

Each command imports what it needs when it runs, so ``--help`` and ``check`` do not pay for the
build's imports.
"""

from __future__ import annotations

import argparse
import os
import sys

EXAMPLES = {
    "new": """examples:
  careerguides new guide "Data Engineer"    # content/guides/data-engineer-interview-questions.yaml
  careerguides new bank "Kubernetes"        # content/questions/kubernetes-interview-questions.yaml

The outline starts as a draft full of TODOs: replace them, run 'careerguides check' until it is
quiet, then set 'status: published'. It never overwrites an existing file.
""",
    "check": """examples:
  careerguides check                                   # every outline under content/
  careerguides check content/guides/data-engineer-interview-questions.yaml
  careerguides check --format json > problems.json     # for editors and CI

Prints path:line:col: error|warning: message, the line and a caret under the column.
Errors are what the build refuses; warnings are content to improve. Exit status 1 on any error.
""",
    "build": """examples:
  careerguides build                      # pelicanconf.py -> output/
  careerguides build -s publishconf.py    # the published site, absolute links
  careerguides build --drafts             # preview drafts and scheduled outlines, marked as such
""",
    "serve": """examples:
  careerguides serve                      # http://127.0.0.1:8000/
  careerguides serve --port 9000 --drafts

Rebuilds on every change in content/, theme/, plugins/ or the settings; open pages reload
themselves. A broken outline prints its errors (and shows them on the page) while the last good
site keeps being served.
""",
    "schema": """examples:
  careerguides schema guide > schemas/guide.json
  careerguides schema bank

Outlines made by 'careerguides new' point to schemas/<kind>.json with a
'# yaml-language-server: $schema=...' line, so editors validate them as you type.
""",
}


class CommandError(Exception):
    """A problem the user can fix: printed as 'error: ...', exit status ``status``."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def _site(args: argparse.Namespace):
    from .siteinfo import SettingsError, load_site

    try:
        return load_site(args.settings)
    except SettingsError as err:
        raise CommandError(str(err), 2) from None


def _settings_file(args: argparse.Namespace) -> str:
    """The settings file build and serve need (the theme and plugins are named there)."""
    if not os.path.isfile(args.settings):
        raise CommandError(f"{args.settings}: no such settings file: run the command in the "
                           "site's folder, or name the settings file with -s", 2)
    return args.settings


def _new(args: argparse.Namespace) -> int:
    from .problems import display_path
    from .scaffold import ScaffoldError, new_outline

    try:
        made = new_outline(_site(args), args.kind, args.name)
    except ScaffoldError as err:
        raise CommandError(str(err)) from None
    print(f"wrote {display_path(made.path)}")
    print("next: replace the TODOs, run 'careerguides check', preview with "
          f"'careerguides serve --drafts' at /{made.url}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import as_json, as_text, run_check

    report = run_check(_site(args), args.paths)
    if args.format == "json":
        print(as_json(report))
    else:
        for line in as_text(report):
            print(line)
    return 1 if report.errors else 0


def _build(args: argparse.Namespace) -> int:
    from .build import build_site
    from .drafts import preview_drafts
    from .problems import display_path
    from .progress import BuildObserver, quiet_pelican, summary

    settings_file = _settings_file(args)
    overrides = {"DEBUG": True} if args.debug else {}
    with (BuildObserver(progress=False if args.no_progress else None) as observer,
          preview_drafts(args.drafts), quiet_pelican()):
        result = build_site(settings_file, args.output, overrides, stream=observer.stream,
                            cache=not args.no_cache)
    result.stats = observer.stats.as_dict()
    if not result.ok:
        print(f"build failed with {len(result.errors)} error(s); "
              f"{display_path(result.output)} was left as it was", file=sys.stderr)
        return 1
    print(summary(observer.stats, output=display_path(result.output), seconds=result.seconds,
                  warnings=len(result.warnings), written=result.written, removed=result.removed,
                  drafts_included=args.drafts))
    _refresh_schemas(settings_file)
    return 0


def _refresh_schemas(settings_file: str) -> None:
    """Keep the schemas/ that 'new' wrote in step with the model (rewritten only if different)."""
    from .schema import MODELS, SCHEMA_DIR, write_schema

    folder = os.path.join(os.path.dirname(os.path.abspath(settings_file)), SCHEMA_DIR)
    if os.path.isdir(folder):
        for kind in MODELS:
            write_schema(kind, folder)


def _serve(args: argparse.Namespace) -> int:
    from .serve import DevServer

    _settings_file(args)
    try:
        server = DevServer(_site(args), args.output, args.port, drafts=args.drafts)
    except OSError as err:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {err.strerror}; "
              "choose another with --port", file=sys.stderr)
        return 1
    return server.run()


def _schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careerguides",
        description="Write interview guides and question banks as YAML outlines; build them "
                    "into a static site.",
        epilog="""a session:
  careerguides new guide "Data Engineer"     # a commented outline to fill in
  careerguides serve --drafts                # live preview on http://127.0.0.1:8000/
  careerguides check                         # what to fix before publishing
  careerguides build                         # the site, into output/

Run 'careerguides COMMAND --help' for a command's options and examples.""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=description,
                                  epilog=EXAMPLES[name],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        if name != "schema":
            sub.add_argument("-s", "--settings", default="pelicanconf.py",
                             help="settings file (default: pelicanconf.py)")
        return sub

    n = command("new", "start a guide or question bank outline",
                "Write a commented outline that builds as it is, with TODOs to replace.")
    n.add_argument("kind", choices=["guide", "bank"], help="guide (a role) or bank (a topic)")
    n.add_argument("name", help='the role or topic, e.g. "Data Engineer" or "Kubernetes"')
    n.set_defaults(run=_new)

    c = command("check", "report errors and content warnings in outlines",
                "Validate outlines as the build does and lint their content.")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help="outline files or folders (default: the whole content folder)")
    c.add_argument("--format", choices=["text", "json"], default="text",
                   help="text (default) or a JSON list of {path, line, column, severity, message}")
    c.set_defaults(run=_check)

    b = command("build", "build the site into output/ (the old site stays if the build fails)",
                "Build the site. Pelican writes aside; output/ is updated only on success.")
    b.add_argument("-o", "--output", default=None, help="output folder (default: OUTPUT_PATH)")
    b.add_argument("--drafts", action="store_true",
                   help="include drafts and scheduled outlines, marked on their pages (a preview: "
                        "do not publish)")
    b.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    b.add_argument("--no-cache", action="store_true",
                   help="render everything afresh, reusing nothing from earlier builds")
    b.add_argument("--debug", action="store_true", help="show tracebacks")
    b.set_defaults(run=_build)

    s = command("serve", "build, serve on 127.0.0.1 and rebuild on every change",
                "Preview the site while you write: pages reload themselves after each build.")
    s.add_argument("-p", "--port", type=int, default=8000,
                   help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    s.add_argument("-o", "--output", default=None, help="output folder (default: OUTPUT_PATH)")
    s.add_argument("--drafts", action="store_true", help="include drafts, marked on their pages")
    s.set_defaults(run=_serve)

    sc = command("schema", "print the JSON Schema of guide or bank outlines",
                 "Print the JSON Schema (draft-07) the loader's own model defines.")
    sc.add_argument("kind", choices=["guide", "bank"])
    sc.set_defaults(run=_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.status
    except BrokenPipeError:  # `careerguides check | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
