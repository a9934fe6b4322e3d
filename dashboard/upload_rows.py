"""An upload's rows for people: which rows were rejected or flagged, where, and why, in words.

Three things the upload report and its downloads need beyond the build's counts:

* **Row numbers as a spreadsheet counts them.** The build numbers a row under its
  file's header (``source_row``: the first data row is 1); a person looks for the
  file's own row, ``header_row + source_row`` (:func:`sheet_row`), and every row
  named to people (the lists, the downloads, the details' "row n") uses it.
* **The details in the page's language.** The importer says why each row was
  rejected as a :class:`geo.notice.Notice`; the build writes its English text in
  ``rejected.csv``. :func:`save_details` keeps each rejected row's notice (id and
  fields, one JSON line per row, in the order of ``rejected.csv``) with the
  upload's build, and :func:`detail_words` says it in a language, with its web wording.
* **The flagged rows.** :func:`flagged_table` lists each accepted row with a flag:
  file, row, the flag in words, the file's columns the flag is about
  (:data:`geo.importer.flag_fields.FLAG_FIELDS`) and their values.

Registry text is returned as plain strings (Dash renders them as text, never HTML).
Time and memory are in proportion to the rejected and flagged rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from dash import html

from geo.i18n import check_lang, list_separator, t
from geo.importer.flag_fields import FLAG_FIELDS, accepted_column
from geo.io.safety import neutralise_formula
from geo.messages import MESSAGES
from geo.notice import Notice
from geo.store import ORGANIZATIONS_FILE, REJECTED_FILE, REPORT_FILE

#: The file in an upload's ``processed`` folder that keeps the rejected rows' notices.
DETAILS_FILE = "rejected_details.jsonl"
#: Rows of each kind (rejected, flagged) listed in the report; the downloads have all.
LISTED = 10


@dataclass(frozen=True)
class ListedRow:
    """One row named to people: where it is, what happened, the column and value concerned."""

    file: str
    row: int  # as a spreadsheet counts it
    what: str  # the reason or flag, in words
    column: str  # the file's header(s) concerned
    value: str  # their values, as the file wrote them
    detail: str = ""  # why, in words (rejected rows)


def header_rows(report: Mapping[str, Any]) -> dict[str, int]:
    """Return each file's header row (1-based, as a spreadsheet counts) from a build's report."""
    files = (report.get("organizations") or {}).get("files") or []
    return {str(f["file"]): int(f.get("header_row") or 1) for f in files}


def sheet_row(file: str, source_row: int, headers: Mapping[str, int]) -> int:
    """Return the row of ``file`` a spreadsheet shows for the build's ``source_row``.

    ``source_row`` counts from the first row under the header (1); the file's row is
    that plus the header's row (a header on row 1 puts data row 1 on row 2).
    """
    return int(source_row) + headers.get(file, 1)


def verdict_words(kind: str, code: str, lang: str) -> str:
    """Return the words for a rejection reason (``kind="reason"``) or a flag, not its code."""
    key = f"verdict.{kind}.{code}"
    return t(key, lang) if key in MESSAGES else code


# --------------------------------------------------------------------------- details


def save_details(rejected: pd.DataFrame, *, path: Path) -> None:
    """Write each rejected row's notice as a JSON line (``null``: plain text, kept as it is)."""
    with path.open("w", encoding="utf-8") as out:
        for message in rejected.get("message", ()):
            notice = message.to_json() if isinstance(message, Notice) else None
            out.write(json.dumps(notice, ensure_ascii=False) + "\n")


def read_details(path: Path) -> Iterator[Notice | None]:
    """Yield the notices of :func:`save_details`, one per rejected row (None: not one)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError:
        return
    with handle:
        for line in handle:
            try:
                yield Notice.from_json(json.loads(line))
            except ValueError:
                yield None


def detail_words(notice: Notice, lang: str, headers: Mapping[str, int]) -> str:
    """Say a rejected row's notice in ``lang`` for a page: rows as a spreadsheet counts them."""
    return _rebased(notice, headers).in_lang(lang, web=True)


def names_row(notice: Notice, file: str, source_row: int) -> bool:
    """Tell whether ``notice`` is about row ``source_row`` of ``file`` (its ``where``)."""
    where = notice.fields.get("where")
    return isinstance(where, Notice) and where.fields == {"file": file, "row": source_row}


