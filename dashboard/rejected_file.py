"""The upload's rejected rows as a file for people: headings and reasons in the page's language.

The build writes ``rejected.csv`` for machines (``source_file``, ``source_row``,
``reason`` codes, an English ``message``, then the registry's own columns, every
cell already neutralised against spreadsheet formulas). The download rewrites its
first four headings and its reason codes in the page's language
(:func:`dashboard.upload_panels.verdict_label`) with the language's CSV separator
(``;`` in Spanish); the registry's own cells are copied unchanged. Time and memory are
in proportion to the file, read row by row.
"""

from __future__ import annotations

import csv
import io

from dashboard.upload_panels import verdict_label
from geo.i18n import check_lang, list_separator, t
from geo.io.safety import neutralise_formula

#: The build's columns -> message ids of their headings for people.
HEADINGS = {
    "source_file": "rejected.file",
    "source_row": "rejected.row",
    "reason": "rejected.reason",
    "message": "rejected.details",
}


def for_people(content: bytes, lang: str) -> bytes:
    """Return ``rejected.csv`` with headings and reasons in ``lang`` (UTF-8 with BOM, for Excel).

    Parameters
    ----------
    content
        The build's ``rejected.csv`` (UTF-8).
    lang
        The page's language (``"en"`` or ``"es"``).

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
    reason_at = header.index("reason") if "reason" in header else -1
    writer.writerow(
        [neutralise_formula(t(HEADINGS[h], lang)) if h in HEADINGS else h for h in header]
    )
    for row in reader:
        if 0 <= reason_at < len(row) and row[reason_at]:
            row[reason_at] = verdict_label("reason", row[reason_at], lang)
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
