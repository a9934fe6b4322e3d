"""Building blocks of the dashboard's controls: a labelled field, HTML attributes, options.

Every panel that builds controls (:mod:`dashboard.layout_controls`,
:mod:`dashboard.upload_options`, :mod:`dashboard.period`) labels them the same way here.
"""

from __future__ import annotations

from typing import Any

from dash import html

from geo.i18n import LANGS, t
from geo.io.text import fold


def attrs(**names: str) -> dict[str, Any]:
    """Return HTML attributes for a Dash component: ``aria_label="x"`` -> ``{"aria-label": "x"}``.

    Dash takes ``aria-*`` and ``data-*`` attributes as keyword arguments that Python
    cannot spell; this spells them.
    """
    return {key.replace("_", "-"): value for key, value in names.items()}


def field(label_id: str, label: str, control: Any, **data: str) -> html.Div:
    """Wrap a control with its label (``assets/coopatlas_a11y.js`` names the control by it).

    ``data`` become ``data-*`` attributes of the wrapper (e.g. ``thumbs``: the names of
    a range slider's two handles, ``"from|to"``).
    """
    return html.Div(
        [html.Label(label, id=label_id, htmlFor=getattr(control, "id", None)), control],
        className="ca-field",
        **attrs(**{f"data_{key}": value for key, value in data.items()}),
    )


def search_words(*names: str) -> str:
    """Return what a dropdown option is also found by: the names as written and unaccented.

    Dash's dropdown search matches substrings of the label (and of ``search``), case
    blind but accent sensitive: "Peru" would not find "Perú" without the folded form.
    """
    words = dict.fromkeys(w for name in names for w in (*name.lower().split(), *fold(name).split()))
    return " ".join(words)


def options(section: str, keys: tuple[str, ...] | list[str], lang: str) -> list[dict[str, str]]:
    """Return dropdown options labelled with the catalogue's ``section.key`` messages.

    Each option is also found by its name in the other language and without accents
    (typing "Peru" or "Perú" finds Peru in both languages).
    """
    return [
        {
            "label": t(f"{section}.{k}", lang),
            "value": k,
            "search": search_words(*(t(f"{section}.{k}", other) for other in LANGS)),
        }
        for k in keys
    ]


__all__ = ["attrs", "field", "options", "search_words"]