def _rebased(notice: Notice, headers: Mapping[str, int]) -> Notice:
    """Return ``notice`` with every ``row.where`` naming the file's row, not the build's."""
    if notice.key == "row.where":
        file = str(notice.fields["file"])
        return Notice("row.where", file=file, row=sheet_row(file, notice.fields["row"], headers))  # type: ignore[arg-type]
    return Notice(notice.key, **{k: _rebased_value(v, headers) for k, v in notice.fields.items()})


def _rebased_value(value: object, headers: Mapping[str, int]) -> object:
    if isinstance(value, Notice):
        return _rebased(value, headers)
    if isinstance(value, tuple):
        return tuple(_rebased_value(v, headers) for v in value)
    return value


# --------------------------------------------------------------------------- rejected rows


def rejected_rows(
    rejected: Path, details: Path, report: Mapping[str, Any], lang: str, *, limit: int = LISTED
) -> list[ListedRow]:
    """Return the first ``limit`` rows of a build's ``rejected.csv``, in words, with their rows.

    Only those rows are read (the page asks for them at every view change).
    """
    try:
        handle = rejected.open(encoding="utf-8-sig", newline="")
    except OSError:
        return []
    with handle:
        return _first_rejected(csv.DictReader(handle), details, report, lang, limit)


def _first_rejected(
    reader: Iterator[dict[str, str]],
    details: Path,
    report: Mapping[str, Any],
    lang: str,
    limit: int,
) -> list[ListedRow]:
    headers = header_rows(report)
    listed = []
    details_of = itertools.chain(read_details(details), itertools.repeat(None))
    for record, notice in zip(itertools.islice(reader, limit), details_of, strict=False):
        file = record.get("source_file") or ""
        source_row = int(record.get("source_row") or 0)
        words = record.get("message") or ""
        if notice is not None and names_row(notice, file, source_row):
            words = detail_words(notice, lang, headers)
        listed.append(
            ListedRow(
                file=file,
                row=sheet_row(file, source_row, headers),
                what=verdict_words("reason", record.get("reason") or "", lang),
                column="",
                value="",
                detail=words,
            )
        )
    return listed


# --------------------------------------------------------------------------- flagged rows


def flagged_rows(
    organizations: pd.DataFrame, report: Mapping[str, Any], lang: str, *, limit: int | None = None
) -> list[ListedRow]:
    """Return one :class:`ListedRow` per flag of each accepted row, in file order.

    Parameters
    ----------
    organizations
        The accepted table (``flags``, ``source_file``, ``source_row`` and the fields).
    report
        The build's report: each file's header row and its columns' headers.
    lang
        The language of the flags' words.
    limit
        At most this many (None: all).
    """
    if organizations.empty or "flags" not in organizations:
        return []
    headers = header_rows(report)
    columns = _file_headers(report)
    flagged = organizations[organizations["flags"].fillna("").astype(str) != ""]
    listed: list[ListedRow] = []
    for record in flagged.itertuples(index=False):
        row = record._asdict()
        file = str(row["source_file"])
        for code in str(row["flags"]).split("|"):
            fields = FLAG_FIELDS.get(code, ())
            listed.append(
                ListedRow(
                    file=file,
                    row=sheet_row(file, int(row["source_row"]), headers),
                    what=verdict_words("flag", code, lang),
                    column=", ".join(columns.get(file, {}).get(f, f) for f in fields),
                    value=" · ".join(_shown(row.get(accepted_column(f))) for f in fields),
                )
            )
            if limit is not None and len(listed) >= limit:
                return listed
    return listed


