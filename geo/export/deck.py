"""Slide deck of map views: one 16:9 PowerPoint slide per view (python-pptx).

Each slide has the view's title and filters as editable text, the map (drawn by
:func:`geo.export.static_map.render_panel`: map, island insets, legend, scale bar), a
side panel (by default a small table of the five units with the highest
priority index in the view's area; a :class:`SidePanel` the caller may choose), and
the source and date line. A view where no organization matches gets
the grey map with its message and no table. The file is written atomically.

Text is measured before it is placed (with DejaVu Sans, wider than the theme's
Calibri and its metric twin Carlito): the title takes the largest size from 28
to 22 pt that keeps it on one line, or wraps, and the subtitle, map and table
move down so that nothing overlaps whatever the length of the indicator name,
the filters or the unit names. The map picture is rendered at 200 px per inch
of the slide, with its text 1.15 times the size of the PNG export's.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import pandas as pd

from geo._errors import InputValidationError
from geo.export.static_map import is_empty, render_panel
from geo.i18n import format_number, t
from geo.indicators.classify import Classification
from geo.indicators.mapspec import MapSpec
from geo.io.atomic import atomic_output

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from pptx.slide import Slide

#: Slide size: PowerPoint's 16:9 "widescreen", 13.333 x 7.5 in.
SLIDE_SIZE = (13.333, 7.5)
#: Number of units in a slide's priority table.
TOP_N = 5

_MARGIN = 0.4  # left/right margin of the slide (inches)
_TOP = 0.3  # top of the title
_FOOTER_TOP = 6.9  # top of the source line (two lines); the map ends above it
_MAP_WIDTH = 8.9  # width of the map picture
_GAP = 0.3  # between the map and the table column
_PICTURE_PX_PER_IN = 200  # picture resolution on the slide
_ZOOM = 1.15  # the panel is drawn 1.15 x smaller and shown enlarged: its text reads larger
_TITLE_SIZES = (28, 26, 24, 22)  # points: the largest that keeps the title on one line
_SUBTITLE_SIZE = 14
_TABLE_SIZE = 11
_LINE = 1.2  # line height / font size
_INK = (0x1B, 0x1B, 0x1B)
_MUTED = (0x55, 0x55, 0x55)
_HEADER_FILL = (0x25, 0x34, 0x94)  # darkest YlGnBu class, the map's palette
_ROW_FILLS = ((0xEF, 0xF3, 0xFA), (0xFF, 0xFF, 0xFF))
_NOTICE_SIZE = 14
_NOTICE_BOTTOM = 0.85  # bottom of the synthetic-data box (its top is _TOP)
_NOTICE_INK = (0x8A, 0x3B, 0x00)  # the static map's notice colours (geo.export.map_layout)
_NOTICE_FILL = (0xFF, 0xF1, 0xE0)

_TABLE_COLUMNS = ("unit_id", "name", "country", "orgs", "priority_score", "priority_rank")


def top_priority_units(spec: MapSpec, table: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """Return the ``n`` units of the view's area with the best (lowest) priority rank.

    Parameters
    ----------
    spec
        The view; for a country extent only that country's units count.
    table
        Unit table with ``iso_3166_2``, ``name``, ``country``, ``priority_score``
        and ``priority_rank`` (NA for units without a score, which are left out).
    n
        Number of rows.

    Returns
    -------
    pandas.DataFrame
        ``rank`` (1 to ``n``, the position in the view's area), ``iso_3166_2``,
        ``name``, ``country``, ``priority_score`` and ``priority_rank`` (int, the
        rank among every unit in the filters' scope), sorted by rank.
    """
    rows = table.loc[table["priority_rank"].notna()]
    rows = rows.loc[[spec.shows(str(u)) for u in rows["unit_id"]]]
    rows = rows.assign(priority_rank=rows["priority_rank"].astype("int64"))
    rows = rows.sort_values(["priority_rank", "unit_id"]).head(n).reset_index(drop=True)
    rows = rows.assign(rank=range(1, len(rows) + 1))
    cols = ["rank", "unit_id", "name", "country", "priority_score", "priority_rank"]
    return rows[cols]


@dataclass(frozen=True)
class SidePanel:
    """The table beside a slide's map: a heading, a header row, rows and notes below.

    Parameters
    ----------
    heading
        Bold text above the table.
    header
        The header row's cells.
    rows
        The body's rows, each with as many cells as ``header``.
    wide
        The column that takes the width the others leave (left-aligned; the others
        are right-aligned numbers or ranks).
    notes
        Small grey paragraphs under the table.
    empty
        Said instead of the table when there are no rows.
    name
        The table shape's name (read by screen readers and outlines).
    """

    heading: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    wide: int = 1
    notes: tuple[str, ...] = ()
    empty: str = ""
    name: str = "Table"


#: Builds a slide's side panel from its view, unit table and classification.
PanelFn = Callable[[MapSpec, pd.DataFrame, Classification], SidePanel]


def priority_panel(spec: MapSpec, table: pd.DataFrame, classes: Classification) -> SidePanel:
    """Return the panel of the :data:`TOP_N` units of highest priority, with the weights."""
    lang = spec.lang
    rows = tuple(
        (
            str(row.rank),
            f"{row.name} ({row.country})" if spec.frame == "all" else str(row.name),
            format_number(float(row.priority_score), lang, 1),
        )
        for row in top_priority_units(spec, table).itertuples(index=False)
    )
    notes = (t("priority.note", lang), *((spec.weights_line,) if spec.weights_line else ()))
    return SidePanel(
        heading=t("priority.top", lang, n=TOP_N),
        header=tuple(t(f"priority.{key}", lang) for key in ("rank_short", "unit", "score")),
        rows=rows,
        notes=notes if rows else (),
        empty=t("priority.none", lang),
        name="Priority table",
    )


def write_deck(
    slides: Sequence[tuple[MapSpec, pd.DataFrame, Classification]],
    path: str | Path,
    *,
    panel: PanelFn = priority_panel,
) -> Path:
    """Write a 16:9 PowerPoint deck with one slide per view.

    Parameters
    ----------
    slides
        ``(spec, table, classes)`` per slide, as :func:`geo.indicators.mapspec.compute`
        returns them for each spec.
    path
        Target ``.pptx`` file.
    panel
        What the table beside each map says: the units of highest priority by
        default (:func:`priority_panel`).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputValidationError
        If there is no view, or a view is not a ``(MapSpec, DataFrame,
        Classification)`` triple with the columns the slide needs; every problem
        is listed.
    ImportError
        If python-pptx is not installed.
    """
    _check(slides)
    try:
        from pptx import Presentation
        from pptx.util import Inches
    except ImportError as exc:  # pragma: no cover - python-pptx is a dependency
        raise ImportError("write_deck needs python-pptx: pip install python-pptx") from exc

    deck = Presentation()
    deck.slide_width = Inches(SLIDE_SIZE[0])
    deck.slide_height = Inches(SLIDE_SIZE[1])
    # "Title Only": a real title, read by outlines and screen readers
    layout = deck.slide_layouts[5]
    for spec, table, classes in slides:
        _add_slide(deck.slides.add_slide(layout), spec, table, classes, panel=panel)
    first = slides[0][0]
    deck.core_properties.title = first.title if len(slides) == 1 else "CoopAtlas"
    deck.core_properties.author = "CoopAtlas"
    target = Path(path)
    with atomic_output(target) as tmp:
        deck.save(str(tmp))
    return target


def _check(slides: object) -> None:
    if isinstance(slides, str | bytes) or not isinstance(slides, Sequence):
        raise InputValidationError(
            "slides must be a list of (MapSpec, table, Classification); "
            f"got {type(slides).__name__}"
        )
    if len(slides) == 0:
        raise InputValidationError("no view to put in the deck; pass at least one view")
    problems: list[str] = []
    for i, item in enumerate(slides, start=1):
        if not (isinstance(item, tuple | list) and len(item) == 3):
            problems.append(f"view {i}: expected (MapSpec, table, Classification)")
            continue
        spec, table, classes = item
        if not isinstance(spec, MapSpec):
            problems.append(f"view {i}: first item must be a MapSpec; got {type(spec).__name__}")
        if not isinstance(table, pd.DataFrame):
            problems.append(
                f"view {i}: second item must be a DataFrame; got {type(table).__name__}"
            )
        else:
            missing = [c for c in _TABLE_COLUMNS if c not in table.columns]
            if missing:
                problems.append(f"view {i}: table lacks columns {missing}")
        if not isinstance(classes, Classification):
            problems.append(
                f"view {i}: third item must be a Classification; got {type(classes).__name__}"
            )
        elif isinstance(table, pd.DataFrame) and len(classes.classes) != len(table):
            problems.append(f"view {i}: classification and table differ in length")
    if problems:
        raise InputValidationError(problems)


def _rgb(color: tuple[int, int, int]) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(*color)


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in inches of one line of ``text``, measured with DejaVu Sans.

    DejaVu Sans is wider than the deck's theme font (Calibri) and its metric twin
    Carlito, so text measured to fit here fits in PowerPoint and LibreOffice.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal", size=size)
    width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def _line_count(text: str, width: float, size: float, *, bold: bool = False) -> int:
    """Lines that greedy word wrapping gives ``text`` in ``width`` inches."""
    lines, current = 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and _text_width(trial, size, bold=bold) > width:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines


def _height(lines: int, size: float) -> float:
    return lines * size * _LINE / 72


def _style(frame: Any, *, size: float, color: tuple[int, int, int], bold: bool) -> None:
    from pptx.util import Pt

    for paragraph in frame.paragraphs:
        # exact spacing, not a multiple of the font's own line height, so that the
        # boxes measured here hold the text whichever font the viewer substitutes
        paragraph.line_spacing = Pt(size * _LINE)
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = _rgb(color)


def _no_margins(frame: Any) -> None:
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.word_wrap = True


def _text_box(
    slide: Slide,
    box: tuple[float, float, float, float],
    text: str,
    *,
    size: float,
    color: tuple[int, int, int] = _INK,
    bold: bool = False,
) -> None:
    from pptx.util import Inches

    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    frame = shape.text_frame
    _no_margins(frame)
    frame.text = text
    _style(frame, size=size, color=color, bold=bold)


def _add_slide(
    slide: Slide, spec: MapSpec, table: pd.DataFrame, classes: Classification, *, panel: PanelFn
) -> None:
    """Title, filters, map, side panel and source line, laid out from their measured text."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    width = SLIDE_SIZE[0] - 2 * _MARGIN
    if spec.notice:
        width -= _add_notice(slide, spec.notice) + _GAP
    size = next((s for s in _TITLE_SIZES if _text_width(spec.title, s, bold=True) <= width), None)
    size = size or _TITLE_SIZES[-1]
    title_h = _height(_line_count(spec.title, width, size, bold=True), size)
    title = slide.shapes.title
    if title is None:  # layout 5 ("Title Only") always has a title placeholder
        raise ValueError("the slide layout has no title placeholder")
    title.left, title.top = Inches(_MARGIN), Inches(_TOP)
    title.width, title.height = Inches(width), Inches(title_h)
    title.text = spec.title
    _no_margins(title.text_frame)
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in title.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
    _style(title.text_frame, size=size, color=_INK, bold=True)
    width = SLIDE_SIZE[0] - 2 * _MARGIN
    sub_top = max(_TOP + title_h, _NOTICE_BOTTOM if spec.notice else 0.0) + 0.08
    sub_h = _height(_line_count(spec.subtitle, width, _SUBTITLE_SIZE), _SUBTITLE_SIZE)
    _text_box(
        slide, (_MARGIN, sub_top, width, sub_h), spec.subtitle, size=_SUBTITLE_SIZE, color=_MUTED
    )

    top = sub_top + sub_h + 0.2
    height = _FOOTER_TOP - 0.1 - top
    _add_map(slide, spec, table, classes, box=(_MARGIN, top, _MAP_WIDTH, height))
    column = (_MARGIN + _MAP_WIDTH + _GAP, top + 0.1, SLIDE_SIZE[0] - _MARGIN)
    if is_empty(table):
        x, y, right = column
        message = t("static_map.empty", spec.lang)
        h = _height(_line_count(message, right - x, 16, bold=True), 16)
        _text_box(slide, (x, y, right - x, h), message, size=16, bold=True)
    else:
        _add_panel(slide, panel(spec, table, classes), column=column)
    _text_box(slide, (_MARGIN, _FOOTER_TOP, width, 0.38), spec.footer, size=10, color=_MUTED)


def _add_notice(slide: Slide, text: str) -> float:
    """Put the "Synthetic demo data" box at the top right; return its width in inches."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    pad = 0.1
    w = _text_width(text, _NOTICE_SIZE, bold=True) + 2 * pad + 0.05
    h = _NOTICE_BOTTOM - _TOP
    shape = slide.shapes.add_textbox(
        Inches(SLIDE_SIZE[0] - _MARGIN - w), Inches(_TOP), Inches(w), Inches(h)
    )
    shape.name = "Synthetic data notice"
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(_NOTICE_FILL)
    shape.line.color.rgb = _rgb(_NOTICE_INK)
    shape.line.width = Inches(0.015)
    frame = shape.text_frame
    _no_margins(frame)
    frame.margin_left = frame.margin_right = Inches(pad)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = False
    frame.text = text
    _style(frame, size=_NOTICE_SIZE, color=_NOTICE_INK, bold=True)
    frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    return w


def _add_map(
    slide: Slide,
    spec: MapSpec,
    table: pd.DataFrame,
    classes: Classification,
    *,
    box: tuple[float, float, float, float],
) -> None:
    from pptx.util import Inches

    left, top, width, height = box
    dpi = _PICTURE_PX_PER_IN * _ZOOM
    fig = map_panel(spec, table, classes, width=width, height=height)
    buffer = io.BytesIO()
    with mpl.rc_context({"font.family": "DejaVu Sans"}):
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    fig.clear()
    buffer.seek(0)
    picture = slide.shapes.add_picture(
        buffer, Inches(left), Inches(top), width=Inches(width), height=Inches(height)
    )
    picture.name = "Map"
    # alternative text for screen readers (python-pptx has no property for it)
    # python-pptx annotates the nvPicPr child as its OneAndOnlyOne descriptor, not the element
    picture._element.nvPicPr.cNvPr.set(  # type: ignore[union-attr]
        "descr", t("deck.alt", spec.lang, title=spec.title, subtitle=spec.subtitle)
    )


def map_panel(
    spec: MapSpec, table: pd.DataFrame, classes: Classification, *, width: float, height: float
) -> Figure:
    """Draw the map picture of a slide that is ``width`` x ``height`` inches on the slide.

    The panel (:func:`geo.export.static_map.render_panel`) is drawn :data:`_ZOOM` times
    smaller at a higher resolution, so its text reads larger once placed.

    Returns
    -------
    matplotlib.figure.Figure
    """
    dpi = _PICTURE_PX_PER_IN * _ZOOM
    return render_panel(spec, table, classes, width=width / _ZOOM, height=height / _ZOOM, dpi=dpi)


def _add_panel(slide: Slide, panel: SidePanel, *, column: tuple[float, float, float]) -> None:
    """Draw ``panel`` in the column ``(left, top, right)`` beside the map."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    x, y, right = column
    width = right - x
    h = _height(_line_count(panel.heading, width, 15, bold=True), 15)
    _text_box(slide, (x, y, width, h), panel.heading, size=15, bold=True)
    y += h + 0.12
    if not panel.rows:
        _text_box(slide, (x, y, width, 0.8), panel.empty, size=12)
        return

    cells = [panel.header, *panel.rows]
    columns = range(len(panel.header))
    pad = 0.08  # cell margin, left and right
    widths = [
        max(_text_width(r[c], _TABLE_SIZE, bold=True) for r in cells) + 2 * pad + 0.05
        for c in columns
    ]
    widths[panel.wide] = width - sum(w for c, w in enumerate(widths) if c != panel.wide)
    heights = [
        _height(
            _line_count(r[panel.wide], widths[panel.wide] - 2 * pad, _TABLE_SIZE, bold=i == 0),
            _TABLE_SIZE,
        )
        + 0.12
        for i, r in enumerate(cells)
    ]
    shape = slide.shapes.add_table(
        len(cells), len(widths), Inches(x), Inches(y), Inches(width), Inches(sum(heights))
    )
    shape.name = panel.name
    grid = shape.table
    for i, w in enumerate(widths):
        grid.columns[i].width = Inches(w)
    for r, values in enumerate(cells):
        grid.rows[r].height = Inches(heights[r])
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = value
            cell.margin_left = cell.margin_right = Inches(pad)
            cell.margin_top = cell.margin_bottom = Inches(0.06)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if c == panel.wide else PP_ALIGN.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(_TABLE_SIZE)
                run.font.bold = r == 0
                run.font.color.rgb = _rgb((0xFF, 0xFF, 0xFF) if r == 0 else _INK)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(_HEADER_FILL if r == 0 else _ROW_FILLS[r % 2])
    y += sum(heights) + 0.15
    for note in panel.notes:
        h = _height(_line_count(note, width, 10), 10)
        _text_box(slide, (x, y, width, h), note, size=10, color=_MUTED)
        y += h + 0.1
