"""Make exported text safe to open in a spreadsheet.

A CSV or XLSX cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return) is read as a formula by Excel, LibreOffice and Google
Sheets, so an organization called ``=HYPERLINK(...)`` in a registry could run
when a planner opens an export ("CSV injection", OWASP). Every text cell the
exporters write passes through :func:`neutralise_formula` first.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Return ``text`` with a leading apostrophe if a spreadsheet would run it as a formula.

    Parameters
    ----------
    text
        Cell text.

    Returns
    -------
    str
        ``"'" + text`` when ``text`` starts with one of :data:`FORMULA_TRIGGERS`,
        otherwise ``text`` unchanged. The apostrophe is the spreadsheet convention
        for "this is text", so the value stays readable.

    Raises
    ------
    TypeError
        If ``text`` is not a string (numbers are not formulas and must not be
        turned into text).

    Examples
    --------
    >>> neutralise_formula("=1+1")
    "'=1+1"
    >>> neutralise_formula("Cooperativa La Esperanza")
    'Cooperativa La Esperanza'
    """
    if not isinstance(text, str):
        raise TypeError(f"neutralise_formula expects str, got {type(text).__name__}")
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