def _file_headers(report: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Return each file's canonical field -> its own header."""
    files = (report.get("organizations") or {}).get("files") or []
    return {
        str(f["file"]): {str(k): str(v) for k, v in (f.get("columns") or {}).items()} for f in files
    }


def _shown(value: object) -> str:
    """Return a cell for people: empty and NaN as "—", whole floats without ".0"."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def flagged_csv(organizations: pd.DataFrame, report: Mapping[str, Any], lang: str) -> bytes:
    """Return every flagged row as a CSV for people (UTF-8 with BOM, the language's separator).

    Columns: file, row (as a spreadsheet counts), flag in words, the file's columns
    concerned and their values; every cell neutralised against spreadsheet formulas.
    """
    lang = check_lang(lang)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=list_separator(lang), lineterminator="\r\n")
    writer.writerow(
        [
            t(k, lang)
            for k in (
                "rejected.file",
                "rejected.row",
                "flagged.flag",
                "flagged.column",
                "flagged.value",
            )
        ]
    )
    for item in flagged_rows(organizations, report, lang):
        writer.writerow(
            [
                neutralise_formula(c)
                for c in (item.file, str(item.row), item.what, item.column, item.value)
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------- the files


def report_of(folder: Path) -> dict[str, Any]:
    """Return the build's report of the upload in session ``folder`` (empty if unreadable)."""
    try:
        report = json.loads((folder / "processed" / REPORT_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return report if isinstance(report, dict) else {}


def flagged_file(folder: Path, lang: str) -> bytes:
    """Return :func:`flagged_csv` of the upload in session ``folder``."""
    report = report_of(folder)
    try:
        organizations = pd.read_parquet(folder / "processed" / ORGANIZATIONS_FILE, columns=_READ)
    except (OSError, ValueError):
        organizations = pd.DataFrame()
    return flagged_csv(organizations, report, lang)


# --------------------------------------------------------------------------- the report


def listed_rows(
    folder: Path, report: Mapping[str, Any], lang: str, *, organizations: pd.DataFrame | None = None
) -> tuple[list[ListedRow], list[ListedRow]]:
    """Return the first rejected and flagged rows of the upload in session ``folder``.

    ``organizations`` is the accepted table when already read (a session shown on the
    map); else its columns are read from ``folder/processed``.
    """
    processed = folder / "processed"
    rejected = rejected_rows(processed / REJECTED_FILE, processed / DETAILS_FILE, report, lang)
    if organizations is None:
        try:
            organizations = pd.read_parquet(processed / ORGANIZATIONS_FILE, columns=_READ)
        except (OSError, ValueError):
            organizations = pd.DataFrame()
    return rejected, flagged_rows(organizations, report, lang, limit=LISTED)


#: The accepted table's columns a list of flagged rows reads.
_READ = sorted(
    {"flags", "source_file", "source_row"}
    | {accepted_column(f) for fields in FLAG_FIELDS.values() for f in fields}
)


def rows_section(
    rejected: list[ListedRow], flagged: list[ListedRow], lang: str, *, flagged_total: int = 0
) -> list[Any]:
    """Return the report's lists of the first rejected and flagged rows (text children only).

    ``flagged_total`` is how many flags the import counted: when the list shows fewer,
    it says that the download holds them all.
    """
    children: list[Any] = []
    if rejected:
        children += [
            html.Strong(t("upload.rejected_rows", lang)),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(
                                t(
                                    "upload.listed_reason",
                                    lang,
                                    where=_where(r, lang),
                                    reason=r.what,
                                )
                            ),
                            html.Br(),
                            html.Small(r.detail, className="ca-detail"),
                        ]
                    )
                    for r in rejected
                ],
                className="ca-rows",
            ),
        ]
    if flagged:
        items = [
            html.Li(
                t(
                    "upload.listed_flag",
                    lang,
                    where=_where(f, lang),
                    flag=f.what,
                    column=f.column or "—",
                    value=f.value or "—",
                )
            )
            for f in flagged
        ]
        children += [
            html.Strong(t("upload.flagged_rows", lang)),
            html.Ul(items, className="ca-rows"),
        ]
        if flagged_total > len(flagged):
            children.append(html.P(t("upload.rows_more", lang, n=flagged_total)))
    return children


def _reason_line(row: ListedRow, lang: str) -> str:
    return t("upload.listed_reason", lang, where=_where(row, lang), reason=row.what)


def _where(row: ListedRow, lang: str) -> str:
    return t("row.where", lang, file=row.file, row=row.row)


__all__ = [
    "DETAILS_FILE",
    "LISTED",
    "ListedRow",
    "detail_words",
    "flagged_csv",
    "flagged_file",
    "flagged_rows",
    "header_rows",
    "listed_rows",
    "names_row",
    "read_details",
    "rejected_rows",
    "report_of",
    "rows_section",
    "save_details",
    "sheet_row",
]
