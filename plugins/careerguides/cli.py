"""The ``careerguides`` command: build the site (more commands join as the tool grows)."""

from __future__ import annotations

import argparse
import sys

from .build import build_site

EPILOG_BUILD = """example:
  careerguides build                      # pelicanconf.py -> output/
  careerguides build -s publishconf.py    # the published site, absolute links
"""


def _build(args: argparse.Namespace) -> int:
    overrides = {"DEBUG": True} if args.debug else {}
    result = build_site(args.settings, args.output, overrides)
    if not result.ok:
        print(f"build failed with {len(result.errors)} error(s); "
              f"{result.output} was left as it was", file=sys.stderr)
        return 1
    print(f"built {result.output} in {result.seconds:.2f} s "
          f"({result.written} file(s) written, {result.removed} removed)")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="careerguides",
        description="Build interview guides and question banks from YAML outlines.",
        epilog="Run 'careerguides COMMAND --help' for a command's options and an example.",
    )
    commands = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser(
        "build", help="build the site into output/ (the old site stays if the build fails)",
        description="Build the site. Pelican writes aside; output/ is updated only on success.",
        epilog=EPILOG_BUILD, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("-s", "--settings", default="pelicanconf.py", help="settings file")
    b.add_argument("-o", "--output", default=None, help="output folder (default: OUTPUT_PATH)")
    b.add_argument("--debug", action="store_true", help="show tracebacks")
    b.set_defaults(run=_build)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
