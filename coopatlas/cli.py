"""The ``coopatlas`` command: build, serve, export, demo.

Each subcommand imports what it needs when it runs, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo._errors import CoopAtlasError
from geo.i18n import LANGS
from geo.settings import Settings, get_settings
from geo.units.levels import LEVEL_NUMBERS
from geo.vocab import (
    COUNTRY_CODES,
    EXPORT_FORMATS,
    EXPORT_TABLES,
    MAP_SCHEMES,
    ORG_TYPES,
    PRIORITY_COMPONENTS,
)


def _rows_count(text: str) -> int:
    """Parse ``--chunk-rows``: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more; got {text!r}")
    return value


def _cmd_build(args: argparse.Namespace) -> int:
    from geo.builds.folder import build
    from geo.builds.in_memory import summary_lines

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
        org_type=args.type,
        header_row=args.header_row,
        **({} if args.chunk_rows is None else {"chunk_rows": args.chunk_rows}),
    )
    print(*summary_lines(result.report), sep="\n")
    print(f"wrote {result.out}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from coopatlas.demo.generate import write_demo

    registry, programmes = write_demo(args.out, n=args.rows, seed=args.seed)
    print(f"wrote {registry} and {programmes}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    import pandas as pd
    from tqdm import tqdm

    from coopatlas.export_view import export_view
    from geo.builds.folder import default_folder
    from geo.export.formats import (
        check_request,
        country_specs,
        export,
        export_small_multiples,
        source_from_report,
        with_extension,
    )
    from geo.indicators.mapspec import MapSpec
    from geo.indicators.prepared import prepare
    from geo.indicators.priority import load_weights
    from geo.store import open_processed
    from geo.units.boundaries import load_units

    formats = list(dict.fromkeys(args.format))
    for fmt in formats:
        check_request(fmt, args.table)
    view = export_view(
        args,
        known_units=set(load_units()["iso_3166_2"]),
        known_children=set(load_units(level=2)["admin2_id"]),
    )
    if view.before is not None and not args.multiples:
        _check_change_formats(formats)
    processed = open_processed(args.data if args.data is not None else default_folder())
    source = args.source or source_from_report(processed.report, view.lang)
    spec = MapSpec.from_view(
        view,
        column=args.indicator or view.column,
        extent=args.country or "all",
        source=source,
        synthetic=processed.is_demo,
    )
    organizations = processed.organizations
    prepared = prepare(organizations, processed.programmes)
    out = Path(args.out)
    targets = [(fmt, with_extension(out, fmt)) for fmt in formats]
    deck = country_specs(spec) if args.deck == "countries" else None
    if view.before is not None and not args.multiples:
        return _export_change(args, spec, view, prepared, targets)
    if args.multiples:
        for fmt, target in targets:
            export_small_multiples(
                spec,
                fmt,
                target,
                periods=args.multiples,
                prepared=prepared,
                slides=args.slides,
                weights=view.weight_map or load_weights(),
            )
            print(f"wrote {target}")
        return 0
    for fmt, target in tqdm(targets, desc="export", disable=len(targets) < 2, unit="file"):
        export(
            spec,
            fmt,
            target,
            prepared=prepared,
            organizations=pd.DataFrame(organizations.drop(columns="geometry")),
            processed_dir=processed.folder,
            what=args.table,
            size=args.size,
            deck_specs=deck,
            weights=view.weight_map or load_weights(),
        )
        print(f"wrote {target}")
    return 0


def _check_change_formats(formats: list[str]) -> None:
    """Raise when ``--before`` (the change map) is asked for in a format it is not written in."""
    from geo._errors import InputValidationError
    from geo.export.change_files import CHANGE_TABLE_FORMATS
    from geo.export.change_map import CHANGE_FORMATS

    allowed = (*CHANGE_FORMATS, *CHANGE_TABLE_FORMATS)
    other = [fmt for fmt in formats if fmt not in allowed]
    if other:
        raise InputValidationError(
            f"with --before, the change is written as {', '.join(allowed)}, "
            f"not {', '.join(other)}; leave out --before for the view of --years"
        )


def _export_change(
    args: argparse.Namespace, spec: Any, view: Any, prepared: Any, targets: list[Any]
) -> int:
    """Write the change map of ``--before`` and ``--years`` in each format of ``--format``."""
    from geo.export.formats import export_change_map
    from geo.indicators.priority import load_weights

    for fmt, target in targets:
        export_change_map(spec, fmt, target, before=view.before, prepared=prepared,
                          size=args.size, weights=view.weight_map or load_weights())  # fmt: skip
        print(f"wrote {target}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.app import serve

    serve(host=args.host, port=args.port, data=args.data)
    return 0


def _add_build(sub: Any, settings: Settings) -> None:
    """Add ``coopatlas build``: import registries into the processed store."""
    p = sub.add_parser("build", help="import registries and write the processed data")
    p.add_argument("files", nargs="+", type=Path, metavar="ORG_FILE", help="CSV, XLSX, GeoJSON...")
    p.add_argument(
        "--programmes", nargs="+", type=Path, metavar="FILE", help="participation file(s)"
    )
    p.add_argument("--country", choices=COUNTRY_CODES, help="for files without a country column")
    p.add_argument("--out", type=Path, default=settings.processed_dir, help="output folder")
    p.add_argument(
        "--policy",
        choices=["name", "point"],
        default="name",
        help="which wins when the department and the coordinates disagree (default: name)",
    )
    p.add_argument("--mapping", type=Path, help='JSON {"field": "header"} for unusual headers')
    p.add_argument("--sheet", help="sheet name for XLSX files (default: the first sheet)")
    p.add_argument(
        "--type",
        choices=ORG_TYPES,
        help="type of rows without a type column or cell (default: read from the name)",
    )
    p.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="row N (as a spreadsheet numbers it) is the header (default: found)",
    )
    p.add_argument(
        "--chunk-rows",
        type=_rows_count,
        metavar="N",
        help="import N rows at a time, memory bounded (default 50,000); 0: each file whole",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_build)


def _add_serve(sub: Any, settings: Settings) -> None:
    """Add ``coopatlas serve``: the dashboard."""
    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--host", default=settings.host, help="default 127.0.0.1 (this machine only)")
    p.add_argument("--port", type=int, default=settings.port)
    p.add_argument("--data", type=Path, help="processed folder (default: built from the demo data)")
    p.set_defaults(func=_cmd_serve)


def _add_export(sub: Any, settings: Settings) -> None:
    """Add ``coopatlas export``: a view as maps, slides, pages or tables."""
    p = sub.add_parser("export", help="export a map view or data (PNG, SVG, PDF, PPTX, HTML...)")
    p.add_argument("--data", type=Path, help="processed folder (default: the demo data)")
    p.add_argument(
        "--view",
        metavar="LINK",
        help="a dashboard link (or its ?query): export what it shows; other options change it",
    )
    p.add_argument(
        "--indicator",
        metavar="NAME",
        help="indicator column (default: the view's, else orgs_per_100k; e.g. coop_share, "
        "coverage_any, priority_score; all are in docs/indicators.md and in the error for a "
        "wrong one)",
    )
    p.add_argument("--level", type=int, choices=LEVEL_NUMBERS,
                   help="1: departments and provinces (default); 2: municipios, provincias, "
                   "cantones of --parent")  # fmt: skip
    p.add_argument("--parent", metavar="CODE",
                   help="with --level 2: a country (CO) or a level-1 unit (CO-CAU)")  # fmt: skip
    p.add_argument("--target", metavar="PROGRAMME",
                   help="priority index: the coverage gap of one programme "
                   "(My.Coop, Think.Coop, Start.Coop) instead of any")  # fmt: skip
    p.add_argument("--weights", metavar="W",
                   help="priority weights: one per component (1,1,2,1,1) or name=value pairs "
                   f"({', '.join(PRIORITY_COMPONENTS)})")  # fmt: skip
    p.add_argument("--country", choices=COUNTRY_CODES, help="map and count one country")
    p.add_argument("--years", metavar="FROM-TO",
                   help="programme period: coverage and participants of these years only "
                   "(2019-2021, or one year); not the founding years "
                   "(--filter founded_from=)")  # fmt: skip
    p.add_argument("--before", metavar="FROM-TO",
                   help="with --years: an earlier period; png/svg/pdf/pptx then draw the change "
                   "in reach (new, both, lapsed, never), csv/xlsx list it")  # fmt: skip
    p.add_argument(
        "--filter",
        action="append",
        metavar="KEY=VALUE",
        help="e.g. org_types=cooperative|producer_association, sectors=coffee, founded_from=2000",
    )
    p.add_argument("--format", nargs="+", required=True, choices=EXPORT_FORMATS, metavar="FORMAT",
                   help=f"one or more of: {', '.join(EXPORT_FORMATS)}")  # fmt: skip
    p.add_argument("--out", type=Path, required=True,
                   help="file; the format's suffix is added (u -> u.csv)")  # fmt: skip
    p.add_argument("--table", choices=EXPORT_TABLES, default="indicators", help="for csv/xlsx")
    p.add_argument("--scheme", choices=MAP_SCHEMES, help="default quantiles")
    p.add_argument("--classes", type=int, help="default 5")
    p.add_argument("--lang", choices=LANGS, help="default en")
    p.add_argument("--size", choices=["slide", "a4"], default="slide", help="for png/svg/pdf")
    p.add_argument("--deck", choices=["view", "countries"], default="view",
                   help="pptx: this view, or one slide per country and all three")  # fmt: skip
    p.add_argument(
        "--multiples",
        metavar="PERIODS",
        help="png/pdf/pptx: one map per period on one legend: each (every year of --years) "
        "or periods apart with commas (2015-2018,2019-2021,2022-2025)",
    )
    p.add_argument(
        "--slides",
        choices=["one", "each"],
        default="one",
        help="pptx with --multiples: every map on one slide, or one slide each",
    )
    p.add_argument("--source", default="",
                   help="data source on every export (default: the processed data's)")  # fmt: skip
    p.set_defaults(func=_cmd_export)


def _add_demo(sub: Any, settings: Settings) -> None:
    """Add ``coopatlas demo``: a synthetic registry."""
    p = sub.add_parser("demo", help="write a synthetic demo registry (for trials and benchmarks)")
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--seed", type=int, default=20261128)
    p.add_argument("--out", type=Path, default=settings.organizations_dir)
    p.set_defaults(func=_cmd_demo)


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``coopatlas`` command."""
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="coopatlas",
        description="Map producer organizations, cooperatives and programme coverage "
        "in Colombia, Peru and Ecuador.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_build(sub, settings)
    _add_serve(sub, settings)
    _add_export(sub, settings)
    _add_demo(sub, settings)
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
