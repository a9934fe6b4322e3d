"""What the upload panel shows: the import report and the column-mapping form.

Plain functions (no callback machinery), unit-tested directly; file names, values
and suggestions from the uploaded registry are returned as plain strings, which
Dash renders as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, SupportsFloat

from dash import dcc, html

from dashboard import ids
from dashboard.logic import fmt
from dashboard.upload_rows import ListedRow, rows_section, verdict_words
from dashboard.widget_texts import dropdown_texts
from geo._errors import MissingColumns
from geo.i18n import Lang, t, tn

#: Fields offered in the column-mapping step, required first.
MAPPING_FIELDS: tuple[str, ...] = (
    "name", "department", "latitude", "longitude", "country", "org_type", "org_id",
    "members_total",
)  # fmt: skip


def upload_report(
    report: dict[str, Any],
    lang: Lang,
    *,
    rows: tuple[list[ListedRow], list[ListedRow]] = ([], []),
) -> html.Div:
    """Show an import report: rows read, accepted, rejected by reason, flags, unknown names.

    ``rows`` are the first rejected and flagged rows (:mod:`dashboard.upload_rows`),
    listed with their row numbers after the counts.
    """
    orgs = report["organizations"]
    files = ", ".join(f["file"] for f in orgs["files"])

    def n(x: SupportsFloat) -> str:
        return fmt("orgs", float(x), lang, unit=False)

    children: list[Any] = [
        html.P(
            t(
                "upload.read",
                lang,
                file=files,
                rows=tn("upload.rows_read", orgs["input_rows"], lang),
                accepted=tn("upload.accepted", orgs["accepted"], lang),
                rejected=tn("upload.rejected", orgs["rejected"], lang),
            )
        )
    ]
    if orgs["rejected_by_reason"]:
        children += [
            html.Strong(t("upload.reasons", lang)),
            html.Ul(
                [
                    html.Li(f"{verdict_label('reason', k, lang)}: {n(v)}")
                    for k, v in orgs["rejected_by_reason"].items()
                ]
            ),
        ]
    if orgs["flags_by_kind"]:
        children += [
            html.Strong(t("upload.flags", lang)),
            html.Ul(
                [
                    html.Li(f"{verdict_label('flag', k, lang)}: {n(v)}")
                    for k, v in orgs["flags_by_kind"].items()
                ]
            ),
        ]
    if orgs["unmatched_departments"]:
        items = []
        for entry in orgs["unmatched_departments"][:10]:
            hint = ", ".join(s["name"] for s in entry["suggestions"][:3])
            text = f"{entry['value']!s} ({n(entry['rows'])})"
            items.append(html.Li(f"{text} — {t('upload.suggest', lang)}: {hint}" if hint else text))
        children += [html.Strong(t("upload.unmatched", lang)), html.Ul(items)]
    children += unrecognised_types_section(orgs, lang)
    flags = sum(orgs["flags_by_kind"].values())
    children += rows_section(rows[0], rows[1], lang, flagged_total=flags)
    return html.Div(children, className="ca-report")


def unrecognised_types_section(orgs: dict[str, Any], lang: Lang) -> list[Any]:
    """List the type labels the import did not recognise, with their rows (none: nothing)."""
    groups = orgs.get("unrecognised_types") or []
    if not groups:
        return []
    items = [
        html.Li(f"{g['value']!s} ({fmt('orgs', float(g['rows']), lang, unit=False)})")
        for g in groups[:20]
    ]
    return [html.Strong(t("upload.unrecognised_types", lang)), html.Ul(items)]


def verdict_label(kind: str, code: str, lang: str) -> str:
    """Return the words for a rejection reason (``kind="reason"``) or a flag, not its code.

    A code the catalogue has no words for yet (``geo.messages.verdicts``) is shown as
    it is rather than hidden.
    """
    return verdict_words(kind, code, lang)


def missing_text(missing: Sequence[MissingColumns], lang: str) -> list[str]:
    """Say, in the page's language, which columns each file lacks and which it has."""
    return [
        t(
            "upload.missing_columns",
            lang,
            file=m.file,
            fields=", ".join(t(f"field.{f}", lang) for f in m.fields),
            headers=", ".join(m.headers) or "—",
        )
        for m in missing
    ]


def mapping_form(missing: Sequence[MissingColumns], lang: str) -> html.Div:
    """Ask which column is which when required headers were not recognised."""
    headers = list(dict.fromkeys(h for m in missing[:1] for h in m.headers))
    options = [{"label": h, "value": h} for h in headers]
    fields = [
        html.Div(
            [
                html.Label(t(f"field.{field}", lang)),
                dcc.Dropdown(
                    id={"type": ids.MAP_FIELD, "field": field},
                    options=options,
                    **dropdown_texts(lang),
                ),
            ],
            className="ca-field",
        )
        for field in MAPPING_FIELDS
    ]
    return html.Div(
        [
            *(html.P(line, className="ca-error-text") for line in missing_text(missing, lang)),
            html.P(t("upload.mapping", lang)),
            *fields,
            html.Button(
                t("upload.mapping_apply", lang),
                id={"type": ids.MAPPING_APPLY, "form": "mapping"},
                className="ca-button",
            ),
        ],
        className="ca-report",
    )
