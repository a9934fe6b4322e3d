"""The change in programme reach as a table file: each unit, its class and its reach, CSV or XLSX.

:func:`write_change_table` writes the units in the filters of a change map
(:class:`geo.export.change_map.ChangeSpec`), class by class in legend order and by name,
with the organizations reached in each period, after the header block of every export
(title, source, filters, date) and, for the bundled data, the synthetic notice. Text a
spreadsheet would run as a formula is neutralised (:mod:`geo.export.tables`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo._errors import InputValidationError
from geo.export.change_map import ChangeSpec
from geo.export.tables import export_header_lines, write_csv, write_xlsx
from geo.i18n import t
from geo.indicators.reach_change import CHANGE_CLASSES
from geo.io.atomic import atomic_output

#: The formats of the change table.
CHANGE_TABLE_FORMATS: tuple[str, ...] = ("csv", "xlsx")


def change_rows(change: pd.DataFrame, spec: ChangeSpec) -> pd.DataFrame:
    """Return the units in the filters, by class (legend order) and name, headed in words.

    Parameters
    ----------
    change
        From :func:`geo.indicators.reach_change.reach_change`.
    spec
        The change map (its language and periods name the columns).
    """
    lang = spec.lang
    order = {cls.key: i for i, cls in enumerate(CHANGE_CLASSES)}
    rows = change.loc[change["change"] != ""]
    rows = rows.assign(_order=rows["change"].map(order)).sort_values(["_order", "name"])
    before = spec.before.to_text() if spec.before else ""
    since = spec.since.to_text() if spec.since else ""
    return pd.DataFrame(
        {
            t("change.code", lang): rows["unit_id"].astype(str).to_numpy(),
            t("change.unit", lang): rows["name"].astype(str).to_numpy(),
            t("change.class", lang): [t(f"change.{k}", lang) for k in rows["change"]],
            t("change.reached", lang, period=before): rows["reached_before"].to_numpy(),
            t("change.reached", lang, period=since): rows["reached_since"].to_numpy(),
        }
    )


def write_change_table(
    change: pd.DataFrame, spec: ChangeSpec, path: str | Path, *, fmt: str
) -> Path:
    """Write the change table of ``spec`` as ``csv`` or ``xlsx`` to ``path`` (atomically).

    Raises
    ------
    InputValidationError
        For another format.
    """
    if fmt not in CHANGE_TABLE_FORMATS:
        raise InputValidationError(f"the change table is written as csv or xlsx, not {fmt!r}")
    notes = [spec.subtitle] if spec.coverage_programme else []
    if spec.synthetic:
        notes.append(spec.notice)
    source = spec.source or t("export.default_source", spec.lang)
    lines = export_header_lines(
        spec.filters, source=source, lang=spec.lang, date=spec.date, notes=notes
    )
    lines[0] = spec.title
    table = change_rows(change, spec)
    with atomic_output(path) as tmp:
        if fmt == "csv":
            write_csv(table, tmp, header_lines=lines)
        else:
            write_xlsx(table, tmp, header_lines=lines, sheet_name="change")
    return Path(path)


__all__ = ["CHANGE_TABLE_FORMATS", "change_rows", "write_change_table"]
