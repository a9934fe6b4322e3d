"""The timeline of a view as a file: CSV or XLSX, below a header naming what it counts.

:func:`write_timeline` writes :func:`geo.indicators.timeline.timeline`'s rows with
column names in the reader's language, after the header block of every export
(title, source, filters, date), the programme period and, for the bundled data, the
synthetic notice. Text that a spreadsheet would run as a formula is neutralised
(:mod:`geo.export.tables`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from geo._errors import InputValidationError
from geo.export.tables import export_header_lines, write_csv, write_xlsx
from geo.i18n import t
from geo.indicators.timeline import TIMELINE_COLUMNS
from geo.indicators.view import View
from geo.io.atomic import atomic_output

#: Message id of each column's name.
_HEADINGS = {
    "year": "timeline.year",
    "programme": "timeline.programme",
    "orgs_reached": "timeline.orgs",
    "participants": "timeline.participants",
    "participants_women": "timeline.women",
}


def write_timeline(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    fmt: str,
    view: View,
    source: str,
    synthetic: bool,
    date: dt.date | None = None,
) -> Path:
    """Write the timeline ``frame`` of ``view`` as ``csv`` or ``xlsx`` to ``path``.

    Raises
    ------
    InputValidationError
        For another format, or a frame without the timeline's columns.
    """
    problems = []
    if fmt not in ("csv", "xlsx"):
        problems.append(f"the timeline is written as csv or xlsx, not {fmt!r}")
    missing = [c for c in TIMELINE_COLUMNS if c not in frame.columns]
    if missing:
        problems.append(f"the timeline lacks the columns {missing}")
    if problems:
        raise InputValidationError(problems)
    lang = view.lang
    notes = []
    if view.years is not None:
        notes.append(t("period.headline", lang, period=view.years.to_text()))
    if synthetic:
        notes.append(t("export.synthetic", lang))
    lines = export_header_lines(view.filters, source=source, lang=lang, date=date, notes=notes)
    lines[0] = t("timeline.title", lang)
    table = frame[list(TIMELINE_COLUMNS)].rename(
        columns={c: t(_HEADINGS[c], lang) for c in TIMELINE_COLUMNS}
    )
    with atomic_output(path) as tmp:
        if fmt == "csv":
            write_csv(table, tmp, header_lines=lines)
        else:
            write_xlsx(table, tmp, header_lines=lines, sheet_name="timeline")
    return Path(path)


__all__ = ["write_timeline"]
