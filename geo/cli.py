"""The ``coopatlas`` command: build, serve, demo (and export, as it arrives)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from geo._errors import CoopAtlasError
from geo.settings import get_settings


def _cmd_build(args: argparse.Namespace) -> int:
    from geo.build import build, summary_lines

    mapping = None
    if args.mapping:
        mapping = json.loads(Path(args.mapping).read_text("utf-8"))
    result = build(
        args.files,
        programmes=args.programmes or (),
        country=args.country,
        out=args.out,
        policy=args.policy,
        mapping=mapping,
        sheet=args.sheet,
        progress=not args.quiet,
    )
    print(*summary_lines(result.report), sep="\n")
    print(f"wrote {result.out}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from geo.demo import write_demo

    registry, programmes = write_demo(args.out, n=args.rows, seed=args.seed)
    print(f"wrote {registry} and {programmes}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.app import serve

    serve(host=args.host, port=args.port, data=args.data)
    return 0


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``coopatlas`` command."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="coopatlas",
        description="Map producer organizations, cooperatives and programme coverage "
        "in Colombia, Peru and Ecuador.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="import registries and write the processed data")
    p.add_argument("files", nargs="+", type=Path, metavar="ORG_FILE", help="CSV, XLSX, GeoJSON...")
    p.add_argument(
        "--programmes", nargs="+", type=Path, metavar="FILE", help="participation file(s)"
    )
    p.add_argument(
        "--country", choices=["CO", "PE", "EC"], help="for files without a country column"
    )
    p.add_argument("--out", type=Path, default=settings.processed_dir, help="output folder")
    p.add_argument(
        "--policy",
        choices=["name", "point"],
        default="name",
        help="which wins when the department and the coordinates disagree (default: name)",
    )
    p.add_argument("--mapping", type=Path, help='JSON {"field": "header"} for unusual headers')
    p.add_argument("--sheet", help="sheet name for XLSX files (default: the first sheet)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--host", default=settings.host, help="default 127.0.0.1 (this machine only)")
    p.add_argument("--port", type=int, default=settings.port)
    p.add_argument("--data", type=Path, help="processed folder (default: built from the demo data)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("demo", help="write a synthetic demo registry (for trials and benchmarks)")
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--seed", type=int, default=20261128)
    p.add_argument("--out", type=Path, default=settings.organizations_dir)
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CoopAtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
