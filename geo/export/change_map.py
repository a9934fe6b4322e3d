"""The change map as a file: where programme reach changed between two periods, PNG/SVG/PDF/PPTX.

The four classes of :mod:`geo.indicators.reach_change` (reached for the first time,
in both periods, before but not since, never) coloured as on the dashboard, with
their own categorical legend. :class:`ChangeSpec` is the view of a change map: a
:class:`geo.indicators.mapspec.MapSpec` with the earlier period (``before``) and the
later one (``since``), titled for both and for the filters; the static map
(:func:`geo.export.static_map.render_map`) and the slide deck
(:func:`geo.export.deck.write_deck`) draw it as any view, with the source and, for the
bundled data, the synthetic notice.

matplotlib and python-pptx are loaded by the modules this one calls, themselves
imported only inside :func:`geo.export.formats` functions, never by a dashboard worker.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.i18n import Lang, format_number, no_data, t
from geo.indicators.classify import Classification
from geo.indicators.mapspec import MapSpec
from geo.indicators.periods import Period
from geo.indicators.prepared import PreparedData
from geo.indicators.reach_change import CHANGE_CLASSES, reach_change, reached_column
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from geo.vocab import PROGRAMME_KEYS

if TYPE_CHECKING:
    from geo.export.deck import SidePanel

#: The formats of a change map.
CHANGE_FORMATS: tuple[Literal["png", "svg", "pdf", "pptx"], ...] = ("png", "svg", "pdf", "pptx")


@dataclass(frozen=True)
class ChangeSpec(MapSpec):
    """A map of the change in programme reach between ``before`` and ``since``.

    ``years`` stays None (the two periods are ``before`` and ``since``); the indicator
    (``column``) is the reach the classes come from, organizations reached.
    """

    before: Period | None = None
    since: Period | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        try:
            super().__post_init__()
        except InputValidationError as exc:
            problems += exc.problems
        if self.before is None or self.since is None:
            problems.append(
                "a change map needs two periods: the years and the earlier years before them"
            )
        elif self.before.last >= self.since.first:
            problems.append(
                f"the earlier years {self.before.to_text()} must end before the years "
                f"{self.since.to_text()} start"
            )
        if problems:
            raise InputValidationError(problems)

    @classmethod
    def of(cls, spec: MapSpec, before: Period | None) -> ChangeSpec:
        """Return the change map of ``spec`` (its ``years`` the later period) since ``before``."""
        values = {f.name: getattr(spec, f.name) for f in fields(MapSpec)}
        column = reached_column(spec.view)  # what the classes count: organizations reached
        return cls(
            **{**values, "column": column, "years": None, "before": before, "since": spec.years}
        )

    @property
    def legend_title(self) -> str:
        """The change between the two periods, in words."""
        before = self.before.to_text() if self.before else ""
        since = self.since.to_text() if self.since else ""
        return t("change.title", self.lang, before=before, since=since)

    @property
    def subtitle(self) -> str:
        """The filters in words, and the programme whose reach it is when one is targeted."""
        words = super().subtitle
        if not self.coverage_programme:
            return words
        names = {key: name for name, key in PROGRAMME_KEYS.items()}
        programme = t(f"programme.{names[self.coverage_programme]}", self.lang)
        return f"{words} · {t('change.target', self.lang, programme=programme)}"

    @property
    def view(self) -> View:
        """The view of the later period, with the earlier one (what the classes depend on)."""
        return replace(super().view, years=self.since, before=self.before)


def change_classification(change: pd.DataFrame, lang: Lang) -> Classification:
    """Return the change classes as a map's classification: four colours, four labels.

    Parameters
    ----------
    change
        From :func:`geo.indicators.reach_change.reach_change` (``change`` column: a key
        of :data:`CHANGE_CLASSES`, empty outside the filters).
    lang
        The legend's language.

    Returns
    -------
    Classification
        Class ``i`` is ``CHANGE_CLASSES[i]``; units without a class are "no data"
        (the map draws those outside the filters as such, from the unit table).
    """
    order = {cls.key: i for i, cls in enumerate(CHANGE_CLASSES)}
    classes = np.array([order.get(k, -1) for k in change["change"]], dtype=np.int64)
    counts = tuple(int((classes == i).sum()) for i in range(len(CHANGE_CLASSES)))
    return Classification(
        scheme="categories",
        k=len(CHANGE_CLASSES),
        bins=(),
        lower=None,
        classes=classes,
        labels=(*(t(f"change.{cls.key}", lang) for cls in CHANGE_CLASSES), no_data(lang)),
        colors=tuple(cls.color for cls in CHANGE_CLASSES),
        counts=counts,
        no_data_count=int((classes < 0).sum()),
    )


def compute_change(
    spec: ChangeSpec, prepared: PreparedData, *, weights: dict[str, float] | None = None
) -> tuple[pd.DataFrame, Classification]:
    """Return the unit table of the later period and the change classes, row for row."""
    view = spec.view
    change = reach_change(prepared, view, weights)
    table = unit_table(prepared, view, weights)
    if list(change["unit_id"]) != list(table["unit_id"]):  # reach_change keeps the order
        raise RuntimeError("the change classes and the unit table are not in the same order")
    return table, change_classification(change, spec.lang)


def change_panel(spec: MapSpec, table: pd.DataFrame, classes: Classification) -> SidePanel:
    """Return the slide's side panel: how many units are in each change class."""
    from geo.export.deck import SidePanel  # the deck's drawing libraries, only when drawn

    lang = spec.lang
    labels = classes.labels[: len(CHANGE_CLASSES)]
    rows = tuple(
        (label, format_number(count, lang, 0))
        for label, count in zip(labels, classes.counts, strict=True)
    )
    return SidePanel(
        heading=t("change.panel", lang),
        header=(t("change.class", lang), t("change.units", lang)),
        rows=rows,
        wide=0,
        notes=(t("change.note", lang),),
        name="Change table",
    )


def write_change_map(
    spec: ChangeSpec,
    prepared: PreparedData,
    out: Path,
    *,
    fmt: str,
    size: Literal["slide", "a4"] = "slide",
    weights: dict[str, float] | None = None,
) -> Path:
    """Write the change map of ``spec`` as PNG, SVG, PDF or a PowerPoint slide.

    Parameters
    ----------
    spec
        The change map's view (:meth:`ChangeSpec.of`).
    prepared
        From :func:`geo.indicators.prepared.prepare`.
    out
        Target file.
    fmt
        One of :data:`CHANGE_FORMATS`.
    size
        ``slide`` (1920 x 1080 px) or ``a4`` for the images.
    weights
        Priority weights (the slide's table of priority units).

    Raises
    ------
    InputValidationError
        For a format the change map is not written in.
    """
    chosen = next((f for f in CHANGE_FORMATS if f == fmt), None)
    if chosen is None:
        raise InputValidationError(
            f"the change map is written as {', '.join(CHANGE_FORMATS)}, not {fmt}"
        )
    table, classes = compute_change(spec, prepared, weights=weights)
    if chosen == "pptx":
        from geo.export.deck import write_deck

        return write_deck([(spec, table, classes)], out, panel=change_panel)
    from geo.export.static_map import render_map, save_map

    return save_map(render_map(spec, table, classes, size=size), out, fmt=chosen)


__all__ = [
    "CHANGE_FORMATS",
    "ChangeSpec",
    "change_classification",
    "compute_change",
    "write_change_map",
]
