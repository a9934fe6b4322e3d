"""The upload's rejected rows as a file for people: headings and reasons in the page's language.

The build writes ``rejected.csv`` for machines (``source_file``, ``source_row``,
``reason`` codes, an English ``message``, then the registry's own columns, every
cell already neutralised against spreadsheet formulas). The download rewrites its
first four headings and its reason codes in the page's language
(:func:`dashboard.upload_panels.verdict_label`) with the language's CSV separator
(``;`` in Spanish); given the upload's notices and header rows
(:mod:`dashboard.upload_rows`), it also numbers each row as the file does and says
its details in the page's language. The registry's own cells are copied unchanged.
Time and memory are in proportion to the file, read row by row.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

from dashboard.upload_panels import verdict_label
from dashboard.upload_rows import (
    DETAILS_FILE,
    detail_words,
    header_rows,
    names_row,
    read_details,
    report_of,
    sheet_row,
)
from geo.i18n import check_lang, list_separator, t
from geo.io.safety import neutralise_formula
from geo.notice import Notice

#: The build's columns -> message ids of their headings for people.
HEADINGS = {
    "source_file": "rejected.file",
    "source_row": "rejected.row",
    "reason": "rejected.reason",
    "message": "rejected.details",
}


def for_people(
    content: bytes,
    lang: str,
    *,
    details: Iterable[Notice | None] = (),
    headers: Mapping[str, int] | None = None,
) -> bytes:
    """Return ``rejected.csv`` with headings and reasons in ``lang`` (UTF-8 with BOM, for Excel).

    Parameters
    ----------
    content
        The build's ``rejected.csv`` (UTF-8).
    lang
        The page's language (``"en"`` or ``"es"``).
    details
        Each rejected row's notice, in the file's order
        (:func:`dashboard.upload_rows.read_details`); a row without one keeps its
        English message.
    headers
        Each file's header row (:func:`dashboard.upload_rows.header_rows`): rows are
        then numbered as the file numbers them; None: as the build numbers them.

    Returns
    -------
    bytes
    """
    lang = check_lang(lang)
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=list_separator(lang), lineterminator="\r\n")
    header = next(reader, None)
    if header is None:
        return content
    at = {h: header.index(h) if h in header else -1 for h in HEADINGS}
    writer.writerow(
        [neutralise_formula(t(HEADINGS[h], lang)) if h in HEADINGS else h for h in header]
    )
    notices = itertools.chain(details, itertools.repeat(None))
    for row, notice in zip(reader, notices, strict=False):
        if 0 <= at["reason"] < len(row) and row[at["reason"]]:
            row[at["reason"]] = verdict_label("reason", row[at["reason"]], lang)
        _people_row(row, notice, at, lang, headers)
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def session_file(folder: Path, content: bytes, lang: str) -> bytes:
    """Return the upload's ``rejected.csv`` for people: rows and details as in the file.

    ``folder`` is the upload's session folder (its build's notices and report are there).
    """
    return for_people(
        content,
        lang,
        details=read_details(folder / "processed" / DETAILS_FILE),
        headers=header_rows(report_of(folder)),
    )


def _people_row(
    row: list[str],
    notice: Notice | None,
    at: Mapping[str, int],
    lang: str,
    headers: Mapping[str, int] | None,
) -> None:
    """Renumber the row as its file does and say its details in ``lang`` (in place)."""
    if headers is None or not (0 <= at["source_row"] < len(row) and at["source_file"] >= 0):
        return
    file, number = row[at["source_file"]], row[at["source_row"]]
    if not number.isdecimal():
        return
    if (
        notice is not None
        and 0 <= at["message"] < len(row)
        and names_row(notice, file, int(number))
    ):
        row[at["message"]] = neutralise_formula(detail_words(notice, lang, headers))
    row[at["source_row"]] = str(sheet_row(file, int(number), headers))
