"""The planner's downloads: a selection's totals and units side by side, as CSV or XLSX.

:func:`write_selection_totals` and :func:`write_comparison` write the tables of
:mod:`geo.indicators.selection` with the project's table writers
(:mod:`geo.export.tables`: header block, formula neutralisation), atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from geo._errors import InputValidationError
from geo.export.number_style import NumberStyle
from geo.export.tables import (
    column_decimals,
    column_heading,
    export_header_lines,
    write_csv,
    write_xlsx,
)
from geo.i18n import Lang, lang_problems, t
from geo.indicators.catalogue import indicator_info
from geo.indicators.filters import Filters
from geo.indicators.selection import TOTAL_COLUMN
from geo.io.atomic import atomic_output

#: Formats of the downloads.
SELECTION_FORMATS: tuple[str, ...] = ("csv", "xlsx")

#: Columns of :func:`~geo.indicators.selection.selection_totals` the catalogue does not name.
_OWN_LABELS = {
    "level": "selection.level",
    "units": "selection.units",
    "units_selected": "selection.units_selected",
}


def _write_problems(fmt: object, lang: object) -> None:
    problems = lang_problems(lang)
    if fmt not in SELECTION_FORMATS:
        problems.append(f"format must be one of {list(SELECTION_FORMATS)}; got {fmt!r}")
    if problems:
        raise InputValidationError(problems)


#: Columns written as text in a file for people (no digits).
_TEXT_COLUMNS = ("level", "units", "section", "measure")


def _column_label(column: str, lang: Lang) -> tuple[str, bool]:
    """Return ``"label (unit)"`` of a column and whether it is a percent."""
    if column in _OWN_LABELS:
        return t(_OWN_LABELS[column], lang), False
    return column_heading(column, lang), indicator_info(column).fmt == "percent"


def _digits(column: str) -> int | None:
    return None if column in _TEXT_COLUMNS else column_decimals(column)


def _write(
    frame: pd.DataFrame,
    path: str | Path,
    fmt: str,
    header: list[str],
    numbers: NumberStyle | None,
) -> Path:
    with atomic_output(path) as tmp:
        if fmt == "csv":
            write_csv(frame, tmp, header_lines=header, numbers=numbers)
        else:
            write_xlsx(frame, tmp, header_lines=header, sheet_name="selection", numbers=numbers)
    return Path(path)


def _header(
    title_id: str,
    filters: Filters | None,
    *,
    source: str,
    lang: Lang,
    date: dt.date | None,
    notes: Sequence[str],
) -> list[str]:
    lines = export_header_lines(filters, source=source, lang=lang, date=date, notes=notes)
    return [t(title_id, lang), *lines[1:]]


def write_selection_totals(
    totals: pd.DataFrame,
    path: str | Path,
    *,
    fmt: str = "csv",
    filters: Filters | None = None,
    source: str,
    lang: Lang = "en",
    labels: bool = True,
    date: dt.date | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write :func:`selection_totals` as CSV or XLSX below a header block, atomically.

    Parameters
    ----------
    totals
        Output of :func:`selection_totals`.
    path
        Output file.
    fmt
        ``"csv"`` or ``"xlsx"``.
    filters, source, date, notes
        For the header block (:func:`geo.export.tables.export_header_lines`).
    lang
        Language of the header, the labels and the row names.
    labels
        True: a file for people: columns named ``"label (unit)"``, row names in
        words, shares in percent (0-100), numbers rounded to the catalogue's digits
        and written in ``lang`` (:class:`geo.export.number_style.NumberStyle`:
        ``;`` and decimal commas in a Spanish CSV, number formats in XLSX); False:
        snake_case names, fractions at full precision.

    Returns
    -------
    pathlib.Path
    """
    _write_problems(fmt, lang)
    out = totals.copy()
    numbers = None
    if labels:
        digits = [_digits(str(c)) for c in out.columns]
        numbers = NumberStyle(lang, [digits] * len(out))
        out["level"] = [t(f"selection.level_{v}", lang) for v in out["level"]]
        renamed = {}
        for column in out.columns:
            renamed[column], percent = _column_label(str(column), lang)
            if percent:
                out[column] = out[column] * 100.0
        out = out.rename(columns=renamed)
    header = _header("selection.title", filters, source=source, lang=lang, date=date, notes=notes)
    return _write(out, path, fmt, header, numbers)


def write_comparison(
    comparison: pd.DataFrame,
    path: str | Path,
    *,
    fmt: str = "csv",
    filters: Filters | None = None,
    source: str,
    lang: Lang = "en",
    labels: bool = True,
    date: dt.date | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write :func:`compare_units` as CSV or XLSX below a header block, atomically.

    With ``labels`` the section and measure are in words (``"label (unit)"``),
    shares in percent (0-100), each unit column is named ``"Name (code)"``, the
    total column (:data:`geo.indicators.selection.TOTAL_COLUMN`) "Total of the
    compared units", and numbers are rounded and written as in
    :func:`write_selection_totals`; without, the snake_case measure names,
    fractions and unit codes are kept. The other parameters are those of
    :func:`write_selection_totals`.

    Returns
    -------
    pathlib.Path
    """
    _write_problems(fmt, lang)
    out = comparison.copy()
    numbers = None
    if labels:
        codes = [c for c in out.columns if c not in ("section", "measure")]
        names = out.set_index("measure").loc["name", codes] if codes else pd.Series()
        numbers = NumberStyle(
            lang, [[None, None, *[_digits(str(m))] * len(codes)] for m in out["measure"]]
        )
        if TOTAL_COLUMN in codes:
            out.loc[out["measure"] == "name", TOTAL_COLUMN] = t("compare.total", lang)
        for i, measure in enumerate(out["measure"]):
            label, percent = _column_label(str(measure), lang)
            out.at[i, "measure"] = label
            if percent:
                for code in codes:
                    value = out.at[i, code]
                    out.at[i, code] = value if value is pd.NA else value * 100.0
        out["section"] = [_section_label(s, lang) for s in out["section"]]
        out = out.rename(
            columns={
                "section": t("compare.section", lang),
                "measure": t("compare.measure", lang),
                **{code: f"{names[code]} ({code})" for code in codes},
                TOTAL_COLUMN: t("compare.total", lang),
            }
        )
    header = _header("compare.title", filters, source=source, lang=lang, date=date, notes=notes)
    return _write(out, path, fmt, header, numbers)


def _section_label(section: str, lang: Lang) -> str:
    return (
        t("selection.units", lang) if section == "unit" else t(f"compare.section.{section}", lang)
    )
